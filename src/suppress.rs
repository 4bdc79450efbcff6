//! Applies the user's ignores once the rules have run: the `[[ignore]]` tables of hybridlint.toml
//! and the `# hybridlint: ignore[…]` comments the loaders recorded. A finding either covers is
//! dropped and counted. What is wrong with the ignores themselves comes back as engine hits
//! (`rules::config_checks`): an `[[ignore]]` past its `until` day (it then ignores nothing) or matching
//! nothing; a suppression without a reason (it still applies), naming no known rule, unreadable,
//! or suppressing nothing.

use time::Date;

use crate::config::{Config, PathMatcher, ScopedIgnore};
use crate::evidence::suppression::SYNTAX;
use crate::findings::Finding;
use crate::model::{Location, Model, SourceFile, Suppression};
use crate::rules::config_checks::{self, EngineHit};
use crate::rules::{Hit, Rule, Selection};

/// The findings left, how many were dropped, and what is wrong with the ignores.
#[derive(Debug, Default)]
pub struct Suppressed {
    pub findings: Vec<Finding>,
    pub suppressed: usize,
    /// The findings hidden, each with how and why, for reports that list them (SARIF).
    pub hidden: Vec<crate::findings::SuppressedFinding>,
    pub hits: Vec<EngineHit>,
}

/// Whether `pattern` (a rule id or an area) names the rule `id`.
fn names(pattern: &str, id: &str) -> bool {
    pattern == id || id.split('/').next() == Some(pattern)
}

/// An `[[ignore]]` table ready to match.
struct ConfigIgnore<'a> {
    entry: &'a ScopedIgnore,
    line: u32,
    matcher: PathMatcher,
    expired: bool,
    matched: usize,
}

/// One rule pattern of an inline suppression that names a rule whose findings can be suppressed.
struct InlineRule<'a> {
    file: &'a SourceFile,
    suppression: &'a Suppression,
    pattern: &'a str,
    matched: usize,
}

pub fn apply(
    findings: Vec<Finding>,
    model: &Model,
    config: &Config,
    rules: &[Rule],
    selection: &Selection,
    today: Date,
) -> Suppressed {
    let base = config.base_dir();
    let mut ignores: Vec<ConfigIgnore> = config
        .file
        .scoped_ignores()
        .into_iter()
        .filter_map(|(offset, entry)| {
            Some(ConfigIgnore {
                entry,
                line: config.line_of(offset),
                // Validated when the file was loaded.
                matcher: entry.matcher().ok()?,
                expired: entry.until.is_some_and(|u| u.expired(today)),
                matched: 0,
            })
        })
        .collect();
    let mut out = Suppressed::default();
    let mut inline = Vec::new();
    for file in &model.files {
        for s in &file.suppressions {
            check_suppression(file, s, rules, &mut out.hits, &mut inline);
        }
    }

    // Judged on borrowed findings first, then moved: when nothing is hidden (the usual case)
    // the list is kept as it is, never copied (on a large folder it holds tens of thousands).
    let mut hidden_why = Vec::with_capacity(findings.len());
    // The base folder worked out once for every finding's path (`relative_to` works it out
    // again, asking for the current folder, on every call).
    let relative = (!ignores.is_empty()).then(|| crate::relpath::RelativeTo::new(&base));
    for f in &findings {
        // Only ignores need the relative path.
        let rel = f
            .location
            .as_ref()
            .zip(relative.as_ref())
            .map(|(l, relative)| relative.path(&l.path));
        let mut covered = false;
        let mut why: Option<(crate::findings::SuppressionKind, String)> = None;
        for ig in &mut ignores {
            if names(&ig.entry.rule, &f.rule) && ig.matcher.matches(rel.as_deref()) {
                ig.matched += 1;
                if !ig.expired {
                    covered = true;
                    why.get_or_insert((
                        crate::findings::SuppressionKind::External,
                        ig.entry.reason.trim().to_string(),
                    ));
                }
            }
        }
        if let Some(l) = f.location.as_ref().filter(|l| !l.is_whole_file()) {
            for r in &mut inline {
                if r.file.path == l.path
                    && r.suppression.lines.contains(&l.line)
                    && names(r.pattern, &f.rule)
                {
                    r.matched += 1;
                    covered = true;
                    why.get_or_insert((
                        crate::findings::SuppressionKind::InSource,
                        r.suppression.reason.clone().unwrap_or_default(),
                    ));
                }
            }
        }
        hidden_why.push(covered.then(|| why.unwrap_or_default()));
    }
    if hidden_why.iter().all(Option::is_none) {
        out.findings = findings;
    } else {
        out.findings
            .reserve_exact(hidden_why.iter().filter(|w| w.is_none()).count());
        for (f, why) in findings.into_iter().zip(hidden_why) {
            match why {
                Some((kind, justification)) => {
                    out.suppressed += 1;
                    out.hidden.push(crate::findings::SuppressedFinding {
                        finding: f,
                        kind,
                        justification,
                    });
                }
                None => out.findings.push(f),
            }
        }
    }

    let config_path = config
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| crate::config::FILE_NAME.to_string());
    for ig in &ignores {
        let location = Location::new(&config_path, ig.line, 1, 0);
        let source_line = config.line_text(ig.line).map(String::from);
        let what = describe(ig.entry);
        if let Some(until) = ig.entry.until.filter(|_| ig.expired) {
            let message = format!(
                "{what} expired on {until}, so it ignores nothing now: {} reported again (its reason: \"{}\")",
                plural(ig.matched, "finding is", "findings are"),
                ig.entry.reason.trim()
            );
            out.hits.push(EngineHit {
                check: config_checks::IGNORE_EXPIRED,
                hit: Hit::new(
                    message,
                    Some(location),
                    Some("Fix what it covered; if that must wait, set a later `until` with a reason that still holds.".into()),
                ),
                source_line,
            });
        } else if ig.matched == 0 && names_a_selected_rule(&ig.entry.rule, rules, selection) {
            out.hits.push(EngineHit {
                check: config_checks::IGNORE_UNUSED,
                hit: Hit::new(
                    format!("{what} matched no finding"),
                    Some(location),
                    Some("Remove this [[ignore]] table from hybridlint.toml (or correct its `rule` or `path`).".into()),
                ),
                source_line,
            });
        }
    }
    for r in &inline {
        if r.matched == 0 && names_a_selected_rule(r.pattern, rules, selection) {
            // A comment alone on its line is about the next line, not itself.
            let covered = match r.suppression.lines.as_slice() {
                [_, rest @ ..] if !rest.is_empty() => rest,
                all => all,
            };
            let lines: Vec<String> = covered.iter().map(u32::to_string).collect();
            out.hits.push(inline_hit(
                r.file,
                r.suppression,
                config_checks::SUPPRESSION_UNUSED,
                format!(
                    "`{}` is suppressed here but reports nothing on line {}",
                    r.pattern,
                    lines.join(" or ")
                ),
                format!(
                    "Remove `{}` from the suppression (or the whole comment).",
                    r.pattern
                ),
            ));
        }
    }
    out
}

/// Reports what is wrong with one suppression comment and collects the rules it applies to.
fn check_suppression<'a>(
    file: &'a SourceFile,
    s: &'a Suppression,
    rules: &[Rule],
    hits: &mut Vec<EngineHit>,
    inline: &mut Vec<InlineRule<'a>>,
) {
    if let Some(problem) = &s.problem {
        hits.push(inline_hit(
            file,
            s,
            config_checks::SUPPRESSION_INVALID,
            format!("this comment suppresses nothing: {problem}"),
            format!("Write it as `{SYNTAX}`."),
        ));
        return;
    }
    for pattern in &s.rules {
        let named: Vec<&Rule> = rules.iter().filter(|r| names(pattern, &r.id)).collect();
        if named.is_empty() {
            let hint = closest(pattern, rules)
                .map(|id| format!("; did you mean `{id}`?"))
                .unwrap_or_else(|| " (see `hybridlint rules`)".into());
            hits.push(inline_hit(
                file,
                s,
                config_checks::SUPPRESSION_INVALID,
                format!("`{pattern}` in this suppression names no rule or area{hint}"),
                "Name rule ids or areas as `hybridlint rules` lists them.".into(),
            ));
        } else if named.iter().all(|r| config_checks::is_engine_rule(r)) {
            hits.push(inline_hit(
                file,
                s,
                config_checks::SUPPRESSION_INVALID,
                format!("`{pattern}` reports on ignores and suppressions themselves and cannot be suppressed"),
                format!("Leave it out, or turn it off in hybridlint.toml with `ignore = [\"{pattern}\"]`."),
            ));
        } else {
            inline.push(InlineRule {
                file,
                suppression: s,
                pattern,
                matched: 0,
            });
        }
    }
    if s.reason.is_none() {
        let comment = file
            .lines
            .get((s.location.line as usize).saturating_sub(1))
            .map(|l| {
                l.chars()
                    .skip(s.location.column.saturating_sub(1) as usize)
                    .collect::<String>()
            })
            .unwrap_or_default();
        hits.push(inline_hit(
            file,
            s,
            config_checks::SUPPRESSION_WITHOUT_REASON,
            format!(
                "the suppression of `{}` gives no reason; it applies, but nobody can tell later whether it still should",
                s.rules.join(", ")
            ),
            format!(
                "{} <why this finding is acceptable here>",
                comment.trim_end()
            ),
        ));
    }
}

fn inline_hit(
    file: &SourceFile,
    s: &Suppression,
    check: &'static str,
    message: String,
    fix: String,
) -> EngineHit {
    EngineHit {
        check,
        hit: Hit::new(message, Some(s.location.clone()), Some(fix)),
        source_line: file
            .lines
            .get((s.location.line as usize).saturating_sub(1))
            .map(str::to_string),
    }
}

/// The `[[ignore]]` for messages: "the ignore of `cert` in `legacy/`".
fn describe(entry: &ScopedIgnore) -> String {
    match &entry.path {
        Some(p) => format!("the ignore of `{}` in `{p}`", entry.rule),
        None => format!("the ignore of `{}`", entry.rule),
    }
}

/// Whether `pattern` names a rule that ran and whose findings can be suppressed: only then can
/// "matched nothing" be told apart from "was never given the chance".
fn names_a_selected_rule(pattern: &str, rules: &[Rule], selection: &Selection) -> bool {
    rules.iter().any(|r| {
        names(pattern, &r.id) && selection.includes(r) && !config_checks::is_engine_rule(r)
    })
}

/// The rule id nearest to a mistyped one, if it is near enough to be the one meant.
fn closest<'a>(pattern: &str, rules: &'a [Rule]) -> Option<&'a str> {
    let p: Vec<char> = pattern.chars().collect();
    rules
        .iter()
        .map(|r| {
            let id: Vec<char> = r.id.chars().collect();
            (crate::edit_distance::edit_distance(&p, &id), r.id.as_str())
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, id)| id)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
