//! Sorts a symptom's causes by what the evidence says: shown by a finding, ruled out by a step
//! the checklist shows done (or probes that ran clean), or open with the command to run.

use super::catalogue::{Cause, TenantQuery};
use super::{Checked, Diagnosis, OpenCause, RuledOutCause, ShownCause, Symptom, SymptomRef};
use crate::checklist::{Checklist, StepStatus, entry_step};
use crate::findings::Finding;
use crate::model::{CmdletGeneration, Model};
use crate::ps_quote::literal;
use crate::snippets::paste;

pub fn diagnose(
    symptom: &Symptom,
    matched_by: String,
    findings: &[Finding],
    checklist: &Checklist,
    model: &Model,
    checked: &Checked,
    cmdlets: CmdletGeneration,
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
    // First the causes findings show, so the rest can be judged knowing them.
    let mut rest = Vec::new();
    for cause in &symptom.file.causes {
        let shown: Vec<Finding> = findings
            .iter()
            .filter(|f| f.rule == cause.rule)
            .cloned()
            .collect();
        if shown.is_empty() {
            rest.push(cause);
        } else {
            d.shown.push(ShownCause {
                rank: d.shown.len() + 1,
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                findings: shown,
            });
        }
    }
    let step_of = |cause: &super::Cause| {
        cause
            .step
            .as_ref()
            .or_else(|| checklist.step_of_rule(&cause.rule))
            .map(|s| s.as_str().to_string())
    };
    // A step done once per subject (`spn:<fqdn>`) is the same step for every subject.
    let same_step = |a: &str, b: &str| entry_step(a) == entry_step(b);
    let shown_steps: Vec<String> = symptom
        .file
        .causes
        .iter()
        .filter(|c| d.shown.iter().any(|s| s.rule == c.rule))
        .filter_map(step_of)
        .collect();
    for cause in rest {
        let step_id = step_of(cause);
        let done = step_id.as_deref().and_then(|id| {
            checklist
                .steps
                .iter()
                .filter(|s| same_step(&s.id, id))
                .find(|s| s.status == StepStatus::Done)
        });
        if let Some(step) = done {
            d.ruled_out.push(RuledOutCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                evidence: format!("{}: {}", step.title, step.detail),
                location: step.location.clone(),
            });
            continue;
        }
        // Another shown cause breaks the same step: that answers it, nothing more to gather.
        if step_id
            .as_deref()
            .is_some_and(|id| shown_steps.iter().any(|s| same_step(s, id)))
        {
            continue;
        }
        // Ruled out only by a rule that applied to this evidence, checked it and passed.
        let passed = checked
            .passed
            .contains(&cause.rule)
            .then(|| checked_evidence(&cause.rule, model))
            .flatten();
        match passed {
            Some((evidence, location)) => d.ruled_out.push(RuledOutCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                evidence: format!("checked and passed: {evidence}"),
                location,
            }),
            None => d.open.push(OpenCause {
                rule: cause.rule.clone(),
                why: cause.why.clone(),
                command: command(cause, model, cmdlets),
                evidence_file: cause.evidence_file.clone(),
                not_checked: checked.not_checked.get(&cause.rule).cloned(),
            }),
        }
    }
    d
}

/// The command that gathers a cause's missing evidence: the tenant query in the cmdlets asked
/// for, or the cause's command with the facts the evidence gives in its placeholders.
fn command(cause: &Cause, model: &Model, cmdlets: CmdletGeneration) -> String {
    match (&cause.show, &cause.app, &cause.command) {
        (Some(TenantQuery::Credentials), Some(app), _) => paste::show_credentials(cmdlets, app),
        (Some(TenantQuery::Principal), Some(app), _) => paste::show_principal(cmdlets, app),
        (_, _, Some(command)) => fill(command, model),
        _ => String::new(),
    }
}

/// Puts the facts the evidence gives into a command's placeholders, each a single-quoted
/// literal: the evidence names them, and someone else may have written the evidence.
fn fill(command: &str, model: &Model) -> String {
    let mut out = command.to_string();
    for (placeholder, fact) in [
        ("<sip domain>", "sip-domain"),
        ("<external web services FQDN>", "web-fqdn"),
        ("<tenant id>", "tenant-id"),
    ] {
        if let Ok(Some(value)) = model.best_known(fact) {
            out = out.replace(placeholder, &literal(&value));
        }
    }
    out
}

/// The evidence a rule examined and found nothing wrong in, when the evidence holds what it
/// examines (a rule that had nothing to look at rules nothing out).
fn checked_evidence(rule: &str, model: &Model) -> Option<(String, Option<crate::model::Location>)> {
    let area = rule.split('/').next().unwrap_or("");
    let cfg = &model.configuration;
    if rule.starts_with("tenant/credential-") {
        let c = cfg
            .service_principals
            .iter()
            .flat_map(|sp| sp.credentials.iter())
            .find(|c| c.outcome != crate::model::Outcome::Failed)?;
        return Some((
            format!(
                "{rule} found nothing wrong with the credential ({})",
                c.cmdlet
            ),
            Some(c.location.clone()),
        ));
    }
    match area {
        "cert" => {
            let c = model.certificates.iter().find(|c| !c.is_ca)?;
            Some((
                format!(
                    "{rule} found nothing wrong with certificate {} (valid {} to {})",
                    c.thumbprint,
                    c.not_before.date(),
                    c.not_after.date()
                ),
                Some(c.location.clone()),
            ))
        }
        "dns" | "endpoint" => (!model.probes.is_empty()).then(|| {
            (
                format!(
                    "probes ran ({} DNS, {} HTTPS) and {rule} found nothing",
                    model.probes.dns.len(),
                    model.probes.endpoints.len()
                ),
                None,
            )
        }),
        "guid" => (!model.commands.is_empty()).then(|| {
            (
                format!(
                    "{rule} checked every id typed in the evidence's {} commands",
                    model.commands.len()
                ),
                None,
            )
        }),
        "oauth" => cfg.coverage.on_premises.then(|| {
            (
                format!("{rule} found nothing in the on-premises OAuth commands of the evidence"),
                None,
            )
        }),
        "tenant" => cfg.coverage.tenant.then(|| {
            (
                format!("{rule} found nothing in the tenant commands of the evidence"),
                None,
            )
        }),
        _ => None,
    }
}
