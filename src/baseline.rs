//! Baselines: `--write-baseline FILE` records the current findings; `--baseline FILE` (or
//! `baseline = "FILE"` in hybridlint.toml) hides the findings recorded there, so a run reports
//! and fails only on new ones, and reports each entry that no longer occurs
//! (`config/baseline-outdated`, info).
//!
//! A finding is recorded by fingerprint, never by line number, so edits elsewhere in a file do
//! not break the baseline: a hash of the rule id, the path (relative to the baseline's folder,
//! `/` separators), the finding's source line with runs of whitespace collapsed, and the
//! occurrence index among findings sharing those three (so two identical lines stay two
//! entries). The file is JSON with one entry per line, readable in a review.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::findings::Finding;
pub use crate::fingerprint::{Entry, entries, normalise_snippet};
use crate::model::Location;
use crate::rules::Hit;
use crate::rules::config_checks::{self, EngineHit};

/// The format version written and understood.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid baseline {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write baseline {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A loaded baseline.
#[derive(Debug, Clone)]
pub struct Baseline {
    path: PathBuf,
    entries: Vec<Entry>,
    /// The file's lines, so an outdated entry can be pointed at and shown.
    lines: Vec<String>,
}

/// What is left after the baseline: new findings, how many were hidden, and the outdated entries.
#[derive(Debug, Default)]
pub struct Applied {
    pub findings: Vec<Finding>,
    pub baselined: usize,
    pub hits: Vec<EngineHit>,
}

/// The baseline file's text: JSON with one entry per line.
pub fn render(entries: &[Entry]) -> String {
    let mut s = format!("{{\n  \"version\": {VERSION},\n  \"entries\": [");
    for (i, e) in entries.iter().enumerate() {
        let line = serde_json::to_string(e).unwrap_or_default();
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str(&line);
    }
    s.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    s
}

/// Records `findings` in `path`, and returns the baseline as written.
pub fn write(path: &Path, findings: &[Finding]) -> Result<Baseline, BaselineError> {
    let base = path.parent().unwrap_or(Path::new(""));
    let entries = entries(findings, base);
    let text = render(&entries);
    std::fs::write(path, &text).map_err(|source| BaselineError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Baseline {
        path: path.to_path_buf(),
        entries,
        lines: text.lines().map(String::from).collect(),
    })
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let invalid = |message: String| BaselineError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        if file.version != VERSION {
            return Err(invalid(format!(
                "version {} is not the version this hybridlint reads ({VERSION}); write it again with --write-baseline",
                file.version
            )));
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            entries: file.entries,
            lines: text.lines().map(String::from).collect(),
        })
    }

    /// The file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Hides the findings recorded in the baseline; reports the entries nothing matched.
    pub fn apply(&self, findings: Vec<Finding>) -> Applied {
        let base = self.path.parent().unwrap_or(Path::new(""));
        let current = entries(&findings, base);
        let recorded: HashSet<&str> = self
            .entries
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut out = Applied::default();
        let mut matched: HashSet<&str> = HashSet::new();
        for (f, e) in findings.into_iter().zip(&current) {
            if recorded.contains(e.fingerprint.as_str()) {
                matched.insert(e.fingerprint.as_str());
                out.baselined += 1;
            } else {
                out.findings.push(f);
            }
        }
        let shown = self.path.display().to_string();
        for e in self
            .entries
            .iter()
            .filter(|e| !matched.contains(e.fingerprint.as_str()))
        {
            let line = self
                .lines
                .iter()
                .position(|l| l.contains(&e.fingerprint))
                .map_or(0, |i| i + 1);
            let location = if line == 0 {
                Location::file(&shown)
            } else {
                Location::new(&shown, u32::try_from(line).unwrap_or(u32::MAX), 1, 0)
            };
            let at = if e.path.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", e.path)
            };
            let what = if e.snippet.is_empty() {
                String::new()
            } else {
                format!(" on the line `{}`", shorten(&e.snippet, 60))
            };
            out.hits.push(EngineHit {
                check: config_checks::BASELINE_OUTDATED,
                hit: Hit::new(
                    format!(
                        "the baseline accepts a `{}` finding{at}{what} that no longer occurs (fixed, or changed beyond recognition)",
                        e.rule
                    ),
                    Some(location),
                    Some(format!(
                        "Write the baseline again so it holds only what still occurs: add `--write-baseline {shown}` to the check command.",
                    )),
                ),
                source_line: line
                    .checked_sub(1)
                    .and_then(|i| self.lines.get(i))
                    .cloned(),
            });
        }
        out
    }
}

/// `s` cut to `max` characters, with `…` where it was cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Severity, SourceLine};

    fn f(rule: &str, path: &str, line: u32, src: &str) -> Finding {
        Finding {
            related: Vec::new(),
            subject: None,
            rule: rule.into(),
            severity: Severity::Error,
            message: format!("{rule} at {line}"),
            location: Some(Location::new(path, line, 1, 0)),
            fix: None,
            source_line: Some(SourceLine { text: src.into() }),
        }
    }

    #[test]
    fn fingerprints_ignore_line_numbers_and_spacing_but_count_repeats() {
        let before = entries(
            &[
                f("a/b", "x.ps1", 3, "Set-X  -A 1"),
                f("a/b", "x.ps1", 9, "Set-X -A 1"),
            ],
            Path::new(""),
        );
        let after = entries(
            &[
                f("a/b", "./x.ps1", 13, "\tSet-X -A 1 "),
                f("a/b", "x.ps1", 19, "Set-X -A   1"),
            ],
            Path::new(""),
        );
        assert_eq!(before, {
            let mut a = after.clone();
            for (a, b) in a.iter_mut().zip(&before) {
                a.message = b.message.clone();
            }
            a
        });
        assert_ne!(before[0].fingerprint, before[1].fingerprint);
        assert_eq!(before[1].occurrence, 1);
        let other = entries(&[f("a/c", "x.ps1", 3, "Set-X -A 1")], Path::new(""));
        assert_ne!(other[0].fingerprint, before[0].fingerprint);
    }

    #[test]
    fn paths_are_relative_to_the_baseline() {
        let a = entries(&[f("a/b", "repo/x.ps1", 1, "x")], Path::new("repo"));
        let b = entries(&[f("a/b", "x.ps1", 1, "x")], Path::new(""));
        assert_eq!(a[0].path, "x.ps1");
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
    }

    #[test]
    fn render_is_one_entry_per_line_and_reads_back() {
        let e = entries(
            &[f("a/b", "x.ps1", 1, "x \"q\""), f("a/c", "y.txt", 2, "y")],
            Path::new(""),
        );
        let text = render(&e);
        assert_eq!(text.lines().count(), 7, "{text}");
        let back: BaselineFile = serde_json::from_str(&text).expect("JSON");
        assert_eq!(back.entries, e);
        let empty: BaselineFile = serde_json::from_str(&render(&[])).expect("JSON");
        assert!(empty.entries.is_empty());
    }

    #[test]
    fn apply_hides_recorded_findings_and_reports_outdated_entries() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("baseline.json");
        let old = vec![f("a/b", "x.ps1", 1, "one"), f("a/c", "x.ps1", 2, "two")];
        write(&path, &old).expect("write");
        let baseline = Baseline::load(&path).expect("load");
        assert_eq!(baseline.len(), 2);
        let applied = baseline.apply(vec![
            f("a/b", "x.ps1", 5, "one"),
            f("a/d", "x.ps1", 6, "new"),
        ]);
        assert_eq!(applied.baselined, 1);
        assert_eq!(applied.findings.len(), 1);
        assert_eq!(applied.findings[0].rule, "a/d");
        assert_eq!(applied.hits.len(), 1);
        let hit = &applied.hits[0];
        assert!(hit.hit.message.contains("`a/c`"), "{}", hit.hit.message);
        assert_eq!(hit.hit.location.as_ref().map(|l| l.line), Some(5));
        assert!(
            hit.source_line
                .as_deref()
                .is_some_and(|l| l.contains("a/c"))
        );
    }

    #[test]
    fn a_bad_baseline_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.json");
        std::fs::write(&path, "{\"version\": 9, \"entries\": []}").expect("write");
        assert!(Baseline::load(&path).is_err());
        std::fs::write(&path, "not json").expect("write");
        assert!(Baseline::load(&path).is_err());
        assert!(Baseline::load(&dir.path().join("missing.json")).is_err());
    }
}
