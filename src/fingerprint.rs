//! A finding's fingerprint, stable across edits elsewhere in its file: a hash of the rule id, the
//! path (relative to a base folder, `/` separators), the finding's source line with runs of
//! whitespace collapsed, and the occurrence index among findings sharing those three (so two
//! identical lines stay two entries). Baselines record findings by it (`baseline`) and the JSON
//! and GitLab reports print it, so it lives beside the findings, below both.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::path::Path;
use std::rc::Rc;

/// A fast hash for the maps of one report's findings (keys are the run's own, not an attacker's).
type FastHash = foldhash::fast::FixedState;

use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::findings::Finding;

/// One recorded finding. Only `fingerprint` is compared; the rest says what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub occurrence: usize,
    pub snippet: String,
    /// The message when it was recorded (for people; not compared, as messages can hold dates).
    #[serde(default)]
    pub message: String,
}

/// A source line as fingerprinted: runs of whitespace collapsed to one space, ends trimmed.
pub fn normalise_snippet(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fingerprint(rule: &str, path: &str, snippet: &str, occurrence: usize) -> String {
    let mut h = Sha1::new();
    // NUL separators: no field can run into the next one and collide.
    for part in ["hybridlint-baseline/v1", rule, path, snippet] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.update(occurrence.to_string().as_bytes());
    hex::encode(h.finalize())
}

/// The entries for `findings` (in report order), paths relative to `base`.
pub fn entries(findings: &[Finding], base: &Path) -> Vec<Entry> {
    each_entry(findings, base).collect()
}

/// The entries for `findings` one at a time, in report order: a report writes each as it goes
/// instead of holding them all.
pub fn each_entry<'a>(findings: &'a [Finding], base: &'a Path) -> Entries<'a> {
    Entries {
        findings: findings.iter(),
        base: crate::relpath::RelativeTo::new(base),
        seen: HashMap::default(),
        relative: HashMap::default(),
    }
}

/// See `each_entry`.
pub struct Entries<'a> {
    findings: std::slice::Iter<'a, Finding>,
    /// The base folder, worked out once for every path.
    base: crate::relpath::RelativeTo,
    /// How many findings of the same rule, path and snippet came before: by key, since a run
    /// with tens of thousands of findings made a scan per finding the slowest part of reporting.
    seen: HashMap<(&'a str, Rc<str>, String), usize, FastHash>,
    /// Each file's relative path once (working it out asks the system for the current folder).
    relative: HashMap<&'a str, Rc<str>, FastHash>,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let f = self.findings.next()?;
        let path: Rc<str> = match &f.location {
            Some(l) => {
                let base = &self.base;
                self.relative
                    .entry(l.path.as_str())
                    .or_insert_with(|| base.path(&l.path).into())
                    .clone()
            }
            None => Rc::from(""),
        };
        let snippet = f
            .source_line
            .as_ref()
            .map(|s| normalise_snippet(&s.text))
            .unwrap_or_default();
        let occurrence = match self
            .seen
            .entry((f.rule.as_str(), path.clone(), snippet.clone()))
        {
            Slot::Occupied(mut e) => {
                *e.get_mut() += 1;
                *e.get()
            }
            Slot::Vacant(e) => *e.insert(0),
        };
        Some(Entry {
            fingerprint: fingerprint(&f.rule, &path, &snippet, occurrence),
            rule: f.rule.clone(),
            path: path.to_string(),
            occurrence,
            snippet,
            message: f.message.clone(),
        })
    }
}
