//! The configuration checks (engine checks): what the engine itself reports after the rules have run, about the user's own
//! ignores, inline suppressions and baseline. Each is documented by a rule file under
//! `rules/config/` that names it with `[[check]] kind = "engine"`, so `explain`, severity
//! overrides and `select`/`ignore` work as for any rule. Their findings are never suppressed
//! themselves (an ignore cannot hide what is wrong with ignores); deselect the rule instead.

use super::data_check::CheckSpec;
use super::{Hit, Rule, RuleSettings, Selection, to_finding};
use crate::findings::{Finding, SourceLine};

/// An `[[ignore]]` whose `until` day has passed: it no longer ignores anything.
pub const IGNORE_EXPIRED: &str = "ignore-expired";
/// An `[[ignore]]` that matched no finding.
pub const IGNORE_UNUSED: &str = "ignore-unused";
/// A `# hybridlint: ignore[…]` comment with no reason after the brackets.
pub const SUPPRESSION_WITHOUT_REASON: &str = "suppression-without-reason";
/// A suppression comment that names an unknown rule, or cannot be read.
pub const SUPPRESSION_INVALID: &str = "suppression-invalid";
/// A suppression comment that suppressed nothing.
pub const SUPPRESSION_UNUSED: &str = "suppression-unused";
/// A baseline entry whose finding no longer occurs.
pub const BASELINE_OUTDATED: &str = "baseline-outdated";

/// Every engine check, for rule-file validation.
pub const NAMES: &[&str] = &[
    IGNORE_EXPIRED,
    IGNORE_UNUSED,
    SUPPRESSION_WITHOUT_REASON,
    SUPPRESSION_INVALID,
    SUPPRESSION_UNUSED,
    BASELINE_OUTDATED,
];

/// A hit of an engine check, with the text of the line it points at: the config file and the
/// baseline are not evidence, so the line cannot be looked up in the model.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineHit {
    pub check: &'static str,
    pub hit: Hit,
    pub source_line: Option<String>,
}

/// Whether `rule` reports an engine check (and so is never suppressed).
pub fn is_engine_rule(rule: &Rule) -> bool {
    NAMES.iter().any(|n| uses(rule, n))
}

/// Whether a selected rule reports engine check `name`: work for an unselected check is skipped.
pub fn is_reported(rules: &[Rule], selection: &Selection, name: &str) -> bool {
    rules.iter().any(|r| selection.includes(r) && uses(r, name))
}

/// The findings of engine hits: one per hit for every selected rule reporting its check.
pub fn findings(
    rules: &[Rule],
    selection: &Selection,
    settings: &RuleSettings,
    hits: Vec<EngineHit>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for h in hits {
        for rule in rules
            .iter()
            .filter(|r| selection.includes(r) && uses(r, h.check))
        {
            let source = h.source_line.clone().map(|text| SourceLine { text });
            out.push(to_finding(rule, settings, h.hit.clone(), source));
        }
    }
    out
}

/// Whether `rule` has `[[check]] kind = "engine", name = <name>`.
fn uses(rule: &Rule, name: &str) -> bool {
    rule.file
        .check
        .iter()
        .any(|c| matches!(c, CheckSpec::Engine { name: n } if n == name))
}
