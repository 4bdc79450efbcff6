//! Rules: the catalogue (data in `rules/`), the data-check interpreter, the built-in checks, and the
//! engine that runs them over the model and turns hits into findings.

pub mod applies;
pub mod builtin;
pub mod catalogue;
pub mod config_checks;
pub mod data_check;
pub mod options;
pub mod redirects;
pub mod template;
pub mod view;

pub use catalogue::{CatalogueError, Rule};

use crate::findings::{Finding, Related, Severity, SourceLine};
use crate::model::{Location, Model};
use crate::secrets;
use data_check::CheckSpec;

/// What a check reports before the engine attaches the rule id and severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub message: String,
    pub location: Option<Location>,
    pub fix: Option<String>,
    /// Overrides the rule's default severity (e.g. `cert/der-encoded` becomes an error when the
    /// file's text is uploaded as is).
    pub severity: Option<Severity>,
    /// Other places the hit is about, each with what it is (`Hit::with_related`).
    pub related: Vec<(Location, String)>,
    /// What the hit is about when its step has several of a kind (an SPN's FQDN: `Hit::about`).
    pub subject: Option<String>,
}

impl Hit {
    pub fn new(
        message: impl Into<String>,
        location: Option<Location>,
        fix: Option<String>,
    ) -> Self {
        Hit {
            message: message.into(),
            location,
            fix,
            severity: None,
            related: Vec::new(),
            subject: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Adds another place the hit is about: `what` says what is there (`the error record`).
    pub fn with_related(mut self, location: Location, what: impl Into<String>) -> Self {
        if Some(&location) != self.location.as_ref() {
            // Most hits have one other place: room for exactly one, not the four a first push
            // makes (tens of thousands of failed commands each carry their error record).
            self.related.reserve_exact(1);
            self.related.push((location, what.into()));
        }
        self
    }

    /// Says what the hit is about, for steps with one entry per subject (`spn:<fqdn>`).
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
}

/// Whether `pattern` names a rule id or an area of `rules`.
pub fn names_any(pattern: &str, rules: &[Rule]) -> bool {
    rules.iter().any(|r| Selection::names(pattern, r))
}

/// Which rules run: `--select` and `--ignore` take rule ids or areas (the part before `/`); a
/// rule that judges only procedures the evidence is not about does not run either.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rules of procedures the evidence is not for, with the reason (`procedure::rules_off`).
    pub not_applicable: std::collections::BTreeMap<String, String>,
}

impl Selection {
    fn names(pattern: &str, rule: &Rule) -> bool {
        pattern == rule.id || pattern == rule.area()
    }

    /// Whether the user's `--select` / `--ignore` (or configuration) asks for `rule`.
    pub fn chosen(&self, rule: &Rule) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|p| Self::names(p, rule));
        selected && !self.ignore.iter().any(|p| Self::names(p, rule))
    }

    /// Whether `rule` runs: chosen, and about a procedure the evidence is for.
    pub fn includes(&self, rule: &Rule) -> bool {
        self.chosen(rule) && !self.not_applicable.contains_key(&rule.id)
    }
}

/// Per-rule settings from the configuration: severity overrides and builtin options.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    pub severity: std::collections::BTreeMap<String, Severity>,
    pub options: std::collections::BTreeMap<String, toml::Table>,
    /// The cmdlet generation fixes are written in (`--cmdlets`).
    pub cmdlets: crate::model::CmdletGeneration,
}

/// What running the rules gave: the findings, and the rules none of whose checks applied to the
/// evidence, with the reason (the others that did not fire passed).
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub not_applicable: std::collections::BTreeMap<String, String>,
}

/// Runs every selected rule over the model. Findings come back sorted by path, line, rule.
pub fn evaluate(
    rules: &[Rule],
    model: &Model,
    selection: &Selection,
    settings: &RuleSettings,
) -> Vec<Finding> {
    evaluate_all(rules, model, selection, settings).findings
}

/// Runs every selected rule whose checks apply to the evidence (applies, then checks), and
/// records the rules that did not apply.
pub fn evaluate_all(
    rules: &[Rule],
    model: &Model,
    selection: &Selection,
    settings: &RuleSettings,
) -> Evaluation {
    let ctx = template::Context::from_model(model, settings.cmdlets);
    // Rules are independent of one another: judged on the run's threads, gathered in rule
    // order, so the findings are those one thread gives. The data checks read the model as
    // JSON, each serialising only its own collection, one item at a time (`view`).
    let selected: Vec<&Rule> = rules.iter().filter(|r| selection.includes(r)).collect();
    let judged =
        crate::threads::map_in_order(&selected, |rule| evaluate_rule(rule, model, settings, &ctx));
    // Sized once: growing by doubling held the old and the new list at once, with up to half
    // again as spare room, at the run's peak.
    let mut findings = Vec::with_capacity(judged.iter().map(|(found, _)| found.len()).sum());
    let mut not_applicable = std::collections::BTreeMap::new();
    for (rule, (mut found, why_not)) in selected.iter().zip(judged) {
        findings.append(&mut found);
        if let Some(why) = why_not {
            not_applicable.insert(rule.id.clone(), why);
        }
    }
    drop_outranked(&selected, &mut findings);
    crate::findings::sort_and_dedup(&mut findings);
    Evaluation {
        findings,
        not_applicable,
    }
}

/// Leaves out the findings an error of another rule on the same line makes moot (`outranks`):
/// one cause, one finding, one fix.
fn drop_outranked(rules: &[&Rule], findings: &mut Vec<Finding>) {
    let outranks: std::collections::HashMap<&str, &[String]> = rules
        .iter()
        .filter(|r| !r.file.outranks.is_empty())
        .map(|r| (r.id.as_str(), r.file.outranks.as_slice()))
        .collect();
    if outranks.is_empty() {
        return;
    }
    let moot: std::collections::HashSet<(&str, &str, u32)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| Some((outranks.get(f.rule.as_str())?, f.location.as_ref()?)))
        .flat_map(|(others, at)| {
            others
                .iter()
                .map(move |o| (o.as_str(), at.path.as_ref(), at.line))
        })
        .collect();
    if moot.is_empty() {
        return;
    }
    // Decided while `moot` borrows the findings, applied once it no longer does.
    let keep: Vec<bool> = findings
        .iter()
        .map(|f| {
            f.location
                .as_ref()
                .is_none_or(|at| !moot.contains(&(f.rule.as_str(), at.path.as_ref(), at.line)))
        })
        .collect();
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

/// One rule judged: its findings, and why it did not apply when it did not.
fn evaluate_rule(
    rule: &Rule,
    model: &Model,
    settings: &RuleSettings,
    ctx: &template::Context,
) -> (Vec<Finding>, Option<String>) {
    let mut findings = Vec::new();
    // A rule with effective dates is judged at `--now`: outside them it does not apply, and
    // before its `from` date it may report at another severity (`severity-before`).
    let Some(in_force) = rule.file.severity_at(model.now) else {
        return (
            Vec::new(),
            Some(
                "not in force on the day judged (--now is outside its effective dates)".to_string(),
            ),
        );
    };
    // A rule applies when any of its checks does; otherwise the first check's reason says why.
    let mut why_not: Option<String> = None;
    let mut applied = rule.file.check.is_empty();
    let mut shared = data_check::run_shared_walks(&rule.file.check, model, ctx);
    for (i, check) in rule.file.check.iter().enumerate() {
        let (applies, hits) = match check {
            CheckSpec::Builtin { name, options } => {
                let mut merged = options.clone();
                if let Some(extra) = settings.options.get(&rule.id) {
                    merged.extend(extra.clone());
                }
                match builtin::applies(name, model, &merged, ctx) {
                    applies::Applies::Yes => (
                        applies::Applies::Yes,
                        builtin::lookup(name)
                            .map(|f| f(model, &merged, ctx))
                            .unwrap_or_default(),
                    ),
                    no => (no, Vec::new()),
                }
            }
            other => match data_check::applies(other, model) {
                applies::Applies::Yes => (
                    applies::Applies::Yes,
                    shared[i]
                        .take()
                        .unwrap_or_else(|| data_check::run(other, model, ctx)),
                ),
                no => (no, Vec::new()),
            },
        };
        match applies {
            applies::Applies::Yes => applied = true,
            applies::Applies::No(why) => {
                why_not.get_or_insert(why);
            }
        }
        // Room made once: a failing corpus gives one rule tens of thousands of findings, and
        // growing by doubling left up to half again as spare room at the run's peak.
        findings.reserve_exact(hits.len());
        for hit in hits {
            // The check's own severity wins; otherwise the one in force on the day judged.
            let hit = match hit.severity {
                None if in_force != rule.file.severity => hit.with_severity(in_force),
                _ => hit,
            };
            findings.push(finding_in(model, rule, settings, hit));
        }
    }
    let not_applicable = if applied { None } else { why_not };
    (findings, not_applicable)
}

/// A hit of `rule` as a finding, with the evidence lines at its locations. Of a file whose lines
/// can be read again (`FileLines::Held`), the lines are left to `source_lines::attach`, after
/// judging: copied here, a failing corpus's tens of thousands of lines were held twice at the
/// run's peak, with the rules' findings being gathered.
pub fn finding_in(model: &Model, rule: &Rule, settings: &RuleSettings, hit: Hit) -> Finding {
    let source = hit.location.as_ref().and_then(|l| source_line(model, l));
    let mut hit = hit;
    // Moved, not copied: the hit is spent here.
    let related: Vec<Related> = std::mem::take(&mut hit.related)
        .into_iter()
        .map(|(location, what)| Related {
            source_line: source_line(model, &location).map(|s| SourceLine {
                text: secrets::mask_owned(s.text),
            }),
            location,
            message: secrets::mask_owned(what),
        })
        .collect();
    let mut f = to_finding(rule, settings, hit, source);
    f.related = related;
    f
}

/// A hit of `rule` as a finding: the rule's severity, or the user's override, or the check's own.
pub fn to_finding(
    rule: &Rule,
    settings: &RuleSettings,
    hit: Hit,
    source_line: Option<SourceLine>,
) -> Finding {
    // A user's severity override wins over a check's escalation.
    let subject = hit.subject.clone();
    let severity = match settings.severity.get(&rule.id) {
        Some(s) => *s,
        None => hit.severity.unwrap_or(rule.file.severity),
    };
    // Secrets are blanked in the evidence; show the blanks as `*` wherever text reaches a report.
    Finding {
        related: Vec::new(),
        subject,
        rule: rule.id.as_str().into(),
        severity,
        message: secrets::mask_owned(hit.message),
        location: hit.location,
        fix: hit.fix.map(secrets::mask_owned),
        source_line: source_line.map(|s| SourceLine {
            text: secrets::mask_owned(s.text),
        }),
    }
}

fn source_line(model: &Model, location: &Location) -> Option<SourceLine> {
    if location.is_whole_file() {
        return None;
    }
    // The path's text read once, not from the run's table of paths for each file compared.
    let path = location.path.as_str();
    let file = model.files.iter().find(|f| f.path == path)?;
    if file.lines.reread().is_some() {
        return None;
    }
    let text = file.lines.get(location.line.checked_sub(1)? as usize)?;
    Some(SourceLine {
        text: text.to_string(),
    })
}
