//! The procedure's step ids, in one place. The checklist shows them, the cmdlet catalogue names the
//! step each cmdlet performs, and rules name the step they judge; all use these ids.
//!
//! | id | the step |
//! | --- | --- |
//! | `export-certificate` | export the OAuth certificate (Base64 `.cer`) |
//! | `tenant-id` | read the tenant id |
//! | `oauth-server` | `New-CsOAuthServer microsoft.sts` |
//! | `partner-application` | `New-CsPartnerApplication microsoft.exchange` |
//! | `oauth-service-name` | `Set-CsOAuthConfiguration -ServiceName 00000004-…` |
//! | `connect-tenant` | connect to the tenant |
//! | `lync-credential` | upload the certificate to the Lync principal (00000004-…) |
//! | `exchange-credential` | upload the certificate to the Exchange principal (00000002-…) |
//! | `exchange-principal-enabled` | enable the Exchange principal |
//! | `spn` | add the SPN `00000004-…/<FQDN>` (one checklist entry `spn:<fqdn>` per known FQDN) |
//! | `dns` | public DNS records point on premises |
//! | `metadata-endpoints` | metadata endpoints reachable and valid |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A step of the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    ExportCertificate,
    TenantId,
    #[serde(rename = "oauth-server")]
    OAuthServer,
    PartnerApplication,
    #[serde(rename = "oauth-service-name")]
    OAuthServiceName,
    ConnectTenant,
    LyncCredential,
    ExchangeCredential,
    ExchangePrincipalEnabled,
    Spn,
    Dns,
    MetadataEndpoints,
}

impl StepId {
    /// Every step, in the procedure's order.
    pub const ALL: [StepId; 12] = [
        StepId::ExportCertificate,
        StepId::TenantId,
        StepId::OAuthServer,
        StepId::PartnerApplication,
        StepId::OAuthServiceName,
        StepId::ConnectTenant,
        StepId::LyncCredential,
        StepId::ExchangeCredential,
        StepId::ExchangePrincipalEnabled,
        StepId::Spn,
        StepId::Dns,
        StepId::MetadataEndpoints,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepId::ExportCertificate => "export-certificate",
            StepId::TenantId => "tenant-id",
            StepId::OAuthServer => "oauth-server",
            StepId::PartnerApplication => "partner-application",
            StepId::OAuthServiceName => "oauth-service-name",
            StepId::ConnectTenant => "connect-tenant",
            StepId::LyncCredential => "lync-credential",
            StepId::ExchangeCredential => "exchange-credential",
            StepId::ExchangePrincipalEnabled => "exchange-principal-enabled",
            StepId::Spn => "spn",
            StepId::Dns => "dns",
            StepId::MetadataEndpoints => "metadata-endpoints",
        }
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StepId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StepId::ALL
            .into_iter()
            .find(|step| step.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown step `{s}`; the steps are {}", known.join(", "))
            })
    }
}

/// What a command does in the procedure: a step, or the credential step of whichever principal it
/// acts on (the same cmdlet uploads to the Lync and the Exchange principal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum CommandStep {
    Step(StepId),
    Credential,
}

impl CommandStep {
    pub fn as_str(self) -> &'static str {
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
        for step in StepId::ALL {
            assert_eq!(step.as_str().parse::<StepId>(), Ok(step));
            let json = serde_json::to_string(&step).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", step.as_str()));
        }
        assert!("spn:contoso.com".parse::<StepId>().is_err());
    }

    #[test]
    fn command_steps_read_credential_and_step_ids() {
        assert_eq!(
            CommandStep::try_from("credential".to_string()),
            Ok(CommandStep::Credential)
        );
        assert_eq!(
            CommandStep::try_from("spn".to_string()),
            Ok(CommandStep::Step(StepId::Spn))
        );
        assert!(CommandStep::try_from("upload".to_string()).is_err());
    }
}
