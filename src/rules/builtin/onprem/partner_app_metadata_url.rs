//! `onprem/partner-app-metadata-url`: a partner application the pool trusts through its metadata
//! document (`New-CsPartnerApplication -MetadataUrl`, Skype for Business Server with Exchange
//! Server on premises) whose URL cannot be that document: a path other than `/metadata/json/1`
//! (SharePoint's older `jsonmetadata.ashx` aside), Exchange's document without its
//! `/autodiscover/` prefix, the pool's own web services, or a Microsoft token service (an OAuth
//! server's document, not a partner's). Also `-ApplicationIdentifier` with `-MetadataUrl`, a
//! combination the cmdlet refuses.

use crate::model::{FactSource, Model, Outcome, PartnerApplication};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::metadata_url::{UrlParts, is_token_service, split};
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;

const EXCHANGE_PATH: &str = "/autodiscover/metadata/json/1";

/// Whether the application is Exchange Server, by its name or its URL's host.
fn is_exchange(app: &PartnerApplication, url: &UrlParts) -> bool {
    app.identity.to_ascii_lowercase().contains("exchange") || url.host.starts_with("autodiscover.")
}

fn fix(app: &PartnerApplication, host: &str) -> String {
    format!(
        "Set-CsPartnerApplication -Identity {} -MetadataUrl https://{host}{EXCHANGE_PATH}",
        app.identity
    )
}

/// What is wrong with a known URL, with its severity left to the caller (`true`: only a risk).
fn problem(app: &PartnerApplication, url: &str, pool: &[String]) -> Option<(String, bool)> {
    let Some(p) = split(url) else {
        return Some((
            format!("the metadata URL `{url}` of partner application {} is not a URL (https://<host>/…/metadata/json/1)", app.identity),
            false,
        ));
    };
    let who = &app.identity;
    if is_token_service(&p.host) {
        return Some((format!(
            "partner application {who} points at `{url}`, a Microsoft token service's document: that belongs to an OAuth server (New-CsOAuthServer), not to a partner application; Exchange Server publishes its own at https://<autodiscover host>{EXCHANGE_PATH}"
        ), false));
    }
    let sharepoint_legacy = p.path.ends_with("/jsonmetadata.ashx");
    if !p.path.ends_with("/metadata/json/1") && !sharepoint_legacy {
        return Some((format!(
            "the metadata URL `{url}` of partner application {who} is not a metadata document: the path must end in /metadata/json/1 (Exchange Server: {EXCHANGE_PATH}), so New-CsPartnerApplication cannot download it"
        ), false));
    }
    if is_exchange(app, &p) && p.path != EXCHANGE_PATH {
        return Some((format!(
            "the metadata URL `{url}` of partner application {who} lacks Exchange's path: Exchange Server serves its metadata document at https://{}{EXCHANGE_PATH}",
            p.host
        ), false));
    }
    if pool.iter().any(|f| f.eq_ignore_ascii_case(&p.host)) {
        return Some((format!(
            "partner application {who} points at `{url}`, the pool's own web services: the pool would trust itself, not Exchange"
        ), false));
    }
    if p.scheme != "https" && is_exchange(app, &p) {
        return Some((format!(
            "the metadata URL `{url}` of partner application {who} is not https: Exchange Server publishes its metadata document over https"
        ), true));
    }
    None
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(!model.configuration.partner_applications.is_empty(), || {
        "the evidence creates or shows no Skype for Business partner application".to_string()
    })
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let pool = model.web_fqdns();
    // Where the evidence is also the Exchange Online integration, its own check reports the
    // combination for microsoft.exchange (oauth/partner-app-misconfigured): one cause, one finding.
    let online_judges_combination = model.recognition.has("sfb-exchange-online");
    let mut hits = Vec::new();
    let apps: Vec<&PartnerApplication> = model
        .configuration
        .partner_applications
        .iter()
        .filter(|a| a.outcome != Outcome::Failed)
        .collect();
    for (i, app) in apps.iter().enumerate() {
        let Some(url) = &app.metadata_url else {
            continue;
        };
        // Given another URL later (Set-CsPartnerApplication -MetadataUrl): judged on that one.
        let replaced = apps[i + 1..].iter().any(|later| {
            later.identity.eq_ignore_ascii_case(&app.identity) && later.metadata_url.is_some()
        });
        if app.application_identifier.is_some()
            && matches!(app.source, FactSource::Command(_))
            && !(online_judges_combination && app.identity.eq_ignore_ascii_case("microsoft.exchange"))
        {
            hits.push(Hit::new(
                format!("partner application {}: -ApplicationIdentifier cannot be combined with -MetadataUrl; New-CsPartnerApplication rejects the call (the identifier comes from the metadata document)", app.identity),
                Some(app.location.clone()),
                Some(format!("New-CsPartnerApplication -Identity {} -ApplicationTrustLevel Full -MetadataUrl {}", app.identity, url.value)),
            ));
        }
        if replaced {
            continue;
        }
        if let Some(why) = &url.unknown {
            let hit = Hit::new(String::new(), None, None);
            hits.push(cannot_confirm(
                hit,
                &format!("the metadata URL of partner application {} is Exchange's metadata document", app.identity),
                &format!("`{}` is known only at run time ({why})", url.value),
                &url.location,
            ));
            continue;
        }
        if let Some((message, risk)) = problem(app, &url.value, &pool) {
            let host = split(&url.value)
                .filter(|p| !is_token_service(&p.host))
                .map(|p| p.host)
                .unwrap_or_else(|| "autodiscover.<domain>".into());
            let hit = Hit::new(message, Some(url.location.clone()), Some(fix(app, &host)));
            hits.push(if risk {
                hit.with_severity(crate::findings::Severity::Warning)
            } else {
                hit
            });
        }
    }
    hits
}
