//! The procedure as a checklist: each step of the integration, in order, marked done, failed,
//! missing, deviation (done another way than documented, which works) or unknown from the model
//! and the findings, with the evidence that says so. It is a judgement (it reads findings), so it
//! sits after the rules; reporters only print it.

mod commands_at;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::command_steps::command_kind;
use crate::findings::{Finding, Severity};
use crate::model::{Location, Model, Outcome};
use crate::procedure::catalogue::{FactKind, Zone};
use crate::procedure::signal::{Haystack, Signal};
use crate::procedure::{Procedure, ProcedureFile, Step as ProcedureStep};
use crate::recording::{DnsOutcome, HttpsOutcome};
use crate::rules::catalogue::{Rule, StepVerdict};
use crate::steps::StepId;
use commands_at::CommandsAt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// The evidence shows the step done, and no finding says otherwise.
    Done,
    /// The step was attempted and is wrong (a finding says how).
    Failed,
    /// The step is absent from evidence that should show it.
    Missing,
    /// Only a script performs it (or a transcript that ends before its outcome): a plan, not
    /// something the evidence shows happened.
    Planned,
    /// The step was done another way than the documented procedure says, and that way works
    /// (a certificate exported as DER): neither done as documented nor failed.
    Deviation,
    /// The evidence does not cover this step.
    Unknown,
}

impl StepStatus {
    /// How bad the state is, for a link made of several steps (the worst wins): failed, missing,
    /// unknown, planned, deviation, done.
    pub fn badness(self) -> u8 {
        match self {
            StepStatus::Done => 0,
            StepStatus::Deviation => 1,
            StepStatus::Planned => 2,
            StepStatus::Unknown => 3,
            StepStatus::Missing => 4,
            StepStatus::Failed => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Failed => "failed",
            StepStatus::Missing => "missing",
            StepStatus::Planned => "planned",
            StepStatus::Deviation => "deviation",
            StepStatus::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id: `export-certificate`, …, `spn:lyncweb.contoso.com`.
    pub id: String,
    pub title: String,
    pub status: StepStatus,
    /// Where the evidence for the status is.
    pub location: Option<Location>,
    /// One line saying why (the finding's message, or what the evidence shows).
    pub detail: String,
    /// The rules whose findings decided the status.
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// The procedures whose steps these are (ids of `procedures/`), in order.
    pub procedures: Vec<String>,
    pub steps: Vec<Step>,
    /// The step each rule judges, as its rule file says (for `diagnose`, which rules a cause out
    /// when its step is done).
    #[serde(skip)]
    pub judged_by_rule: BTreeMap<String, StepId>,
    /// Each recognised procedure's trust diagram (its `[[trust]]` edges), for the HTML report.
    #[serde(skip)]
    pub trust: Vec<TrustDiagram>,
}

/// A procedure's trust relations, each with the state of the steps that establish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustDiagram {
    pub procedure: String,
    pub title: String,
    /// The parties, on premises first.
    pub parties: Vec<DiagramParty>,
    /// The relations between parties shown (none to a party left out).
    pub links: Vec<TrustLink>,
}

/// A party as the diagram draws it (`[[party]]`, with what this run's evidence says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramParty {
    pub id: String,
    pub label: String,
    /// The second line: what the evidence names it (the pool's web services FQDNs), else its
    /// role.
    pub second: Option<String>,
    /// Its zone's heading (`Zone::heading`): parties of one zone share a background.
    pub zone: &'static str,
    pub column: usize,
    pub row: usize,
    /// False for a party drawn only when probes ran, in a run without probes.
    pub shown: bool,
}

/// One trust relation between two parties (indexes into `parties`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustLink {
    pub from: usize,
    pub to: usize,
    /// The party it passes through (index into `parties`).
    pub via: Option<usize>,
    pub label: String,
    /// The worst state of its steps (failed > missing > unknown > planned > deviation > done);
    /// unknown when none of them is on the checklist.
    pub status: StepStatus,
    /// Why: the worst step's detail.
    pub detail: String,
    /// The rules whose findings decided its steps, worst step first.
    pub rules: Vec<String>,
    /// The procedure's steps it is made of (ids, without a subject).
    pub steps: Vec<String>,
}

/// The procedure step a checklist entry is of: `spn` for `spn:lyncweb.contoso.com` (a step done
/// once per subject), the id itself otherwise.
pub fn entry_step(id: &str) -> &str {
    id.split_once(':').map_or(id, |(step, _)| step)
}

impl Step {
    /// The procedure step this entry is of (see [`entry_step`]).
    pub fn step_id(&self) -> &str {
        entry_step(&self.id)
    }

    /// The subject of an entry done once per subject (the FQDN of `spn:<fqdn>`).
    pub fn subject(&self) -> Option<&str> {
        self.id.split_once(':').map(|(_, subject)| subject)
    }
}

impl Checklist {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The step a rule judges, as its rule file says.
    pub fn step_of_rule(&self, rule: &str) -> Option<&StepId> {
        self.judged_by_rule.get(rule)
    }
}

/// Builds the checklist from the model and the findings of this run: the steps of the
/// procedures the evidence is recognised as (`Model::recognition`), in order, a step two of them
/// share listed once; each finding goes to the step its rule file names. The findings are
/// borrowed one by one (a slice, or one deployment's part of the run's findings, not copied).
pub fn build<'f>(
    model: &Model,
    findings: impl IntoIterator<Item = &'f Finding>,
    rules: &[Rule],
    procedures: &[Procedure],
) -> Checklist {
    let judged_by: HashMap<&str, (Option<&StepId>, StepVerdict)> = rules
        .iter()
        .map(|r| (r.id.as_str(), (r.file.step.as_ref(), r.file.step_status)))
        .collect();
    let chosen: Vec<&Procedure> = model
        .recognition
        .procedures
        .iter()
        .filter_map(|r| procedures.iter().find(|p| p.id == r.id))
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    // Each step's performing commands as a signal, built once rather than per finding.
    let mut performed_by: HashMap<String, (&ProcedureStep, Signal)> = HashMap::new();
    // Each step's `[step.done]` fact, with the procedure file that resolves its principal.
    let mut shown_by: HashMap<&str, (&ProcedureFile, &ProcedureStep)> = HashMap::new();
    // The steps that put a credential on a principal: (application id, step), in order.
    let mut credential_steps: Vec<(&str, &str)> = Vec::new();
    for p in &chosen {
        for s in procedure_steps(model, p) {
            if steps.iter().all(|t| t.id != s.id) {
                steps.push(s);
            }
        }
        for s in &p.file.step {
            performed_by
                .entry(s.id.clone())
                .or_insert_with(|| (s, s.signal()));
            if s.done.is_some() {
                shown_by.entry(s.id.as_str()).or_insert((&p.file, s));
            }
            if s.done.as_ref().and_then(|d| d.kind()) == Some(FactKind::Credential)
                && let Some(app) = p.file.done_principal(s)
            {
                credential_steps.push((app, s.id.as_str()));
            }
        }
    }
    let hay = Haystack::lazy(model);
    let filed: Vec<&Finding> = findings
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    // The first command on each line these findings point at, found once rather than per finding.
    let commands_at = CommandsAt::new(model, filed.iter().copied());
    for f in filed {
        let (rule_step, verdict) = judged_by
            .get(f.rule.as_str())
            .copied()
            .unwrap_or((None, StepVerdict::Failed));
        // The step the rule names, when this checklist has it; else the step of another
        // procedure whose performing command is where the finding points.
        let named = step_for_finding(&hay, &commands_at, &credential_steps, f, rule_step)
            .filter(|t| find_step(&mut steps, t, f).is_some())
            .map(str::to_string);
        let Some(target) =
            named.or_else(|| step_performed_at(&hay, &commands_at, &performed_by, f))
        else {
            continue;
        };
        let Some(s) = find_step(&mut steps, &target, f) else {
            continue;
        };
        let status = if verdict == StepVerdict::Missing {
            StepStatus::Missing
        } else if is_working_deviation(model, f) {
            StepStatus::Deviation
        } else {
            StepStatus::Failed
        };
        if weight(status) > weight(s.status) {
            s.detail = f.message.clone();
            s.location = f.location.clone();
            s.status = status;
        }
        if !s.rules.iter().any(|r| r == f.rule.as_str()) {
            s.rules.push(f.rule.to_string());
        }
    }
    for s in steps.iter_mut().filter(|s| s.status == StepStatus::Unknown) {
        let shown = shown_by
            .get(s.step_id())
            .and_then(|(file, step)| done_evidence(model, file, step, s.subject()));
        let evidence = shown.or_else(|| {
            performed_by
                .get(&s.id)
                .and_then(|(p, signal)| performed(model, &hay, p, signal))
        });
        if let Some((location, detail, outcome)) = evidence {
            // Intent is not execution: a step only a script performs is planned, not done.
            if outcome == Outcome::Unknown {
                s.status = StepStatus::Planned;
                s.detail = format!("{detail}: planned in a script, not shown to have run");
            } else {
                s.status = StepStatus::Done;
                s.detail = detail;
            }
            s.location = location;
        } else {
            s.detail = "the evidence does not show this step".to_string();
        }
    }
    let trust = chosen
        .iter()
        .map(|p| trust_diagram(model, p, &steps))
        .collect();
    Checklist {
        procedures: chosen.iter().map(|p| p.id.clone()).collect(),
        trust,
        steps,
        judged_by_rule: rules
            .iter()
            .filter_map(|r| Some((r.id.clone(), r.file.step.clone()?)))
            .collect(),
    }
}

/// A procedure's `[[party]]` and `[[trust]]` data with the states of their checklist entries
/// (`spn` covers every `spn:<fqdn>` entry). A party drawn only when probes ran is left out of a
/// run without probes, and so are its links.
fn trust_diagram(model: &Model, p: &Procedure, steps: &[Step]) -> TrustDiagram {
    let fqdns = model.web_fqdns();
    let parties: Vec<DiagramParty> = p
        .file
        .parties
        .iter()
        .enumerate()
        .map(|(i, party)| DiagramParty {
            id: party.id.clone(),
            label: party.label().to_string(),
            second: (party.detail.as_deref() == Some("web-fqdns") && !fqdns.is_empty())
                .then(|| fqdns.join(", "))
                .or_else(|| party.role.clone()),
            // Validated at load; a party without a known zone cannot get this far.
            zone: party.zone().unwrap_or(Zone::OnPremises).heading(),
            column: party.column.unwrap_or(i),
            row: party.row.unwrap_or(0),
            shown: party.when.as_deref() != Some("probes") || !model.probes.is_empty(),
        })
        .collect();
    let shown = |id: &str| p.file.party(id).filter(|i| parties[*i].shown);
    let links = p
        .file
        .trust
        .iter()
        .filter_map(|t| {
            let (from, to) = (shown(&t.from)?, shown(&t.to)?);
            let mut mine: Vec<&Step> = steps
                .iter()
                .filter(|s| t.steps.iter().any(|w| w == s.step_id()))
                .collect();
            mine.sort_by_key(|s| std::cmp::Reverse(s.status.badness()));
            let mut rules: Vec<String> = Vec::new();
            for r in mine.iter().flat_map(|s| &s.rules) {
                if !rules.contains(r) {
                    rules.push(r.clone());
                }
            }
            Some(TrustLink {
                from,
                to,
                via: t.via.as_deref().and_then(shown),
                label: t.label.clone(),
                status: mine.first().map_or(StepStatus::Unknown, |s| s.status),
                detail: mine.first().map(|s| s.detail.clone()).unwrap_or_default(),
                rules,
                steps: t.steps.clone(),
            })
        })
        .collect();
    TrustDiagram {
        procedure: p.id.clone(),
        title: p.file.title.clone(),
        parties,
        links,
    }
}

/// A procedure's steps as checklist entries: one per external web services FQDN for a step
/// that says so, and steps that need probes only when probes ran.
fn procedure_steps(model: &Model, p: &Procedure) -> Vec<Step> {
    let mut out = Vec::new();
    for s in &p.file.step {
        if s.when.as_deref() == Some("probes") && model.probes.is_empty() {
            continue;
        }
        match &s.each_web_fqdn {
            Some(each) if !model.web_fqdns().is_empty() => {
                for fqdn in model.web_fqdns() {
                    out.push(step(
                        &format!("{}:{fqdn}", s.id),
                        &each.replace("{fqdn}", &fqdn),
                    ));
                }
            }
            _ => out.push(step(&s.id, &s.title)),
        }
    }
    out
}

/// The step of a procedure whose performing commands include the one at a finding's location.
fn step_performed_at(
    hay: &Haystack,
    commands_at: &CommandsAt,
    performed_by: &HashMap<String, (&ProcedureStep, Signal)>,
    f: &Finding,
) -> Option<String> {
    let l = f.location.as_ref().filter(|l| !l.is_whole_file())?;
    let c = commands_at.get(l)?;
    let mut ids: Vec<&String> = performed_by
        .iter()
        .filter(|(_, (_, signal))| signal.matches_command(hay, c))
        .map(|(id, _)| id)
        .collect();
    ids.sort();
    ids.first().map(|id| (*id).clone())
}

/// Evidence that a step was performed, from the commands (and method calls) its procedure says
/// perform it: what ran beats what is only planned, and a failed attempt is no evidence.
fn performed(
    model: &Model,
    hay: &Haystack,
    s: &ProcedureStep,
    signal: &Signal,
) -> Option<(Option<Location>, String, Outcome)> {
    let best = |o: Outcome| if o == Outcome::Succeeded { 0 } else { 1 };
    let command = model
        .commands
        .iter()
        .filter(|c| c.outcome != Outcome::Failed && signal.matches_command(hay, c))
        .min_by_key(|c| best(c.outcome))
        .map(|c| (Some(c.location.clone()), c.name.to_string(), c.outcome));
    command.or_else(|| {
        model
            .method_calls
            .iter()
            .filter(|m| {
                m.outcome != Outcome::Failed
                    && s.methods.iter().any(|n| m.method.eq_ignore_ascii_case(n))
            })
            .min_by_key(|m| best(m.outcome))
            .map(|m| {
                (
                    Some(m.location.clone()),
                    format!("${}.{}()", m.variable, m.method),
                    m.outcome,
                )
            })
    })
}

/// A finding about a way of doing a step that differs from the documented procedure but works:
/// `cert/der-encoded`, unless the evidence reads the DER file's raw text for upload (which
/// uploads garbage, and fails). Judged from the evidence, not the finding's severity, which a
/// configuration may raise.
fn is_working_deviation(model: &Model, f: &Finding) -> bool {
    let name = |p: &str| {
        p.trim_matches(|c| c == '"' || c == '\'')
            .rsplit(['\\', '/'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    f.rule == "cert/der-encoded"
        && f.location.as_ref().is_some_and(|l| {
            !model
                .configuration
                .certificate_text_reads
                .iter()
                .any(|r| name(&r.value) == name(&l.path))
        })
}

/// Which status a step keeps when several findings speak of it: failed, then missing, then a
/// working deviation.
fn weight(status: StepStatus) -> u8 {
    match status {
        StepStatus::Unknown | StepStatus::Done | StepStatus::Planned => 0,
        StepStatus::Deviation => 1,
        StepStatus::Missing => 2,
        StepStatus::Failed => 3,
    }
}

fn step(id: &str, title: &str) -> Step {
    Step {
        id: id.to_string(),
        title: title.to_string(),
        status: StepStatus::Unknown,
        location: None,
        detail: String::new(),
        rules: Vec::new(),
    }
}

/// The step a finding is about: its rule when the rule names a step, else the command at its
/// location (a failed command, a mistyped id), by what the command does and, for a credential,
/// to which principal (`credential_steps`: the application id each credential step's
/// `[step.done]` names, in procedure order).
fn step_for_finding<'a>(
    hay: &Haystack,
    commands_at: &CommandsAt<'a>,
    credential_steps: &[(&str, &'a str)],
    f: &Finding,
    rule_step: Option<&'a StepId>,
) -> Option<&'a str> {
    if let Some(step) = rule_step {
        return Some(step.as_str());
    }
    let l = f.location.as_ref().filter(|l| !l.is_whole_file())?;
    let c = commands_at.get(l)?;
    match command_kind(c)? {
        "credential" => {
            let ids = hay.app_ids(c);
            credential_steps
                .iter()
                .find(|(app, _)| ids.iter().any(|id| id.eq_ignore_ascii_case(app)))
                .map(|(_, step)| *step)
        }
        other => Some(other),
    }
}

/// The step entry for `target`; SPN findings go to the pool their rule says they are about
/// (`Finding::subject`), else to the first SPN step.
fn find_step<'a>(steps: &'a mut [Step], target: &str, f: &Finding) -> Option<&'a mut Step> {
    if target == "spn" {
        let index = steps
            .iter()
            .position(|s| {
                s.id.strip_prefix("spn:").is_some_and(|fqdn| {
                    f.subject
                        .as_deref()
                        .is_some_and(|about| about.eq_ignore_ascii_case(fqdn))
                })
            })
            .or_else(|| steps.iter().position(|s| s.id.starts_with("spn")))?;
        return steps.get_mut(index);
    }
    steps.iter_mut().find(|s| s.id == target)
}

/// Positive evidence that a step was done, from the model fact its `[step.done]` names: where,
/// what it shows, and the outcome of the evidence (`Unknown` for a script's plan). `subject` is
/// the entry's subject (the FQDN of `spn:<fqdn>`).
fn done_evidence(
    model: &Model,
    file: &ProcedureFile,
    step: &ProcedureStep,
    subject: Option<&str>,
) -> Option<(Option<Location>, String, Outcome)> {
    let done = step.done.as_ref()?;
    let cfg = &model.configuration;
    let ok = |o: Outcome| o != Outcome::Failed;
    // What ran beats what is only planned: the best evidence first.
    let best = |o: Outcome| if o == Outcome::Succeeded { 0 } else { 1 };
    let said =
        |l: &Location, what: &str| Some((Some(l.clone()), what.to_string(), Outcome::Succeeded));
    let said_as =
        |l: &Location, what: &str, o: Outcome| Some((Some(l.clone()), what.to_string(), o));
    let principal = || {
        file.done_principal(step)
            .and_then(|app| cfg.service_principal(app))
    };
    match done.kind()? {
        FactKind::Certificate => {
            let c = model.certificates.iter().find(|c| !c.is_ca)?;
            said(
                &c.location,
                &format!("certificate {} ({})", c.thumbprint, c.subject),
            )
        }
        FactKind::TenantId => {
            if let Some(f) = cfg.tenant_ids.iter().find(|f| ok(f.outcome)) {
                return said(&f.location, &format!("tenant {}", f.value));
            }
            model
                .expected
                .tenant_id
                .as_ref()
                .map(|t| (None, format!("tenant {t} (stated)"), Outcome::Succeeded))
        }
        FactKind::OauthServers => cfg
            .oauth_servers
            .iter()
            .filter(|s| ok(s.outcome))
            .min_by_key(|s| best(s.outcome))
            .and_then(|s| {
                // A metadata URL only run time knows: the step is there, its value unconfirmed.
                let what = match s.metadata_url.as_ref().and_then(|u| u.unknown.as_ref()) {
                    Some(why) => format!(
                        "OAuth server `{}`; cannot confirm its metadata URL: {why}",
                        s.identity
                    ),
                    None => format!("OAuth server `{}`", s.identity),
                };
                said_as(&s.location, &what, s.outcome)
            }),
        FactKind::PartnerApplications => cfg
            .partner_applications
            .iter()
            .filter(|p| ok(p.outcome))
            .min_by_key(|p| best(p.outcome))
            .and_then(|p| {
                said_as(
                    &p.location,
                    &format!("partner application `{}`", p.identity),
                    p.outcome,
                )
            }),
        FactKind::OauthSetting => {
            let name = done.name.as_deref()?;
            cfg.oauth_settings
                .iter()
                .filter(|s| s.name.eq_ignore_ascii_case(name) && ok(s.value.outcome))
                .min_by_key(|s| best(s.value.outcome))
                .and_then(|s| {
                    // A value only run time knows is written, but cannot be confirmed.
                    let what = match &s.value.unknown {
                        Some(why) => format!("{name} set, cannot confirm its value: {why}"),
                        None => format!("{name} {}", s.value.value),
                    };
                    said_as(&s.value.location, &what, s.value.outcome)
                })
        }
        FactKind::Connections => cfg
            .connections
            .iter()
            .filter(|c| ok(c.outcome))
            .min_by_key(|c| best(c.outcome))
            .and_then(|c| said_as(&c.location, &c.cmdlet, c.outcome)),
        FactKind::Credential => principal()?
            .credentials
            .iter()
            .filter(|c| ok(c.outcome))
            .min_by_key(|c| best(c.outcome))
            .and_then(|c| {
                said_as(
                    &c.location,
                    &format!("credential ({})", c.cmdlet),
                    c.outcome,
                )
            }),
        FactKind::PrincipalEnabled => principal()?
            .enabled
            .iter()
            .rfind(|f| ok(f.outcome))
            .filter(|f| {
                matches!(
                    f.value
                        .trim_start_matches('$')
                        .to_ascii_lowercase()
                        .as_str(),
                    "true" | "1"
                )
            })
            .and_then(|f| said_as(&f.location, "AccountEnabled true", f.outcome)),
        FactKind::Spn => {
            let fqdn = subject?;
            let wanted = format!("{}/{fqdn}", file.done_principal(step)?);
            principal()?
                .spn_lists
                .iter()
                .filter(|l| ok(l.outcome))
                .filter(|l| l.names.iter().any(|n| n.eq_ignore_ascii_case(&wanted)))
                .min_by_key(|l| best(l.outcome))
                .and_then(|l| said_as(&l.location, &format!("SPN {wanted}"), l.outcome))
        }
        FactKind::DnsAnswered => {
            let all = &model.probes.dns;
            (!all.is_empty()
                && all
                    .iter()
                    .all(|d| d.observation.outcome == DnsOutcome::Answered))
            .then(|| {
                (
                    all.first().map(|d| d.location.clone()),
                    format!("{} names answered", all.len()),
                    Outcome::Succeeded,
                )
            })
        }
        FactKind::EndpointsAnswered => {
            let all = &model.probes.endpoints;
            (!all.is_empty()
                && all.iter().all(|e| {
                    e.observation.outcome == HttpsOutcome::Response
                        && e.observation
                            .status
                            .is_some_and(|s| (200..300).contains(&s))
                }))
            .then(|| {
                (
                    all.first().map(|e| e.location.clone()),
                    format!("{} endpoints answered 200", all.len()),
                    Outcome::Succeeded,
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExpectedFacts;
    use StepStatus::*;

    fn entry(id: &str, status: StepStatus, rules: &[&str], detail: &str) -> Step {
        Step {
            id: id.into(),
            title: id.into(),
            status,
            location: None,
            detail: detail.into(),
            rules: rules.iter().map(|r| r.to_string()).collect(),
        }
    }

    /// The seed procedure's diagram for `steps`, without probes, the pool named by its FQDN.
    fn seed_diagram(steps: &[Step]) -> TrustDiagram {
        let procedures = crate::procedure::catalogue::load(&[]).expect("built-in procedures");
        let seed = crate::procedure::find(&procedures, "sfb-exchange-online").expect("the seed");
        let expected = ExpectedFacts {
            web_fqdns: vec!["lyncweb.contoso.com".into()],
            ..ExpectedFacts::default()
        };
        let model = Model::new(time::OffsetDateTime::UNIX_EPOCH, expected);
        trust_diagram(&model, seed, steps)
    }

    fn link<'a>(d: &'a TrustDiagram, from: &str, to: &str) -> &'a TrustLink {
        d.links
            .iter()
            .find(|l| d.parties[l.from].id == from && d.parties[l.to].id == to)
            .unwrap_or_else(|| panic!("no link {from}-{to}: {d:#?}"))
    }

    #[test]
    fn without_probes_the_probe_parties_and_their_links_are_left_out() {
        let d = seed_diagram(&[]);
        let hidden: Vec<&str> = d
            .parties
            .iter()
            .filter(|p| !p.shown)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(hidden, ["endpoints", "dns"]);
        assert_eq!(d.links.len(), 7, "{:#?}", d.links);
        // No step on the checklist: every link unknown, with no reason to show.
        assert!(
            d.links
                .iter()
                .all(|l| l.status == Unknown && l.rules.is_empty())
        );
        let pool = &d.parties[0];
        assert_eq!(pool.second.as_deref(), Some("lyncweb.contoso.com"));
        assert_eq!(pool.zone, "On premises");
        assert_eq!(link(&d, "exchange-online", "pool").via, Some(3));
    }

    #[test]
    fn a_link_takes_its_worst_step_and_its_rules_worst_first() {
        let d = seed_diagram(&[
            entry(
                "tenant-id",
                Failed,
                &["oauth/tenant-mismatch"],
                "wrong tenant",
            ),
            entry(
                "oauth-server",
                Missing,
                &["oauth/server-missing"],
                "no server",
            ),
            entry("connect-tenant", Done, &[], "Connect-MgGraph"),
            entry("exchange-principal-enabled", Unknown, &[], ""),
            entry("spn:lyncweb.contoso.com", Done, &[], "SPN"),
            entry(
                "spn:lyncweb2.contoso.com",
                Failed,
                &["tenant/spn-missing"],
                "pool 2",
            ),
        ]);
        let oauth = link(&d, "pool", "acs");
        assert_eq!(oauth.status, Failed);
        assert_eq!(oauth.detail, "wrong tenant");
        assert_eq!(
            oauth.rules,
            ["oauth/tenant-mismatch", "oauth/server-missing"]
        );
        // Unknown is worse than done.
        assert_eq!(link(&d, "exchange-principal", "acs").status, Unknown);
        // `spn` covers every pool's entry.
        let spn = link(&d, "exchange-online", "pool");
        assert_eq!((spn.status, spn.detail.as_str()), (Failed, "pool 2"));
    }
}
