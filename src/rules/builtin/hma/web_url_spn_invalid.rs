//! `hma/web-url-spn-invalid`: an SPN written to the Skype for Business Online principal
//! (`00000004-…`) that is meant to be one of the pool's web URLs (Hybrid Modern Authentication's
//! URL form, `https://lyncwebext01.contoso.com/`) but is a bare host name or an `http://` URL.
//! Entra ID issues the client's token for the URL the client uses, so only the https URL matches.
//! (`00000004-…/<fqdn>` names are the Exchange Online integration's form and stay
//! `tenant/spn-malformed`'s.)

use crate::model::Outcome;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::LYNC_APP_ID;

/// What is wrong with `name` as a web URL SPN, and the corrected name.
fn problem(name: &str) -> Option<(String, String)> {
    let n = name.trim();
    if let Some(rest) = n.strip_prefix("http://").or_else(|| n.strip_prefix("HTTP://")) {
        let host = rest.split('/').next().unwrap_or_default();
        return Some((
            format!("`{n}` is an http URL; the pool's web URLs are https"),
            format!("https://{host}/"),
        ));
    }
    // A bare host name: dots, no scheme, no id prefix, no wildcard.
    let bare = !n.contains('/')
        && !n.contains(':')
        && !n.contains('*')
        && n.contains('.')
        && crate::hostname::parse_host_name(n).is_ok();
    bare.then(|| {
        (
            format!("`{n}` is a bare host name; Hybrid Modern Authentication registers the pool's web URL"),
            format!("https://{n}/"),
        )
    })
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .service_principal(LYNC_APP_ID)
            .is_some_and(|sp| sp.spn_lists.iter().any(|l| l.written) || !sp.spn_additions.is_empty()),
        || "the evidence writes no SPN to the Lync principal (00000004-…)".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let Some(sp) = model.configuration.service_principal(LYNC_APP_ID) else {
        return Vec::new();
    };
    let written = sp
        .spn_lists
        .iter()
        .filter(|l| l.written && l.outcome != Outcome::Failed)
        .flat_map(|l| l.names.iter().map(move |n| (n.as_str(), &l.location)));
    let added = sp
        .spn_additions
        .iter()
        .filter(|a| a.outcome != Outcome::Failed)
        .map(|a| (a.name.as_str(), &a.location));
    let names: Vec<(&str, &crate::model::Location)> = written.chain(added).collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut hits = Vec::new();
    for (name, location) in &names {
        let Some((why, right)) = problem(name) else {
            continue;
        };
        // The https URL is registered too: the malformed name is only clutter.
        let trimmed = right.trim_end_matches('/');
        if names
            .iter()
            .any(|(n, _)| n.trim_end_matches('/').eq_ignore_ascii_case(trimmed))
        {
            continue;
        }
        if !seen.insert(name.to_ascii_lowercase()) {
            continue;
        }
        hits.push(Hit::new(
            format!("SPN on the Skype for Business Online principal `{LYNC_APP_ID}`: {why} (`{right}`)"),
            Some((*location).clone()),
            Some(paste::add_spn_to(ctx.cmdlets, LYNC_APP_ID, &right)),
        ));
    }
    hits
}
