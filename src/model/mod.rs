//! The one normalised model of the configuration that every rule reads. Loaders build it; rules
//! never see files or the network, only this.

mod certificate;
mod command;
mod configuration;
mod location;
mod output;
mod source;

pub use certificate::*;
pub use command::*;
pub use configuration::*;
pub use location::Location;
pub use output::*;
pub use source::*;

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
    pub configuration: Configuration,
    pub expected: ExpectedFacts,
    /// The instant every date is judged against (`--now`).
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
}

impl Model {
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
            configuration: Configuration::default(),
            expected,
            now,
        }
    }
}
