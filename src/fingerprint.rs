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
    let mut out = String::with_capacity(line.len());
    if line.is_ascii() {
        // Every finding's line is normalised: bytes, without the collected list of words.
        // `char::is_whitespace` on ASCII is these six (`u8::is_ascii_whitespace` leaves out
        // the vertical tab).
        let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        let bytes = line.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if is_space(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && !is_space(bytes[at]) {
                at += 1;
            }
            if let Some(word) = line.get(start..at) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        return out;
    }
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn fingerprint(rule: &str, path: &str, snippet: &str, occurrence: usize) -> String {
    let mut h = Sha1::new();
    // NUL separators: no field can run into the next one and collide.
    for part in ["hybridlint-baseline/v1", rule, path, snippet] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.update(occurrence.to_string().as_bytes());
    crate::digest_text::lower(&h.finalize())
}

/// The entries for `findings` (in report order), paths relative to `base`.
pub fn entries(findings: &[Finding], base: &Path) -> Vec<Entry> {
    each_entry(findings, base).collect()
}

/// The entries for `findings` one at a time, in report order: a report writes each as it goes
/// instead of holding them all.
pub fn each_entry<'a>(findings: &'a [Finding], base: &'a Path) -> Entries<'a> {
    let mut entries = Entries {
        findings: findings.iter(),
        base: crate::relpath::RelativeTo::new(base),
        seen: HashMap::default(),
        relative: HashMap::default(),
        by_path: false,
        current: None,
    };
    // A run of findings per path: their first paths, in order.
    let mut runs: Vec<Rc<str>> = Vec::new();
    for f in findings {
        let path = entries.path_of(f);
        if runs.last() != Some(&path) {
            runs.push(path);
        }
    }
    let count = runs.len();
    runs.sort_unstable();
    runs.dedup();
    entries.by_path = runs.len() == count;
    entries
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
    /// Whether each path's findings come one after another (a report's are sorted by path): then
    /// `seen` holds only the current path's keys, where keeping every finding's snippet to the
    /// end was 3 MB of a failing transcript folder's peak (issue #14).
    by_path: bool,
    /// The path of the last finding taken.
    current: Option<Rc<str>>,
}

impl<'a> Entries<'a> {
    /// The next finding with its relative path, normalised snippet and occurrence index.
    fn next_keyed(&mut self) -> Option<(&'a Finding, Rc<str>, String, usize)> {
        let f = self.findings.next()?;
        let path = self.path_of(f);
        if self.current.as_ref() != Some(&path) {
            // No finding of the last path comes later: its counts are done with.
            if self.by_path {
                self.seen.clear();
            }
            self.current = Some(path.clone());
        }
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
        Some((f, path, snippet, occurrence))
    }

    /// The path of `f`'s file relative to the base, `""` when it has no location.
    fn path_of(&mut self, f: &'a Finding) -> Rc<str> {
        match &f.location {
            Some(l) => {
                let base = &self.base;
                self.relative
                    .entry(l.path.as_str())
                    .or_insert_with(|| base.path(&l.path).into())
                    .clone()
            }
            None => Rc::from(""),
        }
    }

    /// The fingerprints alone, in report order (what a report prints: no copy of each finding's
    /// rule, path and message).
    pub fn fingerprints(mut self) -> impl Iterator<Item = String> + 'a {
        std::iter::from_fn(move || {
            let (f, path, snippet, occurrence) = self.next_keyed()?;
            Some(fingerprint(&f.rule, &path, &snippet, occurrence))
        })
    }
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let (f, path, snippet, occurrence) = self.next_keyed()?;
        Some(Entry {
            fingerprint: fingerprint(&f.rule, &path, &snippet, occurrence),
            rule: f.rule.to_string(),
            path: path.to_string(),
            occurrence,
            snippet,
            message: f.message.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_alone_are_the_entries_fingerprints() {
        use crate::findings::{Severity, SourceLine};
        use crate::model::Location;
        let finding = |rule: &str, path: Option<&str>, line: Option<&str>| Finding {
            rule: rule.into(),
            severity: Severity::Error,
            message: "m".into(),
            location: path.map(|p| Location::new(p, 3, 1, 2)),
            fix: None,
            source_line: line.map(|t| SourceLine { text: t.into() }),
            related: Vec::new(),
            subject: None,
        };
        // Repeats (occurrences 0, 1, 2), another rule, another path, no line, no location.
        let findings = vec![
            finding("a/b", Some("/x/t.txt"), Some("  Set-X  -Y 1")),
            finding("a/b", Some("/x/t.txt"), Some("Set-X -Y   1")),
            finding("a/b", Some("/x/t.txt"), Some("Set-X -Y 1 ")),
            finding("a/c", Some("/x/t.txt"), Some("Set-X -Y 1")),
            finding("a/b", Some("/x/u.txt"), Some("Set-X -Y 1")),
            finding("a/b", Some("/x/u.txt"), None),
            finding("a/b", None, None),
        ];
        let base = Path::new("/x");
        let alone: Vec<String> = each_entry(&findings, base).fingerprints().collect();
        let from_entries: Vec<String> = entries(&findings, base)
            .into_iter()
            .map(|e| e.fingerprint)
            .collect();
        assert_eq!(alone, from_entries);
        let occurrences: Vec<usize> = entries(&findings, base)
            .iter()
            .map(|e| e.occurrence)
            .collect();
        assert_eq!(occurrences, [0, 1, 2, 0, 0, 0, 0]);
    }

    /// Occurrences count every earlier finding with the same rule, path and line, whether each
    /// path's findings come together (counts dropped at each new path) or not.
    #[test]
    fn occurrences_count_across_interleaved_paths() {
        use crate::findings::{Severity, SourceLine};
        use crate::model::Location;
        let finding = |path: &str| Finding {
            rule: "a/b".into(),
            severity: Severity::Error,
            message: "m".into(),
            location: Some(Location::new(path, 3, 1, 2)),
            fix: None,
            source_line: Some(SourceLine {
                text: "Set-X".into(),
            }),
            related: Vec::new(),
            subject: None,
        };
        let occurrences = |paths: &[&str]| -> Vec<usize> {
            let findings: Vec<Finding> = paths.iter().map(|p| finding(p)).collect();
            entries(&findings, Path::new("/x"))
                .iter()
                .map(|e| e.occurrence)
                .collect()
        };
        let (t, u) = ("/x/t.txt", "/x/u.txt");
        assert_eq!(occurrences(&[t, t, u, u, u]), [0, 1, 0, 1, 2]);
        assert_eq!(occurrences(&[t, u, t, u, t]), [0, 0, 1, 1, 2]);
        assert_eq!(occurrences(&[u, u, t, u]), [0, 1, 0, 2]);
    }

    #[test]
    fn snippets_are_normalised_as_splitting_on_whitespace_does() {
        let by_words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let pieces = [
            "a", "Bc", " ", "  ", "\t", "\n", "\x0B", "\x0C", "\r", "\x1C", "\x1F", "\u{85}",
            "\u{A0}", "é", "\u{3000}", "",
        ];
        let mut lines = vec![String::new()];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    lines.push(format!("{a}{b}x{c}{a}"));
                }
            }
        }
        lines.push(
            "  Set-CsOAuthConfiguration   -ServiceName\t00000004-0000-0ff1-ce00-000000000000 "
                .into(),
        );
        for line in &lines {
            assert_eq!(normalise_snippet(line), by_words(line), "{line:?}");
        }
    }
}
