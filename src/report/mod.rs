//! Reporters: turn findings into human, JSON, SARIF, JUnit, GitHub Actions or HTML output. They see
//! only the report (findings, checklist, diagnoses) and the rule catalogue's documentation, never
//! the evidence.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod sections;

use crate::findings::Report;
use crate::rules::Rule;

/// Everything a reporter may use.
pub struct ReportInput<'a> {
    pub report: &'a Report,
    pub rules: &'a [Rule],
    /// Whether to colour the output (a terminal, and NO_COLOR not set).
    pub color: bool,
}
