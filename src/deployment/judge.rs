//! Each deployment judged on its own: its files' part of the run's model (taken out, not read
//! again, see `evidence::split`) normalised into a model of its own (the same facts and date), recognised, and run through the rules, so that a credential uploaded
//! in one customer's tenant never satisfies another's. The run then gates the findings of all of
//! them together (ignores, suppressions and the baseline are the run's) and reports each
//! deployment's checklist.

use std::collections::HashSet;

/// The run's own file paths, hashed for every file of every deployment: foldhash, not SipHash.
type FastHash = foldhash::fast::FixedState;

use super::Group;
use crate::findings::{Finding, Severity};
use crate::model::Model;
use crate::procedure::Procedure;
use crate::rules::{self, Rule, RuleSettings, Selection};
use crate::run_report::DeploymentReport;

/// What one deployment's judgement gives: its model and its findings (before the gate).
pub struct Judged {
    pub group: Group,
    pub model: Model,
    /// Its findings before the gate; the run takes them out to gate them with the others.
    pub findings: Vec<Finding>,
    /// The rules that did not apply to this deployment, and why: rules of procedures it is not
    /// for, and rules none of whose checks had evidence to judge.
    pub rules_off: std::collections::BTreeMap<String, String>,
}

/// The run's inputs a deployment's judgement needs.
pub struct Inputs<'a> {
    /// The whole run's model, which each deployment's part is taken from.
    pub like: &'a Model,
    pub rules: &'a [Rule],
    pub procedures: &'a [Procedure],
    pub forced: Option<&'a str>,
    pub selection: &'a Selection,
    pub settings: &'a RuleSettings,
}

/// Reads and judges the files of `group` alone.
pub fn judge(group: &Group, i: &Inputs) -> Judged {
    // The group's files' part of the run's model, renumbered as if they alone had been read,
    // then normalised as a load does: no file is read or parsed again.
    // A set: every certificate, command and record of the run asks whether its file is kept.
    let files: HashSet<&str, FastHash> = group.files.iter().map(String::as_str).collect();
    let keep = |path: &str| files.contains(path);
    let mut model = crate::evidence::split::files_of(i.like, &keep);
    crate::evidence::normalize::normalize(&mut model);
    model.recognition = crate::procedure::recognise::recognise(&model, i.procedures, i.forced);
    let mut rules_off = crate::procedure::rules_off(i.procedures, &model.recognition);
    let selection = Selection {
        not_applicable: rules_off.clone(),
        ..i.selection.clone()
    };
    let rules::Evaluation {
        findings,
        not_applicable,
    } = rules::evaluate_all(i.rules, &model, &selection, i.settings);
    rules_off.extend(not_applicable);
    Judged {
        group: group.clone(),
        model,
        findings,
        rules_off,
    }
}

/// A deployment's part of the run's findings (after the gate): those about its files, borrowed.
pub fn its_findings<'f>(judged: &Judged, findings: &'f [Finding]) -> Vec<&'f Finding> {
    let files: HashSet<&str, FastHash> =
        judged.model.files.iter().map(|f| f.path.as_str()).collect();
    findings
        .iter()
        .filter(|f| {
            f.location
                .as_ref()
                .is_some_and(|l| files.contains(l.path.as_str()))
        })
        .collect()
}

/// The deployment as reports show it.
pub fn report(
    judged: &Judged,
    findings: &[&Finding],
    rules: &[crate::rules::Rule],
    procedures: &[Procedure],
) -> DeploymentReport {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    DeploymentReport {
        label: judged.group.label(),
        keys: judged.group.keys.clone(),
        files: judged.group.files.clone(),
        checklist: crate::checklist::build(
            &judged.model,
            findings.iter().copied(),
            rules,
            procedures,
        ),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
    }
}
