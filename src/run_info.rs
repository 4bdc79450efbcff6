//! What a report says about the run itself: the day the evidence was judged at, the config file
//! read, the facts compared with, and which selected rules could run. Built once from the model
//! and the settings, so every reporter states the same thing.

pub mod exchange;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::config::Config;
use crate::model::Model;
use crate::rules::{Rule, Selection, config_checks};
use crate::run_report::{NotRun, Report, RunFacts, RunInfo};

/// The rule areas that judge probe evidence, and so need probes (or a recording) to run.
pub const PROBE_AREAS: &[&str] = &["dns", "endpoint"];

/// The run's description. `now_given`: whether the day came from `--now`.
pub fn describe(model: &Model, config: &Config, now_given: bool) -> RunInfo {
    let facts = crate::probe::plan::facts_from(model, None);
    RunInfo {
        now: model.now.date().to_string(),
        now_given,
        generated_at: OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default(),
        config_files: config.shown_path().into_iter().collect(),
        fingerprint_base: config.base_dir(),
        facts: RunFacts {
            tenant_id: facts.tenant_id,
            sip_domain: facts.sip_domain,
            web_fqdns: facts.web_fqdns,
            exchange: exchange::lines(&model.configuration.exchange),
        },
        arguments: std::env::args().skip(1).collect(),
    }
}

/// The selected rules (engine rules aside) split into those that ran and those that could not:
/// probe rules when nothing was probed and no recording was given.
pub fn rules_run(
    rules: &[Rule],
    selection: &Selection,
    model: &Model,
) -> (Vec<String>, Vec<NotRun>) {
    let mut ran = Vec::new();
    let mut not_run = Vec::new();
    for r in rules
        .iter()
        .filter(|r| selection.chosen(r) && !config_checks::is_engine_rule(r))
    {
        // Without probes, say how to get them rather than what their checks lacked.
        if PROBE_AREAS.contains(&r.area()) && model.probes.is_empty() {
            not_run.push(NotRun {
                rule: r.id.clone(),
                reason: "no probes ran: add --probe (or give a probe recording)".to_string(),
            });
        } else if let Some(reason) = selection.not_applicable.get(&r.id) {
            not_run.push(NotRun {
                rule: r.id.clone(),
                reason: reason.clone(),
            });
        } else {
            ran.push(r.id.clone());
        }
    }
    (ran, not_run)
}

/// The rules of `ran` that found nothing in `found` (every finding, hidden ones included):
/// checked and passed.
pub fn rules_passed<'a>(
    ran: &[String],
    found: impl Iterator<Item = &'a crate::findings::Finding>,
) -> Vec<String> {
    let fired: std::collections::HashSet<&str> = found.map(|f| f.rule.as_str()).collect();
    ran.iter()
        .filter(|r| !fired.contains(r.as_str()))
        .cloned()
        .collect()
}

/// What `-v` prints on standard error before the report: the day judged at, the config file,
/// the facts, the files read and the rules that ran or could not.
pub fn verbose_text(report: &Report) -> String {
    let run = &report.run;
    let mut out = format!(
        "hybridlint: evidence judged as of {}{}\n",
        run.now,
        if run.now_given {
            " (--now)"
        } else {
            " (today)"
        }
    );
    out.push_str(&match run.config_files.as_slice() {
        [] => "hybridlint: no config file\n".to_string(),
        files => format!("hybridlint: config {}\n", files.join(", ")),
    });
    let facts = &run.facts;
    out.push_str(&format!(
        "hybridlint: facts: tenant {}, SIP domain {}, web FQDNs {}\n",
        facts.tenant_id.as_deref().unwrap_or("(unknown)"),
        facts.sip_domain.as_deref().unwrap_or("(unknown)"),
        if facts.web_fqdns.is_empty() {
            "(none)".to_string()
        } else {
            facts.web_fqdns.join(", ")
        }
    ));
    out.push_str(&format!(
        "hybridlint: {} evidence files, {} rules ran\n",
        report.paths.len(),
        report.rules_run.len()
    ));
    for n in &report.rules_not_run {
        out.push_str(&format!(
            "hybridlint: {} did not run: {}\n",
            n.rule, n.reason
        ));
    }
    out
}
