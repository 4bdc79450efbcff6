//! The one normalised model of the configuration that every rule reads. Loaders build it; rules
//! never see files or the network, only this.

mod app_ids;
mod best_known;
mod certificate;
mod command;
mod configuration;
mod exchange;
mod file_lines;
pub mod json;
mod location;
mod output;
mod probe;
mod recognition;
mod secret;
mod shared_path;
mod shared_text;
mod source;
mod source_text;

pub use app_ids::AppIdsByCommand;
pub use best_known::KNOWN_FACTS;
pub use certificate::*;
pub use command::*;
pub use configuration::*;
pub use exchange::*;
pub use file_lines::{FileLines, HeldLines, Reread};
pub use location::{Location, SharedPath};
pub use output::*;
pub use probe::*;
pub use recognition::*;
pub use secret::*;
pub use shared_text::{SharedText, shared_text};
pub use source::*;
pub use source_text::SourceText;

use serde::Serialize;
use time::OffsetDateTime;

/// Facts the user states up front (flags or `hybridlint.toml`), which rules compare the evidence with.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExpectedFacts {
    pub tenant_id: Option<String>,
    pub sip_domain: Option<String>,
    pub web_fqdns: Vec<String>,
}

/// Everything the evidence says, in one place.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub files: Vec<SourceFile>,
    pub problems: Vec<InputProblem>,
    pub certificates: Vec<Certificate>,
    pub not_certificates: Vec<NotCertificate>,
    pub private_keys: Vec<PrivateKey>,
    pub commands: Vec<Command>,
    pub method_calls: Vec<MethodCall>,
    pub assignments: Vec<Assignment>,
    pub records: Vec<Record>,
    pub errors: Vec<ErrorRecord>,
    pub prompts: Vec<ParameterPrompt>,
    /// Script parse errors (PowerShell would refuse to run the file).
    pub parse_errors: Vec<InputProblem>,
    /// Backticks followed by a space at the end of a script line: the line does not continue, and
    /// the next one runs on its own (`detail` holds that next line).
    pub broken_continuations: Vec<InputProblem>,
    /// `<placeholders>` in a runbook's commands (`detail` lists a line's): slots its reader fills
    /// in, so the command is not judged.
    pub placeholders: Vec<InputProblem>,
    /// Secrets written into text evidence, blanked in the text (see `evidence::secrets`).
    pub secrets: Vec<Secret>,
    pub configuration: Configuration,
    /// What live probes or replayed recordings observed.
    pub probes: ProbeEvidence,
    pub expected: ExpectedFacts,
    /// Which integration the evidence is for (`procedure::recognise`; empty until then).
    #[serde(skip)]
    pub recognition: Recognition,
    /// Per command index: a failure that a later success of the same step supersedes (worked out
    /// by the normaliser, which knows from the cmdlet catalogue what step a command performs).
    #[serde(skip)]
    pub superseded: Vec<bool>,
    /// Indices of the script commands read inside functions their file defines but never calls
    /// (in increasing order): the caller, which the evidence does not show, may have set the
    /// variables they read.
    #[serde(skip)]
    pub in_uncalled_functions: Vec<usize>,
    /// The instant every date is judged against (`--now`).
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
}

impl Model {
    /// The evidence-order position of a configuration fact's source.
    pub fn order_of(&self, source: FactSource) -> Option<usize> {
        match source {
            FactSource::Command(i) => self.commands.get(i).map(|c| c.order),
            FactSource::Record(i) => self.records.get(i).map(|r| r.order),
            FactSource::MethodCall(i) => self.method_calls.get(i).map(|m| m.order),
            FactSource::Assignment | FactSource::Expected => None,
        }
    }

    /// Every value written in a command argument, a method-call argument or an assignment, with
    /// the text of the statement it stands in (the whole command line for arguments), so checks
    /// can look at what the administrator typed and show the corrected statement.
    /// An iterator, not a list: three rules and their `applies` walk every value of a large
    /// transcript folder, and a list of them was built six times a run.
    pub fn written_values_in_context(&self) -> impl Iterator<Item = (&Value, &str)> + '_ {
        let arguments = self
            .commands
            .iter()
            .filter(|c| !self.is_superseded(c))
            .flat_map(|c| {
                c.arguments.iter().flat_map(move |a| {
                    a.value
                        .iter()
                        .chain(a.split_off.iter())
                        .map(move |v| (v, c.text.as_str()))
                })
            });
        let method_calls = self
            .method_calls
            .iter()
            .flat_map(|m| m.arguments.iter().map(|v| (v, v.text.as_str())));
        let assignments = self
            .assignments
            .iter()
            .map(|a| (&a.value, a.value.text.as_str()));
        arguments.chain(method_calls).chain(assignments)
    }

    /// Whether `c` failed and the same step (same cmdlet, same application ids once typing
    /// mistakes are corrected) later succeeded: the failure is history, not the current state.
    pub fn is_superseded(&self, c: &Command) -> bool {
        self.superseded.get(c.index).copied().unwrap_or(false)
    }

    /// [`Model::command_app_ids`] of every command at once, by command index: one pass over the
    /// principals' facts instead of one per command.
    pub fn app_ids_of_commands(&self) -> AppIdsByCommand {
        AppIdsByCommand::of_model(self)
    }

    /// The well-known application ids a command acts on: typed (typing mistakes corrected),
    /// resolved from variables, or attributed to it by the normaliser.
    pub fn command_app_ids(&self, c: &Command) -> Vec<&'static str> {
        let source = FactSource::Command(c.index);
        let mut ids = typed_app_ids(c).into_owned();
        ids.extend(
            self.principal_facts()
                .filter(|(s, _)| *s == source)
                .map(|(_, id)| id),
        );
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Every fact the normaliser attributed to a well-known principal (a credential, an SPN
    /// list, an enabled state), as (its source, the principal's id).
    pub fn principal_facts(&self) -> impl Iterator<Item = (FactSource, &'static str)> + '_ {
        self.configuration.service_principals.iter().flat_map(|sp| {
            let id = crate::wellknown::WELL_KNOWN_IDS
                .iter()
                .find(|(id, _)| id.eq_ignore_ascii_case(&sp.app_id))
                .map(|(id, _)| *id);
            sp.credentials
                .iter()
                .map(|x| x.source)
                .chain(sp.spn_lists.iter().map(|x| x.source))
                .chain(sp.enabled.iter().map(|x| x.source))
                .filter_map(move |source| Some((source, id?)))
        })
    }

    /// The external web services FQDNs: stated ones and those the evidence names, lower case,
    /// without a final dot, sorted and unique.
    pub fn web_fqdns(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .expected
            .web_fqdns
            .iter()
            .cloned()
            .chain(self.configuration.web_fqdns.iter().map(|f| f.value.clone()))
            .map(|f| f.trim_end_matches('.').to_ascii_lowercase())
            .filter(|f| !f.is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The file a location belongs to.
    pub fn file_kind(&self, path: &str) -> Option<EvidenceKind> {
        self.files.iter().find(|f| f.path == path).map(|f| f.kind)
    }

    /// Frees every file's lines, once nothing will quote them any more (findings have copied
    /// their source lines): on a large evidence folder the text is as big as the folder.
    pub fn forget_lines(&mut self) {
        for f in &mut self.files {
            f.lines = FileLines::default();
        }
    }

    pub fn new(now: OffsetDateTime, expected: ExpectedFacts) -> Self {
        Model {
            files: Vec::new(),
            problems: Vec::new(),
            certificates: Vec::new(),
            not_certificates: Vec::new(),
            private_keys: Vec::new(),
            commands: Vec::new(),
            method_calls: Vec::new(),
            assignments: Vec::new(),
            records: Vec::new(),
            errors: Vec::new(),
            prompts: Vec::new(),
            parse_errors: Vec::new(),
            broken_continuations: Vec::new(),
            secrets: Vec::new(),
            configuration: Configuration::default(),
            probes: ProbeEvidence::default(),
            superseded: Vec::new(),
            in_uncalled_functions: Vec::new(),
            placeholders: Vec::new(),
            recognition: Recognition::default(),
            expected,
            now,
        }
    }
}

/// The well-known application ids a command names: typed (typing mistakes corrected) or
/// resolved from variables.
fn typed_app_ids(c: &Command) -> std::borrow::Cow<'_, [&'static str]> {
    match &c.named_app_ids {
        Some(ids) => std::borrow::Cow::Borrowed(ids),
        None => std::borrow::Cow::Owned(named_app_ids(c)),
    }
}

/// Works out [`Command::named_app_ids`].
pub fn named_app_ids(c: &Command) -> Vec<&'static str> {
    std::iter::once(c.text.as_str())
        .chain(
            c.arguments
                .iter()
                .filter_map(|a| a.value.as_ref()?.resolved.as_deref()),
        )
        .flat_map(crate::guid::tokens)
        .filter_map(|(_, t)| crate::guid::closest_well_known(t).map(|(id, _)| id))
        .collect()
}

impl SpnList {
    /// Where in evidence order this list was written or printed.
    pub fn source_order(&self, model: &Model) -> Option<usize> {
        model.order_of(self.source)
    }
}
