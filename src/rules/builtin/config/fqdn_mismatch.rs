//! `config/fqdn-mismatch`: the FQDN in an SPN differs from the external web services FQDN known
//! from the config or other evidence. The SPN must name the host Exchange Online actually calls.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::spn;
use crate::model::{Model, Outcome};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::LYNC_APP_ID;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::lync(model).and(|| {
        Applies::when(!spn::known_fqdns(model).is_empty(), || {
            "no external web services FQDN is known (give --web-fqdn)".to_string()
        })
    })
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let known = spn::known_fqdns(model);
    if known.is_empty() {
        return Vec::new();
    }
    let Some(sp) = model.configuration.service_principal(LYNC_APP_ID) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let names = sp
        .spn_additions
        .iter()
        .filter(|a| a.outcome != Outcome::Failed)
        .map(|a| (a.name.clone(), a.location.clone()))
        .chain(
            sp.spn_lists
                .iter()
                .filter(|l| l.written && l.outcome != Outcome::Failed)
                .flat_map(|l| l.names.iter().map(|n| (n.clone(), l.location.clone()))),
        );
    let mut seen = Vec::new();
    for (name, location) in names {
        let Some(fqdn) = spn::fqdn_of(&name) else {
            continue;
        };
        // `id/https://host/` is tenant/spn-malformed's: one cause, one finding.
        if !spn::is_bare_host(fqdn) {
            continue;
        }
        if known.iter().any(|k| k.eq_ignore_ascii_case(fqdn)) || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let expected = known.join(", ");
        hits.push(Hit::new(
            format!(
                "the SPN `{name}` names `{fqdn}`, but the external web services FQDN is {expected}"
            ),
            Some(location),
            Some(paste::add_spn(ctx.cmdlets, &spn::required(&known[0]))),
        )
        // The pool whose SPN the fix adds.
        .about(known[0].as_str()));
    }
    hits
}
