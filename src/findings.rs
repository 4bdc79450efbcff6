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
    pub rule: String,
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
