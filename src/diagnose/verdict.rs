//! Sorts a symptom's causes by what the evidence says: shown by a finding, ruled out by a step
//! the checklist shows done (or probes that ran clean), or open with the command to run.

use super::{Diagnosis, OpenCause, RuledOutCause, ShownCause, Symptom, SymptomRef};
use crate::checklist::{Checklist, StepStatus, step_of_rule};
use crate::findings::Finding;
use crate::model::Model;

pub fn diagnose(
    symptom: &Symptom,
    matched_by: String,
    findings: &[Finding],
    checklist: &Checklist,
    model: &Model,
) -> Diagnosis {
    let mut d = Diagnosis {
        symptom: SymptomRef {
            id: symptom.id.clone(),
            title: symptom.file.title.clone(),
            seen_as: symptom.file.seen_as.clone(),
        },
        matched_by,
        shown: Vec::new(),
        ruled_out: Vec::new(),
        open: Vec::new(),
    };
    for (i, cause) in symptom.file.causes.iter().enumerate() {
        let shown: Vec<Finding> = findings
            .iter()
            .filter(|f| f.rule == cause.rule)
            .cloned()
            .collect();
        if !shown.is_empty() {
            d.shown.push(ShownCause {
                rank: i + 1,
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                findings: shown,
            });
            continue;
        }
        let step_id = cause
            .step
            .clone()
            .or_else(|| step_of_rule(&cause.rule).map(str::to_string));
        let done = step_id.as_deref().and_then(|id| {
            checklist
                .steps
                .iter()
                .filter(|s| s.id == id || (id == "spn" && s.id.starts_with("spn")))
                .find(|s| s.status == StepStatus::Done)
        });
        let probed = (cause.rule.starts_with("dns/") || cause.rule.starts_with("endpoint/"))
            && !model.probes.is_empty();
        if let Some(step) = done {
            d.ruled_out.push(RuledOutCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                evidence: format!("{}: {}", step.title, step.detail),
                location: step.location.clone(),
            });
        } else if probed {
            d.ruled_out.push(RuledOutCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                evidence: format!(
                    "probes ran ({} DNS, {} HTTPS) and {} found nothing",
                    model.probes.dns.len(),
                    model.probes.endpoints.len(),
                    cause.rule
                ),
                location: None,
            });
        } else {
            d.open.push(OpenCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                command: cause.command.clone(),
                evidence_file: cause.evidence_file.clone(),
            });
        }
    }
    d
}
