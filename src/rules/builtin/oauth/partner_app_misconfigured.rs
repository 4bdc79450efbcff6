//! `oauth/partner-app-misconfigured`: the `microsoft.exchange` partner application exists but is
//! not the one Exchange Online needs: trust level not Full, `-UseOAuthServer` missing (so tokens
//! are not issued through ACS), an application identifier that is not Exchange's, or
//! `-ApplicationIdentifier` combined with `-MetadataUrl` (the cmdlet refuses that combination).

use crate::rules::applies::Applies;
use crate::model::{FactSource, Model};
use crate::rules::Hit;
use crate::rules::template::Context;
use crate::wellknown::{EXCHANGE_APP_ID, well_known_name};

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        !model.configuration.partner_applications.is_empty(),
        || "the evidence creates or shows no partner application".to_string(),
    )
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let recreate = format!(
        "Remove-CsPartnerApplication -Identity microsoft.exchange\nNew-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier {EXCHANGE_APP_ID} -ApplicationTrustLevel Full -UseOAuthServer"
    );
    let mut hits = Vec::new();
    for app in &model.configuration.partner_applications {
        if !app.identity.eq_ignore_ascii_case("microsoft.exchange") {
            continue;
        }
        let is_command = matches!(app.source, FactSource::Command(_));
        // `Set-CsPartnerApplication` without -UseOAuthServer leaves the token source as it was
        // (Microsoft's on-premises partner application script only sets the trust level): only
        // a creation says how tokens are validated.
        let creates = match app.source {
            FactSource::Command(i) => model
                .commands
                .get(i)
                .is_some_and(|c| c.is("New-CsPartnerApplication")),
            _ => false,
        };
        if let Some(id) = &app.application_identifier {
            let value = id.value.trim();
            // A well-known id of another service is guid/wrong-application's; a mangled id is guid/truncated's.
            if !value.eq_ignore_ascii_case(EXCHANGE_APP_ID)
                && well_known_name(value).is_none()
                && crate::guid::is_guid(value)
            {
                hits.push(Hit::new(
                    format!("partner application microsoft.exchange has application identifier `{value}`; Exchange Online's is `{EXCHANGE_APP_ID}`"),
                    Some(id.location.clone()),
                    Some(recreate.clone()),
                ));
            }
            if app.metadata_url.is_some() && is_command {
                hits.push(Hit::new(
                    "-ApplicationIdentifier cannot be combined with -MetadataUrl: New-CsPartnerApplication rejects the call; for Exchange Online use -ApplicationIdentifier with -UseOAuthServer",
                    Some(app.location.clone()),
                    Some(recreate.clone()),
                ));
            }
        }
        if let Some(level) = &app.trust_level
            && !level.value.eq_ignore_ascii_case("Full")
        {
            hits.push(Hit::new(
                    format!("partner application microsoft.exchange has trust level `{}`; it must be `Full` so Exchange Online can act on behalf of users", level.value),
                    Some(level.location.clone()),
                    Some("Set-CsPartnerApplication -Identity microsoft.exchange -ApplicationTrustLevel Full".to_string()),
                ));
        }
        if !app.use_oauth_server
            && app.metadata_url.is_none()
            && (creates || (!is_command && app.application_identifier.is_some()))
        {
            hits.push(Hit::new(
                "partner application microsoft.exchange is created without -UseOAuthServer, so tokens are not validated through the microsoft.sts OAuth server (ACS)",
                Some(app.location.clone()),
                Some(recreate.clone()),
            ));
        }
    }
    hits
}
