//! The cmdlet catalogue's files as written (`cmdlets/<module>.toml`): a module header and its
//! cmdlets. `cmdlets/README.md` documents every field.

use serde::Deserialize;

use crate::model::CmdletGeneration;
use crate::steps::CommandStep;

/// The shell or module a cmdlet comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Module {
    /// The Lync Server / Skype for Business Server Management Shell (on premises).
    SkypeForBusinessServer,
    /// The Exchange Management Shell (on premises).
    ExchangeServer,
    /// The MicrosoftTeams module (the online tenant's `Cs` cmdlets).
    MicrosoftTeams,
    /// Microsoft Graph PowerShell.
    Graph,
    /// The retired MSOnline module.
    #[serde(rename = "msonline")]
    MsOnline,
    /// The retired AzureAD module.
    #[serde(rename = "azuread")]
    AzureAd,
    /// Windows PowerShell and the Windows modules around the procedure.
    #[serde(rename = "powershell")]
    PowerShell,
}

impl Module {
    /// The generation of tenant cmdlets this module is, if it is one.
    pub fn tenant_generation(self) -> Option<CmdletGeneration> {
        match self {
            Module::Graph => Some(CmdletGeneration::Graph),
            Module::MsOnline => Some(CmdletGeneration::MsOnline),
            Module::AzureAd => Some(CmdletGeneration::AzureAd),
            _ => None,
        }
    }
}

/// Which half of the procedure a cmdlet belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Half {
    OnPremises,
    Tenant,
}

/// A kind of fact the normaliser reads from a command's parameters or its printed output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    Connection,
    TenantId,
    #[serde(rename = "oauth-server")]
    OAuthServer,
    PartnerApplication,
    #[serde(rename = "oauth-settings")]
    OAuthSettings,
    #[serde(rename = "oauth-certificate")]
    OAuthCertificate,
    /// A service principal object, which a variable can hold for later commands.
    Principal,
    Credential,
    SpnList,
    Enabled,
    CertificateExport,
    /// `certutil -encode in out`: the output file is as much an export as the input.
    CertificateEncoding,
    CertificateTextRead,
    CertificateImport,
}

/// One `cmdlets/<module>.toml` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CatalogueFile {
    pub module: ModuleSpec,
    #[serde(default)]
    pub cmdlet: Vec<Cmdlet>,
}

/// A module's header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModuleSpec {
    pub id: Module,
    pub name: String,
    /// A cmdlet whose noun starts with this comes from this module (`Msol`, `Mg`, `Cs`).
    pub noun_prefix: Option<String>,
    /// Cmdlets not listed whose noun starts with one of these belong to the tenant half.
    #[serde(default)]
    pub tenant_nouns: Vec<String>,
    /// The cmdlet a tenant cmdlet of this module needs to have run first.
    pub connect: Option<String>,
    /// How to get the module when one of its cmdlets is not recognised.
    pub install: Option<String>,
    #[serde(default)]
    pub retired: bool,
    /// For a retired module: what to use today for a cmdlet the catalogue does not list.
    pub replacement: Option<String>,
    /// Switch parameters many cmdlets share.
    #[serde(default)]
    pub switches: Vec<String>,
}

/// A step that depends on the parameter a command binds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ParameterStep {
    pub parameter: String,
    pub step: CommandStep,
}

/// One cmdlet: what it means for the procedure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Cmdlet {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub half: Option<Half>,
    pub step: Option<CommandStep>,
    /// In order: the first parameter the command binds (or names) gives its step.
    #[serde(default)]
    pub step_by_parameter: Vec<ParameterStep>,
    /// What its failure means for the procedure.
    pub failure: Option<String>,
    /// The same operation in the other modules.
    #[serde(default)]
    pub equivalents: Vec<String>,
    /// For a retired cmdlet: what to write today.
    pub replacement: Option<String>,
    #[serde(default)]
    pub switches: Vec<String>,
    /// Facts its parameters give.
    #[serde(default)]
    pub facts: Vec<FactKind>,
    /// Facts its printed output shows.
    #[serde(default)]
    pub shows: Vec<FactKind>,
    /// The parameter holding key-credential hashtables; without it a credential is read from
    /// `-Value`, `-Type`, `-Usage`, `-StartDate` and `-EndDate`.
    pub key_credentials: Option<String>,
    /// Whether its `-KeyCredentials` replaces the principal's whole key list (rather than adding).
    #[serde(default)]
    pub replaces_key_list: bool,
    /// Filled in from the file's header.
    #[serde(skip, default = "unset_module")]
    pub module: Module,
}

fn unset_module() -> Module {
    Module::PowerShell
}
