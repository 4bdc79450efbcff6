//! One run's report: its findings with what is assembled from them (the procedure's checklist,
//! the diagnoses, the deployments judged apart) and the run's own facts. It sits above
//! `findings`, `checklist` and `diagnose`, which it carries, and is all reporters see of a run.

use serde::Serialize;

use crate::checklist::Checklist;
use crate::diagnose::{Checked, Diagnosis};
use crate::findings::{Finding, Severity, SuppressedFinding};

/// The facts a run compared the evidence with, and where they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunFacts {
    pub tenant_id: Option<String>,
    pub sip_domain: Option<String>,
    pub web_fqdns: Vec<String>,
    /// The Exchange Server objects the evidence shows, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exchange: Vec<ExchangeFact>,
}

/// One Exchange object as a report's facts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeFact {
    /// `auth server`, `partner application`, `auth configuration`, `intra-organization connector`.
    pub kind: String,
    /// Its name and main properties (`EvoSts (AzureAD, enabled, metadata https://…)`).
    pub summary: String,
    /// `path:line`, and how it was seen (`planned in a script`, `shown by Get-AuthServer`).
    pub seen: String,
}

/// What a report says about the run itself, so a reader can reproduce it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunInfo {
    /// The day the evidence was judged at, YYYY-MM-DD (`--now`, or today).
    pub now: String,
    /// Whether `now` was given with `--now` (otherwise it is the day of the run).
    pub now_given: bool,
    /// When the report was generated, RFC 3339 UTC. Only the HTML report shows it: the machine
    /// formats stay byte-for-byte reproducible.
    #[serde(skip)]
    pub generated_at: String,
    /// The config files read (as paths from the current folder when under it).
    pub config_files: Vec<String>,
    /// The folder fingerprints' paths are relative to (the config file's, else the current one).
    #[serde(skip)]
    pub fingerprint_base: std::path::PathBuf,
    /// The facts the evidence was compared with: flags, then config, then the evidence itself.
    pub facts: RunFacts,
    /// The command line's arguments after the program name, for SARIF `invocations`.
    #[serde(skip)]
    pub arguments: Vec<String>,
}

/// The result of one run: findings plus what the summary line needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// How many evidence files were read.
    pub files: usize,
    /// How many findings an `[[ignore]]` or an inline suppression hid.
    pub suppressed: usize,
    /// How many findings the baseline hid.
    pub baselined: usize,
    /// The evidence files read (paths as given), for reporters that list what passed (JUnit).
    pub paths: Vec<String>,
    /// The ids of the rules that ran and applied to the evidence, likewise.
    pub rules_run: Vec<String>,
    /// Those of `rules_run` that found nothing, baselined and suppressed findings included:
    /// checked and passed.
    pub rules_passed: Vec<String>,
    /// The run's `--fail-on` threshold (`None`: never fail), for reporters that mark failures.
    pub fail_on: Option<Severity>,
    /// The procedure's steps and their state (every report carries it; human output prints it
    /// with `--checklist`).
    pub checklist: Option<Checklist>,
    /// Whether the human report prints the checklist.
    pub show_checklist: bool,
    /// The diagnoses `hybridlint diagnose` made.
    pub diagnoses: Vec<Diagnosis>,
    /// The findings ignores and inline suppressions hid (counted in `suppressed`).
    pub suppressed_findings: Vec<SuppressedFinding>,
    /// The rules that were selected but did not check anything, and why: probe rules without
    /// `--probe`, rules of a procedure the evidence is not for, rules whose checks found nothing
    /// to judge (not applicable).
    pub rules_not_run: Vec<NotRun>,
    /// The `--now`, config files and facts of the run.
    pub run: RunInfo,
    /// The script `hybridlint fix` would write for this evidence (the HTML report embeds it).
    #[serde(skip)]
    pub fix_script: Option<String>,
    /// When the evidence is of several deployments, each judged on its own (empty otherwise;
    /// then `checklist` is `None` and each deployment carries its own).
    pub deployments: Vec<DeploymentReport>,
}

/// One deployment of a run holding several: its files, what it is recognised as, its checklist
/// and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeploymentReport {
    /// `tenant <id> (domains)`, or the domains, or a certificate; `unnamed` for files naming none.
    pub label: String,
    /// The tenant ids, domains and certificate thumbprints that tie its files together.
    pub keys: Vec<String>,
    pub files: Vec<String>,
    pub checklist: Checklist,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// A selected rule that did not check anything, and why (JUnit reports it as skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRun {
    pub rule: String,
    pub reason: String,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether `f` is at or above the run's `--fail-on` threshold.
    pub fn fails(&self, f: &Finding) -> bool {
        self.fail_on.is_some_and(|t| f.severity >= t)
    }

    /// What the rules did with the evidence, for `diagnose`: the rules that passed, and those
    /// that did not run or did not apply, with why.
    pub fn checked(&self) -> Checked {
        Checked {
            passed: self.rules_passed.iter().cloned().collect(),
            not_checked: self
                .rules_not_run
                .iter()
                .map(|n| (n.rule.clone(), n.reason.clone()))
                .collect(),
        }
    }
}
