//! `exchange/key-removal-risk`: on-premises keys are removed from the shared Exchange Online
//! principal (`00000002-…`) while the evidence is also about Skype for Business Server with
//! Exchange Online, whose documented procedure uploads the pool's certificate to that principal.
//! Whether Skype for Business Server still needs that key is UNCONFIRMED (domain.md §1.C''):
//! reported as a risk to check, at info.

use crate::model::{Command, Model};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

/// Microsoft's script, whose `-ResetFirstPartyServicePrincipalKeyCredentials` removes every key of
/// the shared principal unless `-CertificateInformation` names one thumbprint.
const SCRIPT: &str = "configureexchangehybridapplication.ps1";

/// What the command removes from the shared principal, in words, when it removes anything.
fn removes_keys(model: &Model, c: &Command) -> Option<&'static str> {
    let name = c.name.to_ascii_lowercase();
    if name.ends_with(SCRIPT) && c.has_parameter("ResetFirstPartyServicePrincipalKeyCredentials") {
        return Some(if c.has_parameter("CertificateInformation") {
            "removes the named certificate and every expired key from"
        } else {
            "removes every key credential of"
        });
    }
    let removes = c.is("Remove-MsolServicePrincipalCredential");
    (removes && model.command_app_ids(c).contains(&EXCHANGE_APP_ID))
        .then_some("removes a key credential of")
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model.configuration.coverage.lync || model.recognition.has("sfb-exchange-online"),
        || "the evidence is not also about Skype for Business Server with Exchange Online".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let sfb = model.configuration.coverage.lync || model.recognition.has("sfb-exchange-online");
    if !sfb {
        return Vec::new();
    }
    model
        .commands
        .iter()
        .filter(|c| c.may_have_succeeded())
        .filter_map(|c| {
            let what = removes_keys(model, c)?;
            Some(Hit::new(
                format!(
                    "risk (unconfirmed): this {what} the shared Exchange Online principal `{EXCHANGE_APP_ID}`, and the evidence is also about Skype for Business Server with Exchange Online, whose procedure uploads the pool's certificate there; whether the pool still needs that key is not confirmed by Microsoft, so check OWA's online meetings and Test-CsExStorageConnectivity after the clean-up"
                ),
                Some(c.location.clone()),
                Some("# before the clean-up, note the pool's key on 00000002-… (Microsoft Graph)\n(Get-MgServicePrincipal -Filter \"appId eq '00000002-0000-0ff1-ce00-000000000000'\" -Property keyCredentials).KeyCredentials | Format-List KeyId, DisplayName, EndDateTime, CustomKeyIdentifier\n# to remove only the Exchange auth certificate, name it:\n# .\\ConfigureExchangeHybridApplication.ps1 -ResetFirstPartyServicePrincipalKeyCredentials -CertificateInformation <Exchange auth certificate thumbprint>".to_string()),
            ))
        })
        .collect()
}
