//! Gating, the steps between the rules and the reports: the user's ignores and inline
//! suppressions (`suppress`), the findings about them (`rules::config_checks`), then the baseline:
//! written with `--write-baseline` (and used for the run), or read with `--baseline` or the
//! config's `baseline`, hiding what it records and reporting what no longer occurs.

use std::path::{Path, PathBuf};

use time::Date;

use crate::baseline::{Baseline, BaselineError};
use crate::config::Config;
use crate::findings::Finding;
use crate::model::Model;
use crate::rules::{Rule, RuleSettings, Selection, config_checks};

/// Where the baseline comes from and goes to.
#[derive(Debug, Clone, Default)]
pub struct BaselinePlan {
    /// Read and applied (unless `write` is given, whose baseline is applied instead).
    pub read: Option<Baseline>,
    /// Written from this run's findings, then applied.
    pub write: Option<PathBuf>,
}

impl BaselinePlan {
    /// Reads the baseline named by `--baseline` or the config (flag first) unless one is to be
    /// written: a missing or broken baseline file is an error, never an empty baseline.
    pub fn resolve(
        flag: Option<&Path>,
        config: &Config,
        write: Option<&Path>,
    ) -> Result<BaselinePlan, BaselineError> {
        let read = match (
            write,
            flag.map(Path::to_path_buf).or_else(|| config.baseline()),
        ) {
            (None, Some(path)) => Some(Baseline::load(&path)?),
            _ => None,
        };
        Ok(BaselinePlan {
            read,
            write: write.map(Path::to_path_buf),
        })
    }
}

impl BaselinePlan {
    /// The baseline files this run reads or writes.
    pub fn files(&self) -> Vec<PathBuf> {
        self.read
            .iter()
            .map(|b| b.path().to_path_buf())
            .chain(self.write.clone())
            .collect()
    }
}

/// Every `[[ignore]]` must name a rule or area of the catalogue whose findings can be ignored:
/// one that names nothing would silently ignore nothing.
pub fn check_ignores(config: &Config, rules: &[Rule]) -> Result<(), String> {
    for (offset, entry) in config.file.scoped_ignores() {
        let named: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.id == entry.rule || r.area() == entry.rule)
            .collect();
        let problem = if named.is_empty() {
            format!(
                "names unknown rule `{}`: {}",
                entry.rule,
                crate::rules::catalogue::did_you_mean(&entry.rule, rules)
            )
        } else if named.iter().all(|r| config_checks::is_engine_rule(r)) {
            format!(
                "names `{0}`, which reports on ignores themselves and cannot be ignored; turn it off with `ignore = [\"{0}\"]` or change its severity",
                entry.rule
            )
        } else {
            continue;
        };
        let file = config
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        return Err(format!(
            "config file {file}: the [[ignore]] at line {} {problem}",
            config.line_of(offset)
        ));
    }
    Ok(())
}

/// The findings to report and what was hidden.
#[derive(Debug, Default)]
pub struct Gated {
    pub findings: Vec<Finding>,
    /// The findings after ignores and suppressions but before the baseline: what the evidence
    /// says, which the checklist, `diagnose` and `fix` judge by. A baseline only changes which
    /// findings are reported. `None` when no baseline was applied: they are `findings` then,
    /// and a copy of every finding would only cost memory (see `judged`).
    pub judged: Option<Vec<Finding>>,
    pub suppressed: usize,
    /// The findings `[[ignore]]` tables and inline suppressions hid.
    pub suppressed_findings: Vec<crate::findings::SuppressedFinding>,
    pub baselined: usize,
}

/// Everything the gating steps read besides the findings.
pub struct GateInput<'a> {
    pub model: &'a Model,
    pub config: &'a Config,
    pub rules: &'a [Rule],
    pub selection: &'a Selection,
    pub settings: &'a RuleSettings,
    /// The day ignore expiry is judged at: today, not `--now` (which dates the evidence).
    pub today: Date,
}

pub fn apply(
    findings: Vec<Finding>,
    input: &GateInput,
    plan: &BaselinePlan,
) -> Result<Gated, BaselineError> {
    let s = crate::suppress::apply(
        findings,
        input.model,
        input.config,
        input.rules,
        input.selection,
        input.today,
    );
    let mut findings = s.findings;
    findings.extend(config_checks::findings(
        input.rules,
        input.selection,
        input.settings,
        s.hits,
    ));
    sort(&mut findings);
    let written;
    let baseline = match &plan.write {
        Some(path) => {
            written = crate::baseline::write(path, &findings)?;
            Some(&written)
        }
        None => plan.read.as_ref(),
    };
    let mut judged = None;
    let mut baselined = 0;
    if let Some(b) = baseline {
        judged = Some(findings.clone());
        let applied = b.apply(findings);
        baselined = applied.baselined;
        findings = applied.findings;
        findings.extend(config_checks::findings(
            input.rules,
            input.selection,
            input.settings,
            applied.hits,
        ));
        sort(&mut findings);
    }
    Ok(Gated {
        findings,
        judged,
        suppressed: s.suppressed,
        suppressed_findings: s.hidden,
        baselined,
    })
}

impl Gated {
    /// What the evidence says (see the field `judged`), whatever the baseline hid.
    pub fn judged(&self) -> &[Finding] {
        self.judged.as_deref().unwrap_or(&self.findings)
    }
}

fn sort(findings: &mut Vec<Finding>) {
    crate::findings::sort_and_dedup(findings);
}
