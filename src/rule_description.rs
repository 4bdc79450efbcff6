//! What reporters know of a rule: its documentation (name, severity, summary, explanation, fix,
//! references), not its checks. The rule catalogue builds one per rule (`rules::Rule::description`)
//! and hands them over with the report, so reporters never see the rule engine.

use crate::findings::Severity;

/// One rule as reports describe it (SARIF's rule descriptors, the human report's labels, the HTML
/// report's "why" lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDescription {
    /// `tenant/spn-missing`: the rule file's path under `rules/`, without `.toml`.
    pub id: String,
    /// A name a newcomer understands (`ExchangeCredentialMissing`).
    pub name: String,
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: String,
    /// What breaks, and which symptom a user sees.
    pub explanation: String,
    /// How to fix it, in general (each finding carries its own paste-ready fix).
    pub fix: String,
    /// Where the facts come from.
    pub references: Vec<String>,
}

impl RuleDescription {
    /// The area is the part of the id before `/` (`tenant`, `cert`, …).
    pub fn area(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }
}
