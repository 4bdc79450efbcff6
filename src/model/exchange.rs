//! Exchange Server's side of server-to-server OAuth, as the evidence shows it: auth servers
//! (`Get-AuthServer`), partner applications (`Get-PartnerApplication`), the auth configuration
//! (`Get-AuthConfig`) and intra-organization connectors (`Get-IntraOrganizationConnector`).
//! Each object is one observation: a command that creates or sets it (planned in a script, run
//! in a transcript) or a record that shows it (printed, or exported to CLIXML, CSV or JSON).
//! Every property is a `Fact` with its location; a property the observation does not mention is
//! `None`, and a value only run time knows is an unknown fact, never a wrong one.

use serde::Serialize;

use super::{EvidenceKind, Fact, FactSource, Location, Outcome};

/// Where and how one Exchange object was seen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeObservation {
    /// The cmdlet that set or showed it (`New-AuthServer`, `Get-AuthConfig`).
    pub cmdlet: String,
    /// The kind of file it was read from: a script is a plan, a transcript what happened,
    /// printed output and exports what the object looked like.
    pub origin: EvidenceKind,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// An authorization server Exchange trusts (`New-AuthServer`, `Set-AuthServer`, a
/// `Get-AuthServer` object): ACS (`WindowsAzureACS`) or Entra ID (`EvoSts`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeAuthServer {
    /// `Name`, or the `-Identity` a Set- command names it by.
    pub name: Option<Fact>,
    /// `Type`: `AzureAD`, `MicrosoftACS`, `ADFS`, … (documented values; tolerant of others).
    pub server_type: Option<Fact>,
    pub realm: Option<Fact>,
    pub auth_metadata_url: Option<Fact>,
    /// `True`/`False` when known.
    pub enabled: Option<Fact>,
    /// The dedicated Exchange hybrid application's id (April 2025 onwards).
    pub application_identifier: Option<Fact>,
    /// The tenant domain(s) of a multi-tenant set-up (`-DomainName`).
    pub domain_name: Option<Fact>,
    pub seen: ExchangeObservation,
}

/// A partner application Exchange trusts (`New-PartnerApplication`, `Set-PartnerApplication`,
/// a `Get-PartnerApplication` object), such as `Exchange Online` (`00000002-…`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangePartnerApplication {
    /// `Name`, or the `-Identity` a Set- command names it by; `None` when the object came down a
    /// pipeline (`Get-PartnerApplication | ? {…} | Set-PartnerApplication -Enabled $true`).
    pub name: Option<Fact>,
    /// The application id; for a piped Set- command, the id its filter selects, when it names one.
    pub application_identifier: Option<Fact>,
    pub realm: Option<Fact>,
    pub enabled: Option<Fact>,
    pub linked_account: Option<Fact>,
    pub auth_metadata_url: Option<Fact>,
    pub seen: ExchangeObservation,
}

/// The organization's auth configuration (`Set-AuthConfig`, a `Get-AuthConfig` object): which
/// certificate Exchange signs its tokens with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeAuthConfig {
    /// Set with `-CertificateThumbprint`.
    pub current_certificate_thumbprint: Option<Fact>,
    /// Set with `-NewCertificateThumbprint`.
    pub next_certificate_thumbprint: Option<Fact>,
    /// Set with `-NewCertificateEffectiveDate`.
    pub next_certificate_effective_date: Option<Fact>,
    pub previous_certificate_thumbprint: Option<Fact>,
    /// `00000002-0000-0ff1-ce00-000000000000` unless changed.
    pub service_name: Option<Fact>,
    /// Blank on premises.
    pub realm: Option<Fact>,
    /// `-PublishCertificate` given: the next certificate becomes the current one.
    pub publishes_certificate: bool,
    /// `-ClearPreviousCertificate` given.
    pub clears_previous_certificate: bool,
    pub seen: ExchangeObservation,
}

/// An intra-organization connector (`New-IntraOrganizationConnector`,
/// `Set-IntraOrganizationConnector`, a `Get-IntraOrganizationConnector` object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntraOrganizationConnector {
    /// `Name`, or the `-Identity` a Set- command names it by.
    pub name: Option<Fact>,
    /// One fact per domain; a list cut short by `$FormatEnumerationLimit` ends in an unknown one.
    pub target_address_domains: Vec<Fact>,
    pub discovery_endpoint: Option<Fact>,
    pub enabled: Option<Fact>,
    pub target_sharing_epr: Option<Fact>,
    pub seen: ExchangeObservation,
}

/// Everything the evidence says about Exchange Server's OAuth objects, in evidence order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExchangeConfiguration {
    pub auth_servers: Vec<ExchangeAuthServer>,
    pub partner_applications: Vec<ExchangePartnerApplication>,
    pub auth_configs: Vec<ExchangeAuthConfig>,
    pub intra_organization_connectors: Vec<IntraOrganizationConnector>,
}

impl ExchangeConfiguration {
    pub fn is_empty(&self) -> bool {
        self.auth_servers.is_empty()
            && self.partner_applications.is_empty()
            && self.auth_configs.is_empty()
            && self.intra_organization_connectors.is_empty()
    }

    /// The thumbprints of the Exchange auth certificate the evidence names (current and next), as
    /// written, from records and from commands that may have taken effect; unknown and blank
    /// values left out.
    pub fn auth_certificate_thumbprints(&self) -> Vec<&Fact> {
        self.auth_configs
            .iter()
            .filter(|c| c.seen.outcome != Outcome::Failed)
            .flat_map(|c| {
                [
                    c.current_certificate_thumbprint.as_ref(),
                    c.next_certificate_thumbprint.as_ref(),
                ]
            })
            .flatten()
            .filter(|f| f.is_known() && !f.value.is_empty())
            .collect()
    }
}
