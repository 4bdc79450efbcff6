//! `tenant/spn-missing`: the Lync principal lacks `00000004-…/<external web services FQDN>`. Exchange
//! Online requests a token for that audience when it calls the pool; ACS only issues it when the
//! SPN is registered, so OWA's online-meeting features fail. Where the principal has the pool's web
//! URL in Hybrid Modern Authentication's form (`https://host/`) instead, the finding is a warning:
//! whether that form also serves Exchange Online is unconfirmed.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::spn;
use crate::model::Model;
use crate::model::PrincipalChange;
use crate::rules::Hit;
use crate::rules::data_check::{
    Scope, cannot_confirm, missing_step, scope_anchor, unresolved_principal,
};
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::LYNC_APP_ID;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::lync(model).and(|| applies::scope(model, Scope::Tenant))
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    if !model.configuration.coverage.lync {
        return Vec::new();
    }
    let Some(anchor) = scope_anchor(model, Scope::Tenant) else {
        return Vec::new();
    };
    let lists = spn::lists(model);
    let additions = model
        .configuration
        .service_principal(LYNC_APP_ID)
        .map(|sp| sp.spn_additions.as_slice())
        .unwrap_or_default();
    let generation = ctx.cmdlets;
    let mut hits = Vec::new();
    let fqdns = spn::known_fqdns(model);
    if fqdns.is_empty() {
        // Without a known FQDN, require at least one SPN of the id/fqdn form anywhere.
        let any = lists
            .iter()
            .any(|l| l.names.iter().any(|n| spn::fqdn_of(n).is_some()) || l.truncated);
        if !any && additions.is_empty() {
            let hit = missing_step(model, Scope::Tenant, Hit::new(
                format!("the Lync service principal `{LYNC_APP_ID}` gets no SPN of the form `{LYNC_APP_ID}/<external web services FQDN>` (give --web-fqdn to check the exact name)"),
                anchor,
                Some(paste::add_spn(generation, &spn::required(&ctx.web_fqdn))),
            ));
            hits.push(match lists.iter().flat_map(|l| &l.names).find(|n| web_url_host(n).is_some()) {
                Some(url) => with_web_url(hit, url),
                None => hit,
            });
        }
        return hits;
    }
    for fqdn in fqdns {
        let wanted = spn::required(&fqdn);
        let present = lists.iter().any(|l| spn::contains(l, &wanted));
        let unknown = lists.iter().any(|l| l.truncated);
        let unknown_list = lists.iter().find(|l| l.unknown_contents.is_some());
        // An addition that was never saved is tenant/spn-not-saved's finding.
        let added_locally = additions
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(&wanted));
        // A near miss of the name (`…/https://host/`) is tenant/spn-malformed's finding.
        if present || unknown || added_locally || spn::malformed_for(model, &fqdn) {
            continue;
        }
        let hit = Hit::new(
            format!(
                "the Lync service principal `{LYNC_APP_ID}` lacks the SPN `{wanted}` for the pool's external web services FQDN"
            ),
            anchor.clone(),
            Some(paste::add_spn(generation, &wanted)),
        )
        .about(fqdn.as_str());
        // A list written from a value only run time knows may hold the name: cannot confirm.
        let claim = format!("the Lync service principal `{LYNC_APP_ID}` has the SPN `{wanted}`");
        if let Some(list) = unknown_list {
            let why = format!(
                "the list written here is known only at run time ({})",
                list.unknown_contents
                    .as_deref()
                    .unwrap_or("its value is not in the evidence")
            );
            hits.push(cannot_confirm(hit, &claim, &why, &list.location));
            continue;
        }
        if let Some(hit) = unresolved_principal(model, PrincipalChange::SpnList, &claim, &hit) {
            hits.push(hit);
            continue;
        }
        let hit = missing_step(model, Scope::Tenant, hit);
        let url = lists
            .iter()
            .flat_map(|l| &l.names)
            .find(|n| web_url_host(n).is_some_and(|h| h.eq_ignore_ascii_case(&fqdn)));
        hits.push(match url {
            Some(url) => with_web_url(hit, url),
            None => hit,
        });
    }
    hits
}

/// The host of an SPN in Hybrid Modern Authentication's URL form (`https://host/`).
fn web_url_host(name: &str) -> Option<&str> {
    let rest = name.trim().strip_prefix("https://")?;
    let host = rest.trim_end_matches('/');
    (!host.is_empty() && !host.contains('/')).then_some(host)
}

/// The principal has the pool's web URL in Hybrid Modern Authentication's form (`https://host/`):
/// the evidence mixes that integration with this one, and whether the URL form also serves
/// Exchange Online's calls is unconfirmed, so the missing `id/fqdn` name is a risk, not an error.
fn with_web_url(mut hit: Hit, url: &str) -> Hit {
    if hit.severity == Some(crate::findings::Severity::Info) {
        return hit;
    }
    hit.message.push_str(&format!(
        "; it has `{}` (Hybrid Modern Authentication's URL form), and whether that form also serves Exchange Online's calls to the pool is unconfirmed",
        url.trim()
    ));
    hit.with_severity(crate::findings::Severity::Warning)
}
