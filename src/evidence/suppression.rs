//! Inline suppressions: `# hybridlint: ignore[rule-id, …] reason` comments in scripts and
//! transcripts. The loaders hand every comment they meet to a `Collector`, which keeps those
//! addressed to hybridlint (well-formed or not) for the file's `SourceFile::suppressions`.
//! Nothing is judged here: `crate::suppress` applies them after the rules have run, and reports
//! a missing reason, an unknown rule or a malformed comment.

use crate::model::{Location, Suppression};

/// What one comment says, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub problem: Option<String>,
}

/// The form a suppression takes, for messages.
pub const SYNTAX: &str = "# hybridlint: ignore[rule-id, …] reason";

/// Reads one comment (`#` included). `None` when the comment is not addressed to hybridlint.
pub fn parse_directive(comment: &str) -> Option<Directive> {
    let body = comment.trim_start_matches('#').trim_start();
    let head = body.get(..10)?;
    if !head.eq_ignore_ascii_case("hybridlint") {
        return None;
    }
    let rest = &body[10..];
    let malformed = |problem: String| Directive {
        rules: Vec::new(),
        reason: None,
        problem: Some(problem),
    };
    let Some(after_colon) = rest.trim_start().strip_prefix(':') else {
        // `# hybridlint ignore[…]` or `# hybridlint-ignore[…]`: meant as a suppression, so say
        // why it does nothing rather than letting it pass silently.
        let word = rest.trim_start_matches(['-', ' ', '\t']);
        if word.len() >= 6 && word[..6].eq_ignore_ascii_case("ignore") {
            return Some(malformed(format!(
                "a suppression needs a colon after `hybridlint`: `{SYNTAX}`"
            )));
        }
        return None;
    };
    let directive = after_colon.trim_start();
    let word_end = directive
        .find(|c: char| c == '[' || c.is_whitespace())
        .unwrap_or(directive.len());
    let word = &directive[..word_end];
    if !word.eq_ignore_ascii_case("ignore") {
        return Some(malformed(format!(
            "unknown directive `{word}`; the only one is `{SYNTAX}`"
        )));
    }
    let Some(list) = directive[word_end..].trim_start().strip_prefix('[') else {
        return Some(malformed(format!(
            "`ignore` needs the rules in brackets: `{SYNTAX}`"
        )));
    };
    let Some(close) = list.find(']') else {
        return Some(malformed(format!(
            "the rule list has no closing `]`: `{SYNTAX}`"
        )));
    };
    let rules: Vec<String> = list[..close]
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect();
    if rules.is_empty() {
        return Some(malformed(format!("the brackets name no rule: `{SYNTAX}`")));
    }
    // A separator between the list and the reason (`] -- reason`, `]: reason`) is not the reason.
    let reason = list[close + 1..]
        .trim()
        .trim_start_matches(['-', ':', '–', '—'])
        .trim();
    let reason = reason
        .chars()
        .any(char::is_alphanumeric)
        .then(|| reason.to_string());
    Some(Directive {
        rules,
        reason,
        problem: None,
    })
}

/// Gathers a file's suppressions while its loader walks the comments.
#[derive(Debug, Default)]
pub struct Collector {
    /// Each suppression, and whether its comment stands alone on its line.
    found: Vec<(Suppression, bool)>,
}

impl Collector {
    /// One comment at 0-based `line` and char `column`; `own_line` when nothing but blanks (or a
    /// transcript prompt) precedes it on its line.
    pub fn comment(&mut self, path: &str, line: usize, column: usize, text: &str, own_line: bool) {
        let Some(d) = parse_directive(text) else {
            return;
        };
        let line = u32::try_from(line + 1).unwrap_or(u32::MAX);
        let location = Location::new(
            path,
            line,
            u32::try_from(column + 1).unwrap_or(u32::MAX),
            u32::try_from(text.trim_end().chars().count()).unwrap_or(0),
        );
        self.found.push((
            Suppression {
                location,
                rules: d.rules,
                reason: d.reason,
                lines: vec![line],
                problem: d.problem,
            },
            own_line,
        ));
    }

    /// The suppressions in line order. A comment alone on its line also covers the next line
    /// that is neither blank nor another suppression comment alone on its line, so several
    /// suppressions can be stacked above one statement.
    pub fn finish(self, lines: &[&str]) -> Vec<Suppression> {
        let standalone: Vec<u32> = self
            .found
            .iter()
            .filter(|(_, own)| *own)
            .map(|(s, _)| s.location.line)
            .collect();
        let mut out: Vec<Suppression> = self
            .found
            .into_iter()
            .map(|(mut s, own)| {
                if own {
                    let next = lines
                        .iter()
                        .enumerate()
                        .skip(s.location.line as usize)
                        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l))
                        .find(|(n, l)| !l.trim().is_empty() && !standalone.contains(n));
                    if let Some((n, _)) = next {
                        s.lines.push(n);
                    }
                }
                s
            })
            .collect();
        out.sort_by_key(|s| (s.location.line, s.location.column));
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Directive {
        parse_directive(s).unwrap_or_else(|| panic!("`{s}` not recognised"))
    }

    #[test]
    fn well_formed() {
        let x = d("# hybridlint: ignore[cert/der-encoded, guid] the CA only issues DER");
        assert_eq!(x.rules, ["cert/der-encoded", "guid"]);
        assert_eq!(x.reason.as_deref(), Some("the CA only issues DER"));
        assert_eq!(x.problem, None);
        let y = d("#HybridLint:IGNORE[tenant/spn-missing] -- tracked in CHG-42");
        assert_eq!(y.rules, ["tenant/spn-missing"]);
        assert_eq!(y.reason.as_deref(), Some("tracked in CHG-42"));
    }

    #[test]
    fn reason_missing() {
        for s in [
            "# hybridlint: ignore[a/b]",
            "# hybridlint: ignore[a/b]   ",
            "# hybridlint: ignore[a/b] --",
        ] {
            assert_eq!(d(s).reason, None, "{s}");
            assert_eq!(d(s).problem, None, "{s}");
        }
    }

    #[test]
    fn malformed_comments_are_kept_with_a_problem() {
        for s in [
            "# hybridlint: ignore a/b reason",
            "# hybridlint: ignore[a/b reason",
            "# hybridlint: ignore[] reason",
            "# hybridlint: disable[a/b] reason",
            "# hybridlint ignore[a/b] reason",
            "# hybridlint-ignore[a/b] reason",
        ] {
            let x = d(s);
            assert!(x.problem.is_some(), "{s}");
            assert!(x.rules.is_empty(), "{s}");
        }
    }

    #[test]
    fn other_comments_are_not_ours() {
        for s in [
            "# configure OAuth",
            "# hybridlint is run in CI",
            "#",
            "# hybrid",
        ] {
            assert_eq!(parse_directive(s), None, "{s}");
        }
    }

    #[test]
    fn own_line_comments_cover_the_next_statement() {
        let lines = [
            "# hybridlint: ignore[a/b] one",
            "",
            "# hybridlint: ignore[c/d] two",
            "Set-X -A 1 # hybridlint: ignore[e/f] three",
            "Set-Y",
        ];
        let mut c = Collector::default();
        c.comment("x.ps1", 0, 0, lines[0], true);
        c.comment("x.ps1", 2, 0, lines[2], true);
        c.comment("x.ps1", 3, 11, "# hybridlint: ignore[e/f] three", false);
        let s = c.finish(&lines);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].lines, [1, 4]);
        assert_eq!(s[1].lines, [3, 4]);
        assert_eq!(s[2].lines, [4]);
        assert_eq!(s[2].location, Location::new("x.ps1", 4, 12, 31));
    }
}
