//! The normalised configuration: what the evidence says the tenant, the OAuth servers, the partner
//! applications, the OAuth configuration and the service principals look like (or will look like,
//! for a script). Built by `evidence::normalize` from commands and printed records; read by rules.

use serde::Serialize;

use super::{Location, Outcome};

/// Where a configuration fact was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum FactSource {
    /// A command that sets it (index into `Model::commands`).
    Command(usize),
    /// A printed record that shows it (index into `Model::records`).
    Record(usize),
    /// A method call (index into `Model::method_calls`).
    MethodCall(usize),
    /// A plain variable assignment in a script.
    Assignment,
    /// Given by the user (`--tenant-id`, `hybridlint.toml`).
    Expected,
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// The value; when it is not known, the text as written (for messages only).
    pub value: String,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
    /// Why the value is not known (a variable with no value, a cmdlet's output, a date computed at
    /// run time). Rules never judge such a value wrong: they say they cannot confirm it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// The known form of an unknown value (`date-from-today`, `certificate-date`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

impl Fact {
    pub fn is_known(&self) -> bool {
        self.unknown.is_none()
    }
}

/// Which generation of tenant cmdlets the evidence uses. (Fixes are written in the one the user
/// asks for with `--cmdlets`, Graph by default.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CmdletGeneration {
    MsOnline,
    AzureAd,
    /// Microsoft Graph PowerShell; also the default when the evidence shows no tenant cmdlets,
    /// because MSOnline and AzureAD are retired.
    #[default]
    Graph,
}

/// Which halves of the procedure the evidence covers. Rules about a missing step only apply when
/// the evidence covers the half the step belongs to: a lone certificate says nothing about
/// whether `New-CsOAuthServer` ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Any Lync/SfB OAuth cmdlet (`*-CsOAuth*`, `*-CsPartnerApplication`) was run or shown.
    pub on_premises: bool,
    /// Any tenant cmdlet (MSOnline, AzureAD, Graph service-principal cmdlets) was run or shown.
    pub tenant: bool,
    /// The on-premises half is covered by what happened (a transcript, printed output), not only
    /// by scripts: a step missing there is known to be missing.
    pub on_premises_executed: bool,
    /// The same for the tenant half.
    pub tenant_executed: bool,
    /// The evidence concerns the Lync / Skype for Business side (its OAuth cmdlets or its
    /// `00000004-…` principal), not only Exchange: the Lync steps are then expected.
    pub lync: bool,
}

/// `New-CsOAuthServer` or a `Get-CsOAuthServer` record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OAuthServer {
    pub identity: String,
    /// Why the identity is known only at run time (`-Identity $name`), when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_unknown: Option<String>,
    pub metadata_url: Option<Fact>,
    /// `-Type` (`AzureAD` for Hybrid Modern Authentication's evoSTS, `ADFS`, …), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_type: Option<Fact>,
    /// `-AcceptSecurityIdentifierInformation` (`$true` for evoSTS), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_security_identifier_information: Option<Fact>,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// `New-CsPartnerApplication` / `Set-CsPartnerApplication` or a `Get-CsPartnerApplication` record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerApplication {
    pub identity: String,
    /// Why the identity is known only at run time (`-Identity $name`), when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_unknown: Option<String>,
    pub application_identifier: Option<Fact>,
    pub trust_level: Option<Fact>,
    /// `-UseOAuthServer` given (or `AuthToken : UseOAuthServer` shown).
    pub use_oauth_server: bool,
    pub metadata_url: Option<Fact>,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// One setting of the global OAuth configuration (`Set-CsOAuthConfiguration -ServiceName …`, or a
/// `Get-CsOAuthConfiguration` record's field). `name` is the parameter name in canonical case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OAuthSetting {
    pub name: String,
    pub value: Fact,
}

/// A key credential uploaded to (or shown on) a service principal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Credential {
    /// The cmdlet that uploaded it or printed it.
    pub cmdlet: String,
    /// The value as bound, when it could be resolved (Base64 of DER for a correct upload).
    pub value: Option<String>,
    /// How the value was written (`$credentialsValue`, `(Get-Content .\cert.cer)`), for messages.
    pub value_text: Option<String>,
    /// The known form of the value when its content is not in the evidence (`base64-of-der`,
    /// `der-bytes`, `ascii-bytes-of-base64`, `file-bytes`, `file-text`, `existing-key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_form: Option<String>,
    /// `-Type` (MSOnline) or the keyCredential `Type` (Graph), as written; `None` when left out.
    pub key_type: Option<String>,
    pub usage: Option<String>,
    /// Fields given a value only run time knows (`type`, `usage`): rules do not judge them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_fields: Vec<String>,
    pub start_date: Option<Fact>,
    pub end_date: Option<Fact>,
    /// The certificate the key's bytes are, when the evidence holds them whole (a CLIXML `BA`,
    /// a whole printed byte array, a Base64 value): parsed as a certificate file is, so rules
    /// compare thumbprints and dates of the real certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<super::Certificate>,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// A complete SPN list written to a principal (`Set-MsolServicePrincipal -ServicePrincipalNames …`,
/// `Update-MgServicePrincipal -ServicePrincipalNames …`) or printed for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpnList {
    /// The names known to be in the list. For a list built from a variable, the names that variable
    /// was seen to hold (fetched list plus `.Add()` calls), when known.
    pub names: Vec<String>,
    /// The printed list was cut by `$FormatEnumerationLimit`: names beyond `names` are unknown.
    pub truncated: bool,
    /// The list was given as literal strings rather than from the fetched principal.
    pub literal: bool,
    /// The variable the list came from (`lyncSP`), for a list passed as `$x.ServicePrincipalNames`.
    pub from_variable: Option<String>,
    /// True when the list was set by a command, false when it was printed.
    pub written: bool,
    /// Why the list's contents are known only at run time (`-ServicePrincipalNames $spns` with
    /// `$spns` not in the evidence): rules neither find nor miss a name in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_contents: Option<String>,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// `$sp.ServicePrincipalNames.Add("…")` on a local copy of a principal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpnAddition {
    pub name: String,
    pub variable: String,
    pub order: usize,
    pub location: Location,
    pub outcome: Outcome,
}

/// One service principal in the tenant, keyed by its application id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServicePrincipal {
    pub app_id: String,
    pub credentials: Vec<Credential>,
    pub spn_lists: Vec<SpnList>,
    pub spn_additions: Vec<SpnAddition>,
    /// `AccountEnabled` set or shown.
    pub enabled: Vec<Fact>,
    /// Where the evidence first touches this principal.
    pub location: Location,
}

impl ServicePrincipal {
    /// Records an `AccountEnabled` fact. The first gets a list of exactly one: a large transcript
    /// folder gives tens of thousands of principals one fact each, and a list's first push
    /// makes room for four (9 MB of slack on the failing bench corpus until the configuration
    /// releases it, which made normalising the peak of `hybridlint model`).
    pub fn add_enabled(&mut self, fact: Fact) {
        if self.enabled.capacity() == 0 {
            self.enabled.reserve_exact(1);
        }
        self.enabled.push(fact);
    }
}

/// What a tenant command changes on a service principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalChange {
    Credential,
    Enabled,
    SpnList,
}

/// A tenant command whose service principal only run time knows (`-AppPrincipalId $appId`,
/// `-ServicePrincipalId $id` with the variable not in the evidence). It may well be the step a rule
/// looks for, so rules that find a step missing say they cannot confirm it instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnresolvedPrincipalStep {
    pub cmdlet: String,
    pub changes: Vec<PrincipalChange>,
    /// The principal as written (`$ExchangeAppId`).
    pub written: String,
    pub location: Location,
    pub source: FactSource,
    pub outcome: Outcome,
}

/// `Connect-MsolService`, `Connect-AzureAD` or `Connect-MgGraph`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenantConnection {
    pub cmdlet: String,
    pub order: usize,
    pub location: Location,
    pub outcome: Outcome,
}

/// The whole normalised configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Configuration {
    pub generation: CmdletGeneration,
    pub coverage: Coverage,
    /// Tenant ids seen: `Get-CsTenant` output, `$TenantId = …`, `--tenant-id`.
    pub tenant_ids: Vec<Fact>,
    pub oauth_servers: Vec<OAuthServer>,
    pub partner_applications: Vec<PartnerApplication>,
    pub oauth_settings: Vec<OAuthSetting>,
    pub service_principals: Vec<ServicePrincipal>,
    /// Tenant steps on a principal only run time knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved_principal_steps: Vec<UnresolvedPrincipalStep>,
    pub connections: Vec<TenantConnection>,
    /// `Get-CsCertificate -Type OAuthTokenIssuer` thumbprints.
    pub oauth_certificate_thumbprints: Vec<Fact>,
    /// Files a certificate was exported to (`Export-Certificate -FilePath`, `.Export()` + `Set-Content`).
    pub certificate_exports: Vec<Fact>,
    /// Files a certificate was loaded from for upload (`.Import(path)`, `X509Certificate2(path)`).
    pub certificate_imports: Vec<Fact>,
    /// Files whose raw text was read for upload (`Get-Content path`), the DER-breaking pattern.
    pub certificate_text_reads: Vec<Fact>,
    /// External web services FQDNs seen in the evidence (SPNs aside): `Get-CsService` records etc.
    pub web_fqdns: Vec<Fact>,
    /// Exchange Server's OAuth objects (auth servers, partner applications, auth configuration,
    /// intra-organization connectors).
    pub exchange: super::ExchangeConfiguration,
}

impl Configuration {
    /// The first step that changes `change` on a principal only run time knows and did not fail.
    pub fn unresolved_step(&self, change: PrincipalChange) -> Option<&UnresolvedPrincipalStep> {
        self.unresolved_principal_steps
            .iter()
            .find(|s| s.changes.contains(&change) && s.outcome != Outcome::Failed)
    }

    pub fn service_principal(&self, app_id: &str) -> Option<&ServicePrincipal> {
        self.service_principals
            .iter()
            .find(|sp| sp.app_id.eq_ignore_ascii_case(app_id))
    }

    /// Gives back the room its lists kept for growth once the configuration is built: a list
    /// that got one fact has room for four, and a large transcript folder gives tens of
    /// thousands of principals a list of one (`enabled`), which the rules then hold for the run.
    pub fn release_growth_room(&mut self) {
        self.tenant_ids.shrink_to_fit();
        self.oauth_servers.shrink_to_fit();
        self.partner_applications.shrink_to_fit();
        self.oauth_settings.shrink_to_fit();
        self.service_principals.shrink_to_fit();
        for sp in &mut self.service_principals {
            sp.credentials.shrink_to_fit();
            sp.spn_lists.shrink_to_fit();
            sp.spn_additions.shrink_to_fit();
            sp.enabled.shrink_to_fit();
        }
        self.unresolved_principal_steps.shrink_to_fit();
        self.connections.shrink_to_fit();
        self.oauth_certificate_thumbprints.shrink_to_fit();
        self.certificate_exports.shrink_to_fit();
        self.certificate_imports.shrink_to_fit();
        self.certificate_text_reads.shrink_to_fit();
        self.web_fqdns.shrink_to_fit();
    }
}
