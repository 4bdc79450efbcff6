//! Runs a parsed command line: builds the model from the evidence, runs the rules, writes the
//! report, and picks the exit code (0 clean, 1 findings at or above --fail-on, 2 usage or config error).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use time::OffsetDateTime;

use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, FailOn, ListFormat, ModelArgs, RulesArgs};
use crate::config::Config;
use crate::findings::Finding;
use crate::findings::Severity;
use crate::gate::{self, BaselinePlan, GateInput};
use crate::model::{EvidenceKind, ExpectedFacts, Model};
use crate::progress::{self, Progress};
use crate::rules::{self, RuleSettings, Selection, catalogue};
use crate::run_report::Report;

/// The exit status for a usage error, a missing path, or an invalid config or rule file.
pub const EXIT_USAGE: u8 = 2;

/// An error that should exit with status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Check(args) => check(args, Mode::Check),
        Command::Probe(args) => check(args, Mode::ProbeOnly),
        Command::Diagnose(args) => check(args.check, Mode::Diagnose(args.symptom)),
        Command::Fix(args) => {
            if !args.check.format.is_empty() {
                bail!(UsageError(
                    "`fix` writes a PowerShell script: --format does not apply (use --output FILE)"
                        .into()
                ));
            }
            let output = args.check.output.first().cloned();
            let mut check_args = args.check;
            check_args.output.clear();
            check(check_args, Mode::Fix(output))
        }
        Command::Collect(args) => collect(args),
        Command::Rules(args) => list_rules(args),
        Command::Explain(args) => explain(args),
        Command::Symptoms(args) => list_symptoms(args.format),
        Command::Procedures(args) => list_procedures(args),
        Command::Model(args) => print_model(args),
        Command::Completions(args) => crate::clidocs::completions(args.shell),
        Command::Man(args) => crate::clidocs::man(args.dir.as_deref()),
        Command::Schema => {
            crate::stdout::print(&crate::schema::config_schema())?;
            Ok(0)
        }
        Command::Docs(args) => crate::docs::sync(&args),
    }
}

/// Prints (or writes) the collector script.
fn collect(args: crate::cli::CollectArgs) -> Result<u8> {
    let script = crate::collect::script();
    match &args.output {
        Some(path) => std::fs::write(path, &script)
            .with_context(|| format!("cannot write the script to {}", path.display()))?,
        None => print!("{script}"),
    }
    Ok(0)
}

fn print_model(args: ModelArgs) -> Result<u8> {
    require_paths(&args.paths)?;
    let now = judgement_time(args.now.as_deref())?;
    let expected = ExpectedFacts {
        tenant_id: args.facts.tenant_id,
        sip_domain: args.facts.sip_domain,
        web_fqdns: args.facts.web_fqdn,
    };
    let mut model = Model::new(now, expected);
    crate::evidence::load_facts(&args.paths, &mut model);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    crate::model::json::write_pretty(&model, &crate::secrets::mask_json, &mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(0)
}

/// Every PATH must exist: a typo is a usage error, not a silently empty clean run.
fn require_paths(paths: &[PathBuf]) -> Result<(), UsageError> {
    let stdin = |p: &PathBuf| p.as_os_str() == crate::evidence::discover::STDIN;
    match paths.iter().find(|p| !stdin(p) && !p.exists()) {
        Some(p) => Err(UsageError(format!("path `{}` does not exist", p.display()))),
        None => Ok(()),
    }
}

/// The instant dates are judged at: `--now`, or the current time.
fn judgement_time(now: Option<&str>) -> Result<OffsetDateTime, UsageError> {
    now.map_or_else(|| Ok(OffsetDateTime::now_utc()), parse_now)
}

/// Parses `--now YYYY-MM-DD` (midnight UTC that day).
pub fn parse_now(s: &str) -> Result<OffsetDateTime, UsageError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| UsageError(format!("--now `{s}` is not a date in the form YYYY-MM-DD")))
}

/// `check` reads evidence (and probes when asked); `probe` probes and runs only probe rules;
/// `diagnose` adds a diagnosis to the report; `fix` writes a script instead of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Check,
    ProbeOnly,
    Diagnose(Option<String>),
    Fix(Option<PathBuf>),
}

use crate::run_info::PROBE_AREAS;

/// Everything a `check` run settles before it reads evidence: where reports go, the configuration,
/// the stated facts, the rules and which of them run, and the baseline.
struct RunSetup {
    targets: Vec<crate::outputs::OutputTarget>,
    config: Config,
    expected: ExpectedFacts,
    rules: Vec<crate::rules::Rule>,
    procedures: Vec<crate::procedure::Procedure>,
    selection: Selection,
    settings: RuleSettings,
    plan: BaselinePlan,
    probe_options: Option<crate::probe::ProbeOptions>,
    now: OffsetDateTime,
    /// The PATHs walked once, for the config files inside them and for the evidence (taken by
    /// `read_evidence`).
    walk: crate::evidence::discover::Walk,
}

/// `check`, along the pipeline: set up, read the evidence (and probe), judge, then report.
fn check(mut args: CheckArgs, mode: Mode) -> Result<u8> {
    let mut run = set_up(&mut args, &mode)?;
    let walk = std::mem::take(&mut run.walk);
    let mut model = read_evidence(&args, &run, walk, &mode)?;
    let grouping = recognise_and_group(&args, &run, &mut model);
    let judged = judge(&args, &run, &model, grouping)?;
    // The rules and suppressions have read the lines; only diagnosing reads them again.
    if !matches!(mode, Mode::Diagnose(_)) {
        model.forget_lines();
    }
    let outcome = report_or_fix(&args, &mode, &run, &model, judged);
    // The process ends here: freeing every command, record and string of a large evidence
    // folder one by one took a twelfth of a transcript run, for nothing.
    std::mem::forget(model);
    outcome
}

/// Reads the command line and the configuration into a run's setup; usage errors end here.
fn set_up(args: &mut CheckArgs, mode: &Mode) -> Result<RunSetup> {
    if *mode != Mode::ProbeOnly && args.paths.is_empty() {
        args.paths.push(PathBuf::from("."));
    }
    if *mode != Mode::ProbeOnly && !args.probe.probe && args.probe.record.is_some() {
        return Err(UsageError(
            "--record writes what probes observed: add --probe (or use `hybridlint probe`)".into(),
        )
        .into());
    }
    let probing = *mode == Mode::ProbeOnly || args.probe.probe;
    let probe_options = if probing {
        Some(
            crate::probe::ProbeOptions::parse(
                &args.probe.nameserver,
                &args.probe.resolve,
                &args.probe.ca_cert,
                args.probe.timeout,
            )
            .map_err(|e| UsageError(e.to_string()))?,
        )
    } else {
        None
    };
    args.paths = crate::evidence::wildcards::expand(&args.paths).map_err(UsageError)?;
    require_paths(&args.paths)?;
    let targets = args.targets().map_err(UsageError)?;
    let config = Config::discover(args.config.as_deref(), &args.paths, args.isolated)
        .map_err(|e| UsageError(e.to_string()))?;
    let walk = crate::evidence::discover::walk(&args.paths, args.stdin_filename.as_deref());
    if !args.isolated {
        for nested in crate::config::discover::unused_among(&walk.configs, config.path.as_deref()) {
            eprintln!(
                "hybridlint: note: {} is not applied: a run reads one config file ({}); check its folder on its own to apply it",
                crate::config::discover::shown(&nested),
                config.shown_path().unwrap_or_else(|| "none here".into())
            );
        }
    }
    let now = judgement_time(args.now.as_deref())?;
    if let Some(t) = &args.facts.tenant_id
        && !crate::guid::is_guid(t)
    {
        return Err(UsageError(format!(
            "--tenant-id `{t}` is not a GUID (8-4-4-4-12 hex digits)"
        ))
        .into());
    }
    let expected = ExpectedFacts {
        tenant_id: args
            .facts
            .tenant_id
            .clone()
            .or(config.file.tenant_id.clone()),
        sip_domain: args
            .facts
            .sip_domain
            .clone()
            .or(config.file.sip_domain.clone()),
        web_fqdns: if args.facts.web_fqdn.is_empty() {
            config.file.web_fqdns.clone()
        } else {
            args.facts.web_fqdn.clone()
        },
    };
    let mut dirs = config.rule_dirs();
    dirs.extend(args.rules.iter().cloned());
    let rules = catalogue::load(&dirs).map_err(|e| UsageError(e.to_string()))?;
    let procedures = crate::procedure::catalogue::load(&args.procedures)
        .map_err(|e| UsageError(e.to_string()))?;
    let rule_ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    crate::procedure::catalogue::check_rules(&procedures, &rule_ids)
        .map_err(|e| UsageError(e.to_string()))?;
    crate::procedure::catalogue::check_steps(
        &procedures,
        rules
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.file.step.as_ref()?))),
    )
    .map_err(UsageError)?;
    if let Some(id) = &args.procedure {
        crate::procedure::find(&procedures, id).map_err(UsageError)?;
    }
    let selection = Selection {
        select: if *mode == Mode::ProbeOnly {
            PROBE_AREAS.iter().map(|a| (*a).to_string()).collect()
        } else if args.select.is_empty() {
            config.file.select.clone()
        } else {
            args.select.clone()
        },
        ignore: config
            .file
            .ignored_rules()
            .into_iter()
            .chain(args.ignore.iter().cloned())
            .collect(),
        not_applicable: Default::default(),
    };
    for (flag, patterns) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        if let Some(p) = patterns.iter().find(|p| !rules::names_any(p, &rules)) {
            return Err(UsageError(format!(
                "{flag} `{p}` names no rule or area: {}",
                catalogue::did_you_mean(p, &rules)
            ))
            .into());
        }
    }
    crate::config::rule_ids::check(&config, &rules).map_err(UsageError)?;
    gate::check_ignores(&config, &rules).map_err(UsageError)?;
    let settings = RuleSettings {
        severity: config.file.severity.clone(),
        options: config.file.rule_options.clone(),
        cmdlets: args.cmdlets,
    };
    let plan = BaselinePlan::resolve(
        args.baseline.as_deref(),
        &config,
        args.write_baseline.as_deref(),
    )
    .map_err(|e| UsageError(e.to_string()))?;

    Ok(RunSetup {
        targets,
        config,
        expected,
        rules,
        procedures,
        selection,
        settings,
        plan,
        probe_options,
        now,
        walk,
    })
}

/// Reads the evidence into the model, then probes when asked. Of each file that can be read
/// again, the model holds only the lines judging reads (findings' other lines are read again
/// after judging, `source_lines::attach`); diagnosing searches every line and holds them all.
fn read_evidence(
    args: &CheckArgs,
    run: &RunSetup,
    walk: crate::evidence::discover::Walk,
    mode: &Mode,
) -> Result<Model> {
    let probing = run.probe_options.is_some();
    if let Some(n) = args.threads {
        crate::threads::set_threads(usize::from(n));
    }
    let mut model = Model::new(run.now, run.expected.clone());
    let mut bar = Progress::new(progress::allowed(args.no_progress, &run.targets));
    let own = own_files(args, run);
    let watch = crate::evidence::judged_lines::LineWatch::new(
        run.rules.iter().flat_map(|r| r.line_patterns()),
    );
    let lines = match mode {
        Mode::Diagnose(_) => crate::evidence::parallel::Lines::Keep,
        _ => crate::evidence::parallel::Lines::Hold(&watch),
    };
    crate::evidence::load_walked(walk, &own, lines, &mut model, &mut |i, n, p| {
        bar.file(i, n, p)
    });
    bar.finish();
    if !probing {
        crate::evidence::nothing_read::require_evidence(&model).map_err(UsageError)?;
    }
    if let Some(options) = &run.probe_options {
        let mut bar = Progress::new(progress::allowed(args.no_progress, &run.targets));
        probe_into(&mut model, options, &args.probe, &mut |d, n| {
            bar.probe(d, n)
        })?;
        bar.finish();
    }
    Ok(model)
}

/// Recognises the procedures the evidence follows, and groups its files by deployment: two
/// independent readings of the loaded model, made side by side on the run's threads (grouping
/// runs on one thread while recognition shares its procedures out on the others).
/// Probes and standard input cannot be split by deployment: those runs form no groups (`None`).
fn recognise_and_group(
    args: &CheckArgs,
    run: &RunSetup,
    model: &mut Model,
) -> Option<crate::deployment::Grouping> {
    let splits = run.probe_options.is_none() && !args.paths.iter().any(|p| p.as_os_str() == "-");
    let (recognition, grouping) = crate::threads::join(
        || {
            crate::procedure::recognise::recognise(
                model,
                &run.procedures,
                args.procedure.as_deref(),
            )
        },
        || splits.then(|| crate::deployment::group(model)),
    );
    model.recognition = recognition;
    grouping
}

/// The run's own files (outputs, baselines, a recording about to be written): never evidence,
/// even inside a folder being checked.
fn own_files(args: &CheckArgs, run: &RunSetup) -> Vec<PathBuf> {
    run.plan
        .files()
        .into_iter()
        .chain(run.targets.iter().filter_map(|t| t.path.clone()))
        .chain(args.probe.record.clone())
        .collect()
}

/// Runs the rules (for each deployment apart when the evidence holds several), applies ignores,
/// suppressions and the baseline, and builds the report; also returns what the evidence says
/// whatever the baseline hides (for the checklist and fixes), and the deployments judged apart.
fn judge(
    args: &CheckArgs,
    run: &RunSetup,
    model: &Model,
    grouping: Option<crate::deployment::Grouping>,
) -> Result<(
    Report,
    Option<Vec<Finding>>,
    Vec<crate::deployment::judge::Judged>,
)> {
    let mut selection = run.selection.clone();
    selection.not_applicable = crate::procedure::rules_off(&run.procedures, &model.recognition);
    // Several deployments (customers) in one run are judged apart (`grouping` holds them).
    let grouped = grouping.is_some();
    let grouping = std::sync::Arc::new(grouping.unwrap_or_default());
    let (mut apart, mixed): (Vec<crate::deployment::judge::Judged>, Vec<Finding>) =
        if grouping.is_several() {
            let mut groups = grouping.groups.clone();
            if !grouping.unplaced.is_empty() {
                groups.push(crate::deployment::Group {
                    files: grouping.unplaced.clone(),
                    keys: Vec::new(),
                });
            }
            let inputs = crate::deployment::judge::Inputs {
                like: model,
                rules: &run.rules,
                procedures: &run.procedures,
                forced: args.procedure.as_deref(),
                selection: &selection,
                settings: &run.settings,
            };
            // What only the whole run shows (files that fit none of its deployments) is judged
            // beside the deployments, which would otherwise leave threads idle while the largest is
            // normalised. Judged as if the rule were chosen: whether it applied to no deployment is
            // known only after them (below).
            let chosen = Selection {
                not_applicable: Default::default(),
                ..selection.clone()
            };
            crate::threads::join(
                || crate::deployment::judge::judge_all(&groups, &inputs),
                || {
                    let mut mixed = crate::deployment::mixed::findings(
                        &run.rules,
                        model,
                        &grouping,
                        &chosen,
                        &run.settings,
                    );
                    crate::source_lines::attach(model, &mut mixed);
                    mixed
                },
            )
        } else {
            (Vec::new(), Vec::new())
        };
    // The rules that did not apply (their procedure's gate, or their checks' own `applies`).
    let mut not_applicable = selection.not_applicable.clone();
    let mut findings = if apart.is_empty() {
        let evaluate = || rules::evaluate_all(&run.rules, model, &selection, &run.settings);
        // The run has grouped its model: a rule that asks for the grouping
        // (`input/deployment-unknown`) takes it rather than grouping again, a fortieth of a
        // transcript run. Unsplit runs (probes, standard input) let the rule group for itself.
        let evaluation = if grouped {
            crate::deployment::while_known(model, &grouping, evaluate)
        } else {
            evaluate()
        };
        not_applicable.extend(evaluation.not_applicable);
        evaluation.findings
    } else {
        // A rule is reported as not applicable only when it applied to none of the deployments.
        not_applicable = apart
            .first()
            .map(|first| {
                first
                    .rules_off
                    .iter()
                    .filter(|(id, _)| apart.iter().all(|j| j.rules_off.contains_key(*id)))
                    .map(|(id, why)| (id.clone(), why.clone()))
                    .collect()
            })
            .unwrap_or_default();
        selection.not_applicable = selection
            .not_applicable
            .iter()
            .filter(|(id, _)| apart.iter().all(|j| j.rules_off.contains_key(*id)))
            .map(|(id, why)| (id.clone(), why.clone()))
            .collect();
        // Moved out, not copied: nothing reads a deployment's own findings after this. Room made
        // once for all of them (and the run's own): a list grown by doubling touched twice the
        // memory its findings needed.
        let mut all: Vec<Finding> =
            Vec::with_capacity(apart.iter().map(|j| j.findings.len()).sum::<usize>() + mixed.len());
        for j in &mut apart {
            // Taken, so that each deployment's own list is freed, not kept empty.
            all.extend(std::mem::take(&mut j.findings));
        }
        // What only the whole run shows: files that fit none of its deployments, when the rule
        // applied. Their lines were attached before the duplicates of the deployments' own
        // findings are removed.
        if !selection
            .not_applicable
            .contains_key(crate::deployment::mixed::RULE)
        {
            all.extend(mixed);
        }
        crate::findings::sort_and_dedup(&mut all);
        all
    };
    // Before the gate: suppressions, the baseline's fingerprints and reporters read the lines.
    crate::source_lines::attach(model, &mut findings);
    let gate_input = GateInput {
        model,
        config: &run.config,
        rules: &run.rules,
        selection: &run.selection,
        settings: &run.settings,
        today: OffsetDateTime::now_utc().date(),
    };
    let gated = gate::apply(findings, &gate_input, &run.plan)?;
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    // Each deployment's findings, from what the evidence says whatever the baseline hides, and
    // its checklist: on the run's threads.
    let deployments = crate::threads::map_in_order(&apart, |j| {
        crate::deployment::judge::report(
            j,
            &crate::deployment::judge::its_findings(j, gated.judged()),
            &run.rules,
            &run.procedures,
        )
    });
    let mut report = Report {
        findings: gated.findings,
        files: model.files.len(),
        suppressed: gated.suppressed,
        baselined: gated.baselined,
        paths: model
            .files
            .iter()
            .filter(|f| f.kind != EvidenceKind::Other)
            .map(|f| f.path.clone())
            .collect(),
        rules_run: Vec::new(),
        rules_passed: Vec::new(),
        fail_on: threshold,
        checklist: None,
        show_checklist: args.checklist,
        diagnoses: Vec::new(),
        suppressed_findings: gated.suppressed_findings,
        rules_not_run: Vec::new(),
        run: crate::run_info::describe(model, &run.config, args.now.is_some()),
        fix_script: None,
        deployments,
    };
    // Without a baseline, what the evidence says is the report's findings themselves.
    let judged = gated.judged;
    selection.not_applicable = not_applicable;
    (report.rules_run, report.rules_not_run) =
        crate::run_info::rules_run(&run.rules, &selection, model);
    // A suppressed or baselined finding is still something the rule found.
    let found = judged
        .as_deref()
        .unwrap_or(&report.findings)
        .iter()
        .chain(report.suppressed_findings.iter().map(|s| &s.finding));
    report.rules_passed = crate::run_info::rules_passed(&report.rules_run, found);
    Ok((report, judged, apart))
}

/// Writes the fix script (`fix`), or completes the report (checklist, diagnoses) and writes every
/// report asked for; the exit code says whether `--fail-on` was reached.
fn report_or_fix(
    args: &CheckArgs,
    mode: &Mode,
    run: &RunSetup,
    model: &Model,
    (mut report, judged, apart): (
        Report,
        Option<Vec<Finding>>,
        Vec<crate::deployment::judge::Judged>,
    ),
) -> Result<u8> {
    // Without a baseline the findings judged by are the report's: taken out while the checklist,
    // diagnoses and fixes read them, and put back before reporting, rather than copied.
    let from_report = judged.is_none();
    let judged_owned = judged.unwrap_or_else(|| std::mem::take(&mut report.findings));
    let judged = judged_owned.as_slice();
    let html = run
        .targets
        .iter()
        .any(|t| t.format == crate::cli::Format::Html);
    // The whole run's checklist: reported when the run holds one deployment (several each carry
    // their own), and read by diagnoses, fixes and the HTML report's fix script. Otherwise it is
    // not built: it read every command and finding again for nothing.
    let checklist = if apart.is_empty() || !matches!(mode, Mode::Check | Mode::ProbeOnly) || html {
        crate::checklist::build(model, judged, &run.rules, &run.procedures)
    } else {
        crate::checklist::Checklist::default()
    };
    if !apart.is_empty() && matches!(mode, Mode::Fix(_)) {
        let labels: Vec<String> = apart.iter().map(|j| j.group.label()).collect();
        bail!(UsageError(format!(
            "the evidence holds {} deployments ({}): a fix script acts on one tenant, so run `hybridlint fix` on each deployment's files",
            apart.len(),
            labels.join("; ")
        )));
    }
    match &mode {
        Mode::Diagnose(symptom) => {
            // Each deployment diagnosed from its own findings and checklist; one deployment (or
            // none that shows an error alone) is diagnosed as the whole run.
            let whole = report.checked();
            for (j, d) in apart.iter().zip(&report.deployments) {
                let mine: Vec<Finding> = crate::deployment::judge::its_findings(j, judged)
                    .into_iter()
                    .cloned()
                    .collect();
                // This deployment's: the rules that applied to it and found nothing in it.
                let mut checked = whole.clone();
                checked.not_checked.extend(j.rules_off.clone());
                checked.passed = report
                    .rules_run
                    .iter()
                    .filter(|r| !j.rules_off.contains_key(*r))
                    .filter(|r| mine.iter().all(|f| &f.rule != *r))
                    .cloned()
                    .collect();
                let found = diagnoses(
                    symptom.as_deref(),
                    &run.rules,
                    &mine,
                    &d.checklist,
                    &j.model,
                    &checked,
                    run.settings.cmdlets,
                );
                // A deployment whose transcripts show no error has nothing to diagnose alone.
                let Ok(found) = found else {
                    continue;
                };
                report.diagnoses.extend(found.into_iter().map(|mut x| {
                    x.matched_by = format!("deployment {}: {}", d.label, x.matched_by);
                    x
                }));
            }
            if report.diagnoses.is_empty() {
                report.diagnoses = diagnoses(
                    symptom.as_deref(),
                    &run.rules,
                    judged,
                    &checklist,
                    model,
                    &report.checked(),
                    run.settings.cmdlets,
                )?;
            }
        }
        Mode::Fix(output) => {
            let script = crate::fix::script(
                model,
                &checklist,
                judged,
                &run.procedures,
                run.settings.cmdlets,
            );
            match output {
                Some(path) => std::fs::write(path, &script)
                    .with_context(|| format!("cannot write the script to {}", path.display()))?,
                None => crate::stdout::print(&script)?,
            }
            return Ok(0);
        }
        _ => {}
    }
    if html {
        report.fix_script = Some(crate::fix::script(
            model,
            &checklist,
            judged,
            &run.procedures,
            run.settings.cmdlets,
        ));
    }
    // With several deployments each carries its own checklist: one for the whole run would let
    // one deployment's done step hide another's missing one.
    report.checklist = apart.is_empty().then_some(checklist);
    if from_report {
        report.findings = judged_owned;
    }

    // --fail-on judges every finding; --min-severity only hides some from the reports.
    let failed = report
        .fail_on
        .is_some_and(|t| report.max_severity().is_some_and(|m| m >= t));
    if let Some(min) = args.min_severity {
        let min = match min {
            crate::cli::MinSeverity::Error => Severity::Error,
            crate::cli::MinSeverity::Warning => Severity::Warning,
            crate::cli::MinSeverity::Info => Severity::Info,
        };
        report.findings.retain(|f| f.severity >= min);
    }
    if args.verbose {
        eprint!("{}", crate::run_info::verbose_text(&report));
    }
    let look = crate::outputs::Look {
        color: args.color,
        statistics: args.statistics,
        quiet: args.quiet,
    };
    crate::outputs::write_all(&run.targets, &report, &run.rules, &look)?;
    // As with the run's model (see `check`): the process ends here, and freeing each
    // deployment's model and every finding one by one would only cost time.
    std::mem::forget((report, apart));
    Ok(u8::from(failed))
}

/// The diagnoses for `--symptom` (or, without it, for the symptoms the transcripts show).
fn diagnoses(
    symptom: Option<&str>,
    rules: &[crate::rules::Rule],
    findings: &[crate::findings::Finding],
    checklist: &crate::checklist::Checklist,
    model: &Model,
    checked: &crate::diagnose::Checked,
    cmdlets: crate::model::CmdletGeneration,
) -> Result<Vec<crate::diagnose::Diagnosis>> {
    use crate::diagnose::{catalogue, matching, verdict};
    let symptoms = catalogue::load(rules).map_err(|e| UsageError(e.to_string()))?;
    let ids = || {
        symptoms
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen: Vec<(&catalogue::Symptom, String)> = match symptom {
        Some(text) => match matching::by_text(&symptoms, text) {
            Ok(found) => vec![found],
            Err(suggestion) => bail!(UsageError(format!(
                "no symptom matches `{text}`; {suggestion}"
            ))),
        },
        None => {
            let found = matching::in_evidence(&symptoms, model);
            if found.is_empty() {
                bail!(UsageError(format!(
                    "no --symptom given and no error found in the evidence's transcripts; give --symptom ID-or-TEXT (known symptoms: {})",
                    ids()
                )));
            }
            found
        }
    };
    Ok(chosen
        .into_iter()
        .map(|(s, how)| verdict::diagnose(s, how, findings, checklist, model, checked, cmdlets))
        .collect())
}

/// Plans probes from the model's facts, runs them, and adds what they saw to the model. With
/// `--record`, the recording is written first and read back from its text, so the findings point
/// at its lines exactly as a later replay of the file will.
fn probe_into(
    model: &mut Model,
    options: &crate::probe::ProbeOptions,
    args: &crate::cli::ProbeArgs,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let facts = crate::probe::plan::facts_from(model, args.smtp_domain.as_deref());
    let plan = crate::probe::plan::plan(facts);
    if plan.is_empty() {
        bail!(UsageError(
            "nothing to probe: give --sip-domain, --web-fqdn or --tenant-id (or hybridlint.toml, or evidence that names them)".into()
        ));
    }
    let recording = crate::probe::run(&plan, options, progress).map_err(|e| anyhow::anyhow!(e))?;
    match &args.record {
        Some(path) => {
            let text = serde_json::to_string_pretty(&recording)? + "\n";
            std::fs::write(path, &text).with_context(|| {
                format!("cannot write the probe recording to {}", path.display())
            })?;
            let display = path.display().to_string();
            let lines = crate::evidence::text::lines(&text);
            model.files.push(crate::model::SourceFile {
                path: display.clone(),
                kind: crate::model::EvidenceKind::Recording,
                encoding: Some("UTF-8".to_string()),
                bom: false,
                lines: crate::model::SourceText::from_lines(&lines).into(),
                suppressions: Vec::new(),
            });
            crate::evidence::recording::ingest(&recording, Some((&display, &lines)), model);
        }
        None => crate::evidence::recording::ingest(&recording, None, model),
    }
    Ok(())
}

fn list_rules(args: RulesArgs) -> Result<u8> {
    let rules = catalogue::load(&args.rules).map_err(|e| UsageError(e.to_string()))?;
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "name": r.file.name, "severity": r.file.severity, "summary": r.file.summary}))
                .collect();
            crate::stdout::print(&(serde_json::to_string_pretty(&list)? + "\n"))?;
        }
        ListFormat::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut text = String::new();
            for r in &rules {
                text.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    r.id,
                    r.file.severity.as_str(),
                    r.file.summary
                ));
            }
            crate::stdout::print(&text)?;
        }
    }
    Ok(0)
}

/// `hybridlint procedures`: the integrations known, and how evidence is recognised as each.
fn list_procedures(args: crate::cli::ProceduresArgs) -> Result<u8> {
    let procedures = crate::procedure::catalogue::load(&args.procedures)
        .map_err(|e| UsageError(e.to_string()))?;
    let text = match args.format {
        ListFormat::Json => {
            let list: Vec<_> = procedures
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id,
                        "title": p.file.title,
                        "summary": p.file.summary,
                        "parties": p.file.party_names(),
                        "recognised-by": p.file.recognise.iter().map(|s| serde_json::json!({"why": s.why, "weak": s.weak})).collect::<Vec<_>>(),
                        "steps": p.file.step.iter().map(|s| serde_json::json!({"id": s.id, "title": s.title})).collect::<Vec<_>>(),
                        "rules": p.file.rules,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
        ListFormat::Human => crate::procedure::listing::human(&procedures),
    };
    crate::stdout::print(&text)?;
    Ok(0)
}

/// `hybridlint symptoms`: what `diagnose --symptom` accepts, id and title.
fn list_symptoms(format: ListFormat) -> Result<u8> {
    let rules = catalogue::load(&[]).map_err(|e| UsageError(e.to_string()))?;
    let symptoms =
        crate::diagnose::catalogue::load(&rules).map_err(|e| UsageError(e.to_string()))?;
    let text = match format {
        ListFormat::Json => {
            let list: Vec<_> = symptoms
                .iter()
                .map(|s| serde_json::json!({"id": s.id, "title": s.file.title, "seen-as": s.file.seen_as, "synonyms": s.file.synonyms}))
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
        ListFormat::Human => {
            let width = symptoms.iter().map(|s| s.id.len()).max().unwrap_or(0);
            symptoms
                .iter()
                .map(|s| format!("{:width$}  {}\n", s.id, s.file.title))
                .collect()
        }
    };
    crate::stdout::print(&text)?;
    Ok(0)
}

fn explain(args: ExplainArgs) -> Result<u8> {
    let rules = catalogue::load(&args.rules).map_err(|e| UsageError(e.to_string()))?;
    let Some(rule) = rules.iter().find(|r| r.id == args.rule) else {
        bail!(UsageError(format!(
            "no rule `{}`: {}",
            args.rule,
            catalogue::did_you_mean(&args.rule, &rules)
        )));
    };
    crate::stdout::print(&crate::docs::rule_markdown(rule))?;
    Ok(0)
}
