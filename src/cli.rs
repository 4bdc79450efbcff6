//! The command line: `check`, `rules`, `explain`, `model` and the generators (`completions`,
//! `man`, `schema`, `docs`). Definitions only; `app` runs them. `Cli::parse_args` also pairs each
//! `--format` with its `--output` by position, which the derive alone cannot see.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::model::CmdletGeneration;
use crate::outputs::{self, OutputTarget};

/// Lints the evidence of a Lync Server 2013 / Skype for Business Server to Exchange Online
/// server-to-server OAuth integration: exported certificates, PowerShell transcripts and scripts.
/// Says which step is wrong, where (file and line), why it matters and the exact fix.
#[derive(Debug, Parser)]
#[command(name = "hybridlint", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  hybridlint check fixtures/seed-walkthrough --now 2017-03-14\n  hybridlint check oauth.cer Configure-OAuth.ps1            pre-flight: lint before running\n  hybridlint check transcripts/ --format sarif --output hybridlint.sarif --fail-on warning\n  hybridlint check . --format sarif --output hybridlint.sarif --format human   two reports in one run\n  hybridlint check . --write-baseline hybridlint-baseline.json                 accept today's findings\n  hybridlint check --probe --sip-domain contoso.com --web-fqdn lyncweb.contoso.com --record probes.json\n  hybridlint probe --tenant-id 8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e\n  hybridlint rules\n  hybridlint explain tenant/exchange-credential-missing"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: boxing `CheckArgs` to even out the variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check evidence files and folders and report every violation.
    ///
    /// Evidence is recognised by content: certificates (DER, PEM, Base64, .p7b; .pfx and private
    /// keys are reported), PowerShell transcripts (Start-Transcript, pasted console output),
    /// scripts (.ps1), printed cmdlet output (`| fl > file`), Export-Clixml, Export-Csv and
    /// ConvertTo-Json files, and bundles from `hybridlint collect` (a folder or .zip). Folders are
    /// read recursively. Paths holding no evidence at all are an error (exit 2).
    Check(CheckArgs),
    /// Probe DNS and HTTPS endpoints only, and report what the dns/* and endpoint/* rules find.
    ///
    /// The names and URLs come from the facts (--sip-domain, --web-fqdn, --tenant-id, or
    /// hybridlint.toml), and from evidence files when PATHs are given. Takes every `check` option.
    Probe(CheckArgs),
    /// Diagnose a symptom: the causes the evidence shows (ranked), the causes it rules out, and
    /// the causes still open, each with the command that gets the missing evidence.
    ///
    /// --symptom takes a symptom id (see the list in the error when nothing matches) or the text
    /// you saw, pasted: an OWA banner, an AADSTS line, an error message. Without --symptom, the
    /// error lines in the evidence's transcripts are diagnosed. Takes every `check` option.
    Diagnose(DiagnoseArgs),
    /// Write a PowerShell script that performs exactly the missing or failed steps of the
    /// procedure, with values from the evidence, checking state before changing it.
    ///
    /// Read it before running it. It never contains a secret. Takes the evidence options of
    /// `check`; --output FILE writes the script to FILE (default: standard output).
    Fix(FixArgs),
    /// Print a read-only PowerShell script that collects all the evidence into one bundle:
    /// `hybridlint collect > Collect-HybridEvidence.ps1`.
    ///
    /// Run it on a Skype for Business / Lync Server front end (and, for the tenant part, with the
    /// Microsoft Graph modules). It runs only Get- cmdlets, signs in to Graph with read-only
    /// scopes, never exports a private key, secret or token, and saves each result with
    /// Export-Clixml into one folder with a manifest and a transcript, then zips it. Give the
    /// folder or the .zip to `check`, `diagnose` or `fix`.
    Collect(CollectArgs),
    /// List every rule: id, default severity and summary.
    Rules(RulesArgs),
    /// Print a rule's whole documentation: what breaks, the symptom, the fix and references.
    Explain(ExplainArgs),
    /// List the symptoms `diagnose --symptom` knows: id and title.
    Symptoms(SymptomsArgs),
    /// List the integrations hybridlint knows (one procedure each) and how evidence is
    /// recognised as each.
    Procedures(ProceduresArgs),
    /// Print the normalised model of the evidence as JSON: what hybridlint read, and the shape
    /// that data checks in rule files query (`collection = "configuration.oauth_servers"`).
    Model(ModelArgs),
    /// Print a shell completion script: `source <(hybridlint completions bash)`.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    Man(ManArgs),
    /// Print the JSON Schema of hybridlint.toml (published as docs/hybridlint.schema.json).
    Schema,
    /// Write every rule's documentation as Markdown (DIR/<area>/<name>.md and an index), or check
    /// that the files there are up to date.
    Docs(DocsArgs),
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Write the script to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write hybridlint.1 and hybridlint-<command>.1 into DIR instead of printing hybridlint.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The folder for the Markdown files.
    #[arg(default_value = "docs/rules")]
    pub dir: PathBuf,
    /// Write nothing; exit 1 and list the files that are missing, stale or extra.
    #[arg(long)]
    pub check: bool,
    /// Also document the rules in DIR. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Files and folders to read (folders recursively).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Judge dates as of this day, YYYY-MM-DD. Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub now: Option<String>,
    #[command(flatten)]
    pub facts: FactArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings grouped by file with the source line underlined (colour on a terminal).
    Human,
    /// One JSON object: findings, summary (a stable contract; see README).
    Json,
    /// SARIF 2.1.0 for code-scanning upload.
    Sarif,
    /// JUnit XML: one test case per rule and file, for Azure DevOps, Jenkins and GitLab.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the diff.
    Github,
    /// One self-contained HTML file for handing to a customer.
    Html,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// Azure Pipelines logging commands (`##vso[task.logissue type=error;sourcepath=…]…`).
    #[value(alias = "azure-pipelines")]
    Azure,
    /// GitLab Code Quality report (JSON), for merge request widgets.
    Gitlab,
}

impl Format {
    /// The format a report file's name implies (`.sarif`, `.json`, `.xml`, `.html`), for an
    /// `--output` given without a `--format`.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".sarif") || name.ends_with(".sarif.json") {
            Some(Format::Sarif)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".xml") {
            Some(Format::Junit)
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Some(Format::Html)
        } else {
            None
        }
    }
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; FORCE_COLOR or CLICOLOR_FORCE force it on.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders recursively). Default: the current folder for
    /// `check`, none for `probe`. A probe recording (--record) given here is replayed offline.
    /// `-` reads standard input; an evidence bundle may be given as a folder or a `.zip`.
    pub paths: Vec<PathBuf>,

    /// The name to show for standard input (`-`) in findings; its extension helps recognise
    /// the content, as a file's would. Default: `<stdin>`.
    #[arg(long, value_name = "NAME", help_heading = "Evidence")]
    pub stdin_filename: Option<String>,

    /// Output format [default: human, or what --output's extension implies: .sarif, .json,
    /// .xml (junit), .html]. Repeatable, for several reports in one run: each --output FILE
    /// belongs to the --format before it, and a --format without one writes to standard output
    /// (at most one may), e.g. `--format sarif --output hybridlint.sarif --format human`.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        visible_alias = "output-format",
        help_heading = "Output"
    )]
    pub format: Vec<Format>,

    /// Write the report of the preceding --format to FILE instead of standard output. With a
    /// single --format, the order of the two does not matter.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub output: Vec<PathBuf>,

    /// Print how many findings each rule made instead of the findings (human and concise).
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,

    /// Show only findings at or above this severity (in every report; --fail-on still judges all).
    #[arg(long, value_enum, value_name = "SEVERITY", help_heading = "Output")]
    pub min_severity: Option<MinSeverity>,

    /// Print the findings only: no summary line, no checklist (human and concise).
    #[arg(short, long, conflicts_with = "verbose", help_heading = "Output")]
    pub quiet: bool,

    /// Also say on standard error what the run used: the date judged at, the config file, the
    /// facts, and the rules that could not run.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,

    /// Colour the human output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR or
    /// CLICOLOR_FORCE turn it on), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// The reports to write, --format paired with --output (filled in by `Cli::parse_args`).
    #[arg(skip)]
    pub outputs: Vec<OutputTarget>,

    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, help_heading = "Gating")]
    pub fail_on: FailOn,

    /// Judge every date in the evidence (certificate validity, credential dates) as of this day,
    /// YYYY-MM-DD, so CI results do not change as time passes. Default: today. (The `until` day of
    /// an [[ignore]] in hybridlint.toml is always judged against today.)
    #[arg(long, value_name = "YYYY-MM-DD", help_heading = "Evidence")]
    pub now: Option<String>,

    #[command(flatten)]
    pub facts: FactArgs,

    /// Run only these rules: a rule id (tenant/spn-missing) or an area (tenant). Repeatable.
    #[arg(long, value_name = "ID-or-AREA", help_heading = "Rules")]
    pub select: Vec<String>,

    /// Skip these rules: a rule id or an area. Repeatable.
    #[arg(long, value_name = "ID-or-AREA", help_heading = "Rules")]
    pub ignore: Vec<String>,

    /// Load extra rule files from DIR (laid out as DIR/<area>/<name>.toml). Repeatable.
    #[arg(long, value_name = "DIR", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,

    /// Judge the evidence as this integration's procedure (see `hybridlint procedures`) instead
    /// of the one recognised from it.
    #[arg(long, value_name = "ID", help_heading = "Rules")]
    pub procedure: Option<String>,

    /// Load extra procedure files from DIR (DIR/<id>.toml; one with a built-in id replaces it).
    /// Repeatable.
    #[arg(long, value_name = "DIR", help_heading = "Rules")]
    pub procedures: Vec<PathBuf>,

    /// Read settings from FILE instead of the hybridlint.toml found by walking up from each PATH
    /// to the repository root.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "isolated",
        help_heading = "Configuration"
    )]
    pub config: Option<PathBuf>,

    /// Read no hybridlint.toml at all: defaults and flags only.
    #[arg(long, visible_alias = "no-config", help_heading = "Configuration")]
    pub isolated: bool,

    #[command(flatten)]
    pub probe: ProbeArgs,

    /// Hide the findings recorded in FILE (written by --write-baseline): report and fail only on
    /// new ones, and report recorded findings that no longer occur (info). Overrides `baseline`
    /// in hybridlint.toml.
    #[arg(long, value_name = "FILE", help_heading = "Gating")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in FILE (by rule, path and source line, not line number) and
    /// apply it to this run, which then reports none of them.
    #[arg(long, value_name = "FILE", help_heading = "Gating")]
    pub write_baseline: Option<PathBuf>,

    /// Never draw the progress bar. It is drawn on standard error only when that is a terminal,
    /// outside CI, for runs over many files, and never while a machine-readable report goes to
    /// standard output.
    #[arg(long, help_heading = "Output")]
    pub no_progress: bool,

    /// Print the procedure's steps, each done, failed, missing or unknown, with its evidence.
    /// (JSON and HTML reports always carry the checklist.)
    #[arg(long, help_heading = "Output")]
    pub checklist: bool,

    /// The tenant cmdlets in all the PowerShell hybridlint prints: each finding's fix, the `fix`
    /// script, the commands `diagnose` says to run. MSOnline and AzureAD are retired: ask for
    /// them only for a shell that still has them.
    #[arg(long, value_enum, default_value_t = CmdletGeneration::Graph)]
    pub cmdlets: CmdletGeneration,

    /// Read evidence files, and judge rules and deployments, on N threads. Default: one per
    /// available core. The findings are the same whatever N is.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help_heading = "Evidence")]
    pub threads: Option<u16>,
}

impl CheckArgs {
    /// The reports to write: those paired by `Cli::parse_args`, or else the pairing that needs
    /// no positions (one --format at most).
    pub fn targets(&self) -> Result<Vec<OutputTarget>, String> {
        if !self.outputs.is_empty() {
            return Ok(self.outputs.clone());
        }
        let formats: Vec<(usize, Format)> = self.format.iter().copied().enumerate().collect();
        if formats.len() > 1 && !self.output.is_empty() {
            return Err("several --format with --output need their positions: parse the command line with Cli::parse_args".into());
        }
        let files: Vec<(usize, PathBuf)> = self.output.iter().cloned().enumerate().collect();
        outputs::pair(&formats, &files)
    }
}

/// What `fix` takes from `check` but has no use for (it writes a script, not a report, and never
/// a baseline): hidden from `fix --help`, the man page and completions, and refused when given.
const NOT_FOR_FIX: &[&str] = &[
    "format",
    "statistics",
    "min_severity",
    "quiet",
    "verbose",
    "color",
    "fail_on",
    "write_baseline",
    "checklist",
];

impl Cli {
    /// The clap command with each subcommand's arguments as it accepts them (`fix` hides the
    /// report options it refuses). Help, man pages and completions all come from this.
    pub fn full_command() -> clap::Command {
        Cli::command().mut_subcommand("fix", |mut fix| {
            for id in NOT_FOR_FIX {
                fix = fix.mut_arg(*id, |a| a.hide(true));
            }
            fix.mut_arg("output", |a| {
                a.help("Write the script to FILE instead of standard output")
                    .help_heading("Output")
            })
        })
    }

    /// Parses the process's command line; on an error prints usage and exits with status 2.
    pub fn parse_args() -> Cli {
        Self::try_parse_args_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// Parses `args` (the program name first), pairing `check`'s `--format` and `--output`.
    pub fn try_parse_args_from<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut command = Cli::full_command();
        let matches = command.try_get_matches_from_mut(args)?;
        if let Some(fix) = matches.subcommand_matches("fix")
            && let Some(id) = NOT_FOR_FIX
                .iter()
                .find(|id| fix.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        {
            let flag = id.replace('_', "-");
            return Err(command.error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("`fix` writes a PowerShell script, not a report: --{flag} does not apply (use --output FILE for the script)"),
            ));
        }
        let mut cli = Cli::from_arg_matches(&matches)?;
        let (check, name) = match &mut cli.command {
            Command::Check(c) => (Some(c), "check"),
            Command::Probe(c) => (Some(c), "probe"),
            Command::Diagnose(d) => (Some(&mut d.check), "diagnose"),
            _ => (None, ""),
        };
        if let Some(check) = check
            && let Some(m) = matches.subcommand_matches(name)
        {
            let formats: Vec<(usize, Format)> = m
                .indices_of("format")
                .into_iter()
                .flatten()
                .zip(check.format.iter().copied())
                .collect();
            let files: Vec<(usize, PathBuf)> = m
                .indices_of("output")
                .into_iter()
                .flatten()
                .zip(check.output.iter().cloned())
                .collect();
            check.outputs = outputs::pair(&formats, &files).map_err(|message| {
                command.error(clap::error::ErrorKind::ArgumentConflict, message)
            })?;
        }
        Ok(cli)
    }
}

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The symptom: an id (owa-join-details-missing) or the text you saw, pasted.
    #[arg(long, value_name = "ID-or-TEXT")]
    pub symptom: Option<String>,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// `--cmdlets graph|msonline|azuread`: the model's one enum of tenant-cmdlet generations, with the
/// names and help the command line shows.
impl ValueEnum for CmdletGeneration {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            CmdletGeneration::Graph,
            CmdletGeneration::MsOnline,
            CmdletGeneration::AzureAd,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            CmdletGeneration::Graph => PossibleValue::new("graph").help(
                "Microsoft Graph PowerShell (Connect-MgGraph, Update-MgServicePrincipal)",
            ),
            CmdletGeneration::MsOnline => PossibleValue::new("msonline").help(
                "The retired MSOnline module (Connect-MsolService), only for a shell that still has it",
            ),
            CmdletGeneration::AzureAd => PossibleValue::new("azuread").help(
                "The retired AzureAD module (Connect-AzureAD), only for a shell that still has it",
            ),
        })
    }
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Live probes of DNS and HTTPS endpoints. Off unless asked: `check` never touches the network
/// without --probe.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Probes")]
pub struct ProbeArgs {
    /// Also probe DNS and the HTTPS endpoints (metadata documents, lyncdiscover) named by the facts.
    #[arg(long)]
    pub probe: bool,

    /// Ask this DNS server (UDP, falling back to TCP) instead of the system's. Repeatable.
    #[arg(long, value_name = "IP:PORT")]
    pub nameserver: Vec<String>,

    /// Connect to IP:PORT whenever a URL names HOST; TLS still checks HOST (like curl's
    /// --connect-to). Repeatable.
    #[arg(long, value_name = "HOST=IP:PORT")]
    pub resolve: Vec<String>,

    /// Trust the CA certificates in FILE (PEM or DER) besides the public roots. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Vec<PathBuf>,

    /// Seconds each probe may take; the whole run is bounded by three times this.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,

    /// Write everything the probes observed to FILE (JSON). Give FILE to `check` later to replay
    /// it offline: the same findings, without the network.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// The SMTP domain whose `autodiscover` record is probed. Default: the SIP domain.
    #[arg(long, value_name = "DOMAIN")]
    pub smtp_domain: Option<String>,
}

/// Facts you know, which rules compare the evidence with. They override hybridlint.toml.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Facts")]
pub struct FactArgs {
    /// The tenant id (GUID), as Get-CsTenant prints it.
    #[arg(long, value_name = "GUID")]
    pub tenant_id: Option<String>,

    /// The default SIP domain (the on-premises realm).
    #[arg(long, value_name = "DOMAIN")]
    pub sip_domain: Option<String>,

    /// An external web services FQDN, one per pool: a host name only (no scheme, path or port).
    /// Repeatable.
    #[arg(long, value_name = "FQDN", value_parser = crate::hostname::parse_host_name)]
    pub web_fqdn: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Also list rules from DIR. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ProceduresArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Also list procedures from DIR. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub procedures: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SymptomsArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. tenant/exchange-credential-missing.
    pub rule: String,
    /// Also look in rules from DIR. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}
