//! `tenant/spn-list-truncated`: the printed SPN list was cut by `$FormatEnumerationLimit` (`{a, b,
//! c, d...}`), and the required SPN is not among the visible names: its presence cannot be
//! confirmed either way, so nothing is assumed missing.

use crate::rules::applies::Applies;
use crate::rules::builtin::spn;
use crate::model::Model;
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::LYNC_APP_ID;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(!spn::lists(model).is_empty(), || {
        "the evidence writes or shows no SPN list of the Lync principal".to_string()
    })
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let lists = spn::lists(model);
    let fqdns = spn::known_fqdns(model);
    let confirmed = |wanted: &str| lists.iter().any(|l| spn::contains(l, wanted));
    let mut hits = Vec::new();
    for list in lists.iter().filter(|l| l.truncated) {
        let open: Vec<String> = if fqdns.is_empty() {
            vec![spn::required(&ctx.web_fqdn)]
        } else {
            fqdns.iter().map(|f| spn::required(f)).collect()
        };
        if fqdns.is_empty() && list.names.iter().any(|n| spn::fqdn_of(n).is_some()) {
            continue;
        }
        let unconfirmed: Vec<String> = open.into_iter().filter(|w| !confirmed(w)).collect();
        if unconfirmed.is_empty() {
            continue;
        }
        let mut hit = Hit::new(
            format!("the printed SPN list shows {} name(s) and was cut short by $FormatEnumerationLimit; whether it holds {} is unknown", list.names.len(), unconfirmed.join(", ")),
            Some(list.location.clone()),
            Some(paste::show_principal(ctx.cmdlets, LYNC_APP_ID)),
        );
        // The first pool whose SPN the cut leaves unknown.
        if let Some(fqdn) = unconfirmed.iter().find_map(|w| spn::fqdn_of(w)) {
            hit = hit.about(fqdn);
        }
        hits.push(hit);
    }
    hits
}
