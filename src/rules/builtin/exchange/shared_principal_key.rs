//! `exchange/shared-principal-key`: in an Exchange hybrid deployment, the Exchange auth certificate
//! is uploaded as a key credential of the shared Exchange Online principal `00000002-…`. Legacy
//! before 31 October 2025 (the dedicated hybrid application replaces it), refused after: the rule
//! file's effective dates set the severity at `--now`; this check finds the uploads.
//!
//! The Skype for Business Server with Exchange Online procedure uploads the *pool's* certificate to
//! the same principal, as documented: that is not this rule's case. An upload is Exchange's when
//! its certificate is the Exchange auth certificate, or when nothing in the evidence is about
//! Skype for Business; otherwise whose certificate it is cannot be confirmed.

use time::macros::datetime;

use crate::model::{Credential, FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cert_common::is_exchange_auth_certificate;
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

/// From this day Exchange Online blocks EWS calls that use the shared principal (the rule file's
/// `[effective] from`, repeated here only for the message's tense).
const BLOCKED_FROM: time::OffsetDateTime = datetime!(2025-10-31 00:00 UTC);

/// The move to the dedicated application, with Microsoft's script (CSS-Exchange).
const FIX: &str = "# Exchange Management Shell, on an Exchange server with the April 2025 hotfix or later:\n# create the dedicated hybrid application, upload the auth certificate to it, set the\n# evoSTS auth server's ApplicationIdentifier and the EnableExchangeHybrid3PAppFeature override\n.\\ConfigureExchangeHybridApplication.ps1 -FullyConfigureExchangeHybridApplication\n# then, once it works, remove the on-premises keys from the shared principal\n.\\ConfigureExchangeHybridApplication.ps1 -ResetFirstPartyServicePrincipalKeyCredentials";

/// Whether the uploaded key is known to be the Exchange auth certificate: it is that certificate,
/// or nothing in the evidence is about Skype for Business. `false` leaves it open.
fn is_exchange_key(model: &Model, credential: &Credential) -> bool {
    if credential
        .certificate
        .as_ref()
        .is_some_and(|cert| is_exchange_auth_certificate(model, cert))
    {
        return true;
    }
    // The Skype for Business procedures upload the pool's certificate here too.
    !(model.configuration.coverage.lync || model.recognition.has("sfb-exchange-online"))
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .service_principal(EXCHANGE_APP_ID)
            .is_some_and(|sp| !sp.credentials.is_empty()),
        || "the evidence uploads no key to the Exchange Online principal (00000002-…)".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let Some(sp) = model.configuration.service_principal(EXCHANGE_APP_ID) else {
        return Vec::new();
    };
    let blocked = model.now >= BLOCKED_FROM;
    let claim = if blocked {
        "since 31 October 2025 Exchange Online blocks the EWS calls Exchange Server signs for it, so move to the dedicated Exchange hybrid application"
    } else {
        "this is legacy, and from 31 October 2025 Exchange Online blocks the EWS calls Exchange Server signs for it, so move to the dedicated Exchange hybrid application"
    };
    let mut hits = Vec::new();
    // Uploads only (a command that adds a key); a key merely shown may be the pool's, or old.
    for c in sp
        .credentials
        .iter()
        .filter(|c| matches!(c.source, FactSource::Command(_)) && c.outcome != Outcome::Failed)
    {
        let hit = Hit::new(
            format!(
                "the Exchange auth certificate is uploaded ({}) as a key credential of the shared Exchange Online principal `{EXCHANGE_APP_ID}`; {claim}",
                c.cmdlet
            ),
            Some(c.location.clone()),
            Some(FIX.to_string()),
        );
        match is_exchange_key(model, c) {
            true => hits.push(hit),
            false => hits.push(cannot_confirm(
                hit,
                &format!(
                    "the key uploaded to `{EXCHANGE_APP_ID}` is the Exchange auth certificate (a practice that is legacy before 31 October 2025 and refused after)"
                ),
                "the evidence is also about Skype for Business Server, whose documented procedure uploads the pool's certificate to that principal",
                &c.location,
            )),
        }
    }
    hits
}
