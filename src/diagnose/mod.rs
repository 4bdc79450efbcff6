//! Diagnosis from a symptom: the symptom catalogue (`rules/symptoms/*.toml`, data like the
//! rules), matching what a user pasted (or what the evidence shows) to a symptom, and sorting the
//! symptom's causes into shown (a finding proves it), ruled out (the evidence shows that step
//! done) and open (evidence is missing: here is the command to run).

pub mod catalogue;
pub mod matching;
pub mod verdict;
pub mod words;

use serde::Serialize;

use crate::findings::Finding;
use crate::model::Location;

pub use catalogue::{Cause, Symptom};

/// What the rules did with the evidence: which checked it and passed, which did not check it
/// and why (not applicable, or not run), so a cause is ruled out only by a rule that looked
/// (a run's comes from `run_report::Report::checked`).
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub passed: std::collections::BTreeSet<String>,
    pub not_checked: std::collections::BTreeMap<String, String>,
}

/// The answer for one symptom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub symptom: SymptomRef,
    /// Why this symptom was chosen: the text matched, or where the evidence shows it.
    pub matched_by: String,
    /// Causes the evidence shows, most direct first.
    pub shown: Vec<ShownCause>,
    /// Causes the evidence rules out.
    pub ruled_out: Vec<RuledOutCause>,
    /// Causes the evidence can neither show nor rule out.
    pub open: Vec<OpenCause>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SymptomRef {
    pub id: String,
    pub title: String,
    /// The text users see.
    pub seen_as: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownCause {
    /// 1 = explains the symptom most directly.
    pub rank: usize,
    pub rule: String,
    pub why: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuledOutCause {
    pub rule: String,
    pub why: String,
    /// What the evidence shows instead.
    pub evidence: String,
    pub location: Option<Location>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenCause {
    pub rule: String,
    pub why: String,
    /// The exact command to run to get the missing evidence.
    pub command: String,
    /// What to add to the evidence (a transcript of that command, a file).
    pub evidence_file: String,
    /// Why the cause's rule did not check the evidence, when it did not (not applicable, or
    /// not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_checked: Option<String>,
}
