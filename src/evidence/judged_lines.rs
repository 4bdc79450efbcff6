//! Which lines of a file judging reads, so `check` can hold only those once the file is read and
//! read the rest again for findings' snippets (issue #14: the text of a large evidence folder is
//! as big as the folder). Parsing never judges: the line patterns are given as data.

use std::sync::OnceLock;

use regex::RegexSet;

use crate::cmdlets::{self, FactKind};
use crate::model::{Command, Model, SourceText};

/// The patterns of the rules' `line-pattern` checks, which read every line of a file: the lines
/// any of them matches are held.
#[derive(Debug, Clone)]
pub struct LineWatch {
    patterns: Vec<String>,
    /// Compiled when the first file whose lines could be held is read, not before: a run over
    /// certificates alone never needs them, and compiling them was a third of its start-up
    /// (3 million instructions of 12).
    compiled: OnceLock<Option<RegexSet>>,
}

impl LineWatch {
    /// A watch for these patterns, compiled on first use (`compiled`).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> LineWatch {
        LineWatch {
            patterns: patterns.into_iter().map(str::to_string).collect(),
            compiled: OnceLock::new(),
        }
    }

    /// The patterns as one set, as each check compiles its own (`regex::Regex`): a pattern that
    /// does not compile matches nothing there and is left out here. `None` when the set cannot
    /// be built (over the regex size limit together): the caller then holds every line.
    pub fn compiled(&self) -> Option<&RegexSet> {
        self.compiled
            .get_or_init(|| {
                let valid = (self.patterns.iter()).filter(|p| regex::Regex::new(p).is_ok());
                RegexSet::new(valid).ok()
            })
            .as_ref()
    }
}

/// The 0-based numbers of the lines of `model.files[file]` (whose text is `text`) that judging
/// reads, ascending and without repeats:
/// - lines a watched pattern matches (`line-pattern` checks);
/// - lines of the commands that read, write or load a certificate file, and of method calls and
///   assignments: `cert/path-mismatch` quotes the line that loads a certificate in its fix;
/// - lines of inline suppressions (a suppression without a reason is quoted in the fix);
/// - lines whose secrets were blanked: reading the file again would give them unblanked.
///
/// Other commands' lines and error records' lines are not held, though most findings point at
/// them: a file with such findings is read again once for all of them, and holding a failing
/// transcript folder's command and error lines was 7 MB of a 50 MB folder's 130 MB peak.
pub fn judged_lines(
    model: &Model,
    file: usize,
    text: &SourceText,
    patterns: &RegexSet,
) -> Vec<u32> {
    // One flag per line rather than a list to sort: statements come in order, but the kinds
    // below interleave, and sorting every command's line cost more than the flags.
    let mut held = vec![false; text.len()];
    let mut at = |line: u32| {
        if let Some(flag) = line.checked_sub(1).and_then(|n| held.get_mut(n as usize)) {
            *flag = true;
        }
    };
    for c in model
        .commands
        .iter()
        .filter(|c| c.file == file && handles_certificate_file(c))
    {
        // Their facts are placed at the command's own line.
        at(c.location.line);
    }
    for m in model.method_calls.iter().filter(|m| m.file == file) {
        at(m.location.line);
        for v in &m.arguments {
            at(v.location.line);
        }
    }
    for a in model.assignments.iter().filter(|a| a.file == file) {
        at(a.location.line);
        at(a.value.location.line);
    }
    if let Some(f) = model.files.get(file) {
        for s in &f.suppressions {
            at(s.location.line);
        }
    }
    for s in model.secrets.iter().filter(|s| s.file == file) {
        at(s.location.line);
    }
    for (flag, line) in held.iter_mut().zip(text.iter()) {
        if !*flag && patterns.is_match(line) {
            *flag = true;
        }
    }
    // Cannot truncate: a file's lines are counted in `u32` (`SourceText`).
    (0..held.len() as u32)
        .filter(|&n| held[n as usize])
        .collect()
}

/// Whether the catalogue says `c` reads, writes or loads a certificate file: the facts such a
/// command gives are what `cert/path-mismatch` corrects by quoting the command's line.
fn handles_certificate_file(c: &Command) -> bool {
    cmdlets::lookup(&c.name).is_some_and(|entry| {
        entry.facts.iter().any(|k| {
            matches!(
                k,
                FactKind::CertificateImport
                    | FactKind::CertificateTextRead
                    | FactKind::CertificateExport
                    | FactKind::CertificateEncoding
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_that_does_not_compile_is_left_out() {
        let watch = LineWatch::new(["(unclosed", "^ok$"]);
        let patterns = watch.compiled().expect("one valid pattern");
        let text = SourceText::from_lines(&["no", "ok", "(unclosed"]);
        let model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        assert_eq!(judged_lines(&model, 0, &text, patterns), [1]);
    }
}
