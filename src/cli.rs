//! The command line: `check`, `rules` and `explain`. Definitions only; `app` runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lints the evidence of a Lync Server 2013 / Skype for Business Server to Exchange Online
/// server-to-server OAuth integration: exported certificates, PowerShell transcripts and scripts.
/// Says which step is wrong, where (file and line), why it matters and the exact fix.
#[derive(Debug, Parser)]
#[command(name = "hybridlint", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  hybridlint check fixtures/seed-walkthrough --now 2017-03-14\n  hybridlint check oauth.cer Configure-OAuth.ps1            pre-flight: lint before running\n  hybridlint check transcripts/ --format sarif --output hybridlint.sarif --fail-on warning\n  hybridlint check --probe --sip-domain contoso.com --web-fqdn lyncweb.contoso.com --record probes.json\n  hybridlint probe --tenant-id 8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e\n  hybridlint rules\n  hybridlint explain tenant/exchange-credential-missing"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check evidence files and folders and report every violation.
    ///
    /// Evidence is recognised by content: certificates (DER, PEM, Base64, .p7b; .pfx and private
    /// keys are reported), PowerShell transcripts (Start-Transcript, pasted console output) and
    /// scripts (.ps1). Folders are read recursively.
    Check(CheckArgs),
    /// Probe DNS and HTTPS endpoints only, and report what the dns/* and endpoint/* rules find.
    ///
    /// The names and URLs come from the facts (--sip-domain, --web-fqdn, --tenant-id, or
    /// hybridlint.toml), and from evidence files when PATHs are given. Takes every `check` option.
    Probe(CheckArgs),
    /// List every rule: id, default severity and summary.
    Rules(RulesArgs),
    /// Print a rule's whole documentation: what breaks, the symptom, the fix and references.
    Explain(ExplainArgs),
    /// Print the normalised model of the evidence as JSON: what hybridlint read, and the shape
    /// that data checks in rule files query (`collection = "configuration.oauth_servers"`).
    Model(ModelArgs),
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
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Judge every date (certificate validity, credential dates) as of this day, YYYY-MM-DD, so
    /// CI results do not change as time passes. Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub now: Option<String>,

    #[command(flatten)]
    pub facts: FactArgs,

    /// Run only these rules: a rule id (tenant/spn-missing) or an area (tenant). Repeatable.
    #[arg(long, value_name = "ID-or-AREA")]
    pub select: Vec<String>,

    /// Skip these rules: a rule id or an area. Repeatable.
    #[arg(long, value_name = "ID-or-AREA")]
    pub ignore: Vec<String>,

    /// Load extra rule files from DIR (laid out as DIR/<area>/<name>.toml). Repeatable.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Read settings from FILE instead of looking for hybridlint.toml in the first path or the
    /// current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub probe: ProbeArgs,
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
pub struct FactArgs {
    /// The tenant id (GUID), as Get-CsTenant prints it.
    #[arg(long, value_name = "GUID")]
    pub tenant_id: Option<String>,

    /// The default SIP domain (the on-premises realm).
    #[arg(long, value_name = "DOMAIN")]
    pub sip_domain: Option<String>,

    /// An external web services FQDN, one per pool. Repeatable.
    #[arg(long, value_name = "FQDN")]
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
pub struct ExplainArgs {
    /// The rule id, e.g. tenant/exchange-credential-missing.
    pub rule: String,
    /// Also look in rules from DIR. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}
