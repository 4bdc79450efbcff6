//! Findings: what rules produce and reporters print. A run's whole report (findings with the
//! checklist, the diagnoses and the run's facts) is assembled above this, in `run_report`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::Location;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// The line a finding points at, copied from the evidence so reporters never read files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLine {
    pub text: String,
}

/// Another place a finding is about, beside its main location: the error record of a failed
/// command, the line that set a value the finding's line uses, the other server's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub location: Location,
    /// What that place is, in a few words (`the error record`, `the list is set here`).
    pub message: String,
    /// The evidence line at `location`, when it is a line in a text file.
    #[serde(skip)]
    pub source_line: Option<SourceLine>,
}

/// One violation, with everything a reporter needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's id, shared with the rule ([`crate::model::shared_text`]): a failing corpus has
    /// tens of thousands of findings of one rule.
    pub rule: crate::model::SharedText,
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    pub fix: Option<String>,
    /// The evidence line at `location`, when the location is a line in a text file.
    #[serde(skip)]
    pub source_line: Option<SourceLine>,
    /// Other places the finding is about (SARIF `relatedLocations`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// What the finding is about when a step has several of its kind: the FQDN of an SPN, set
    /// by the rule, so the checklist files it under that pool's step without reading the message.
    #[serde(skip)]
    pub subject: Option<String>,
}

impl Finding {
    /// Sort key: path, line, column, rule, message (messages break ties so output is deterministic).
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        let (path, line, column) = match &self.location {
            Some(l) => (l.path.as_str(), l.line, l.column),
            None => ("", 0, 0),
        };
        (path, line, column, &self.rule, &self.message)
    }

    /// The order of [`Finding::sort_key`], with the paths' texts compared only when the paths
    /// differ: sorting a run's findings compares mostly findings of one file, and its path's text
    /// was looked up and compared with itself each time.
    pub fn cmp_by_key(&self, other: &Finding) -> std::cmp::Ordering {
        let same_path = match (&self.location, &other.location) {
            (Some(a), Some(b)) => a.path == b.path,
            (None, None) => true,
            _ => false,
        };
        if !same_path {
            return self.sort_key().cmp(&other.sort_key());
        }
        fn rest(f: &Finding) -> (u32, u32, &str, &str) {
            let (line, column) = f.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            (line, column, &f.rule, &f.message)
        }
        rest(self).cmp(&rest(other))
    }
}

/// Sorts findings by [`Finding::sort_key`], findings with equal keys keeping their order (as a
/// stable sort would), then removes repeats that end up side by side.
///
/// A stable sort of tens of thousands of findings made a scratch copy of them all at the run's
/// peak (issue #14); this sorts their positions instead and moves each finding once.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    sort_stably_in_place(findings, Finding::cmp_by_key);
    findings.dedup();
}

/// The order `slice::sort_by` gives, without its scratch copy of the items: their positions are
/// sorted (ties broken by position) and each item is then moved once.
fn sort_stably_in_place<T>(items: &mut [T], compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| compare(&items[a], &items[b]).then(a.cmp(&b)));
    place(items, &mut order);
}

/// Moves `items[order[i]]` to position `i` for every `i`, in place, following each cycle of the
/// permutation; `order` is left as the identity.
fn place<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// How a finding was hidden: an inline comment in the evidence, or an `[[ignore]]` table in the
/// config (SARIF's `inSource` and `external`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SuppressionKind {
    #[default]
    InSource,
    External,
}

/// A finding an ignore or an inline suppression hid, with the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedFinding {
    pub finding: Finding,
    pub kind: SuppressionKind,
    pub justification: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Equal keys keep their order, as `sort_by` (stable) keeps them.
        #[test]
        fn sorting_in_place_gives_the_stable_order(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|a| a.0);
            let mut sorted = items;
            sort_stably_in_place(&mut sorted, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(sorted, expected);
        }

        /// The comparison that skips equal paths' texts orders as the sort key does, paths
        /// named in any order (their numbers do not follow their texts), and whole-file and
        /// location-less findings among them.
        #[test]
        fn comparing_by_key_is_the_sort_keys_order(
            shapes in proptest::collection::vec((0usize..4, 0u32..3, 0u32..2, 0usize..2, 0usize..2), 2..40)
        ) {
            const PATHS: [&str; 3] = ["findings_cmp/z.txt", "findings_cmp/a.txt", "findings_cmp/m.txt"];
            let findings: Vec<Finding> = shapes
                .into_iter()
                .map(|(path, line, column, rule, message)| Finding {
                    rule: ["b/rule", "a/rule"][rule].into(),
                    severity: Severity::Warning,
                    message: ["second", "first"][message].to_string(),
                    location: PATHS.get(path).map(|p| crate::model::Location::new(*p, line, column, 1)),
                    fix: None,
                    source_line: None,
                    related: Vec::new(),
                    subject: None,
                })
                .collect();
            for a in &findings {
                for b in &findings {
                    prop_assert_eq!(a.cmp_by_key(b), a.sort_key().cmp(&b.sort_key()));
                }
            }
        }
    }
}
