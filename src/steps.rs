//! Step ids. A step is named by the id its procedure file gives it (`procedures/*.toml`:
//! `export-certificate`, `oauth-server`, `auth-server`, …); the checklist shows the steps of the
//! procedures the evidence is recognised as, the cmdlet catalogue names the step each cmdlet
//! performs, rules and symptoms name the step they judge. This module knows the ids' shape; the
//! procedure files know which exist (`procedure::catalogue::check_steps` holds the others to them).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A step of a procedure, by the id its procedure file gives it (`procedures/*.toml`). Parsing
/// checks the id's shape only; which ids exist is the procedures' to say, checked when rules,
/// symptoms and procedures are loaded together (`procedure::catalogue::check_steps`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StepId(String);

impl StepId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for StepId {
    type Err = String;

    /// Lower-case letters, digits and single dashes (`exchange-credential`): the form of a
    /// procedure file's ids. A checklist entry's subject (`spn:contoso.com`) is not a step id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let well_formed = !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if well_formed {
            Ok(StepId(s.to_string()))
        } else {
            Err(format!(
                "`{s}` is not a step id (lower-case words joined by `-`, as `procedures/*.toml` write them)"
            ))
        }
    }
}

impl TryFrom<String> for StepId {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<StepId> for String {
    fn from(id: StepId) -> String {
        id.0
    }
}

/// What a command does in the procedure: a step, or the credential step of whichever principal it
/// acts on (the same cmdlet uploads to the Lync and the Exchange principal).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum CommandStep {
    Step(StepId),
    Credential,
}

impl CommandStep {
    pub fn as_str(&self) -> &str {
        match self {
            CommandStep::Step(s) => s.as_str(),
            CommandStep::Credential => "credential",
        }
    }
}

impl TryFrom<String> for CommandStep {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s == "credential" {
            return Ok(CommandStep::Credential);
        }
        s.parse()
            .map(CommandStep::Step)
            .map_err(|e| format!("{e}, or `credential`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for text in [
            "export-certificate",
            "oauth-server",
            "exchange-principal-enabled",
            "spn",
        ] {
            let step: StepId = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(step.as_str(), text);
            let json = serde_json::to_string(&step).unwrap_or_default();
            assert_eq!(json, format!("\"{text}\""));
        }
        for bad in ["spn:contoso.com", "", "Oauth-Server", "a--b", "-a"] {
            assert!(bad.parse::<StepId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn command_steps_read_credential_and_step_ids() {
        assert_eq!(
            CommandStep::try_from("credential".to_string()),
            Ok(CommandStep::Credential)
        );
        assert_eq!(
            CommandStep::try_from("spn".to_string()),
            Ok(CommandStep::Step(StepId("spn".to_string())))
        );
        assert!(CommandStep::try_from("Upload Step".to_string()).is_err());
    }
}
