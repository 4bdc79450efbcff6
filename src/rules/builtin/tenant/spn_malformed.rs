//! `tenant/spn-malformed`: an SPN meant to be `00000004-…/<fqdn>` carries a scheme, path, port or
//! trailing slash, or the wrong application prefix. ACS matches the audience exactly, so a near
//! miss is as good as a missing SPN. (Plain `https://host/` names are the separate, valid form used
//! by Hybrid Modern Authentication and are left alone.)

use crate::rules::applies::Applies;
use crate::rules::builtin::spn;
use crate::model::{Location, Model};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;
use crate::wellknown::{LYNC_APP_ID, well_known_name};

/// What is wrong with an SPN on the Lync principal, and the corrected name.
fn problem(name: &str) -> Option<(String, String)> {
    let n = name.trim();
    let (id, host) = match n.split_once('/') {
        Some((id, host)) if crate::guid::is_guid(id) || crate::guid::is_near_guid(id) => (id, host),
        _ => {
            // `https://00000004-…/fqdn` (scheme before the id).
            let inner = n
                .strip_prefix("https://")
                .or_else(|| n.strip_prefix("http://"))?;
            let (id, host) = inner.split_once('/')?;
            if !crate::guid::is_guid(id) {
                return None;
            }
            let fqdn = spn::clean_host(host);
            return Some((format!("`{n}` has a URL scheme"), spn::required(&fqdn)));
        }
    };
    if !id.eq_ignore_ascii_case(LYNC_APP_ID) {
        let other = well_known_name(id)
            .map(|x| format!(" (the {x} id)"))
            .unwrap_or_default();
        return Some((
            format!(
                "`{n}` starts with `{id}`{other}; SPNs on the Lync principal start with `{LYNC_APP_ID}`"
            ),
            spn::required(&spn::clean_host(host)),
        ));
    }
    // Host names are case-insensitive: `Pool1ExternalWebFQDN.contoso.com` is well formed.
    let fqdn = spn::clean_host(host);
    if !fqdn.eq_ignore_ascii_case(host) {
        let what = if host.contains("://") {
            "a URL where the bare FQDN belongs"
        } else if host.ends_with('/') {
            "a trailing slash"
        } else if host.contains(':') {
            "a port"
        } else {
            "a path"
        };
        return Some((
            format!("`{n}` has {what}; the form is `{LYNC_APP_ID}/<fqdn>`"),
            spn::required(&fqdn),
        ));
    }
    None
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model.configuration.service_principal(LYNC_APP_ID).is_some(),
        || "the evidence names no Lync service principal".to_string(),
    )
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let Some(sp) = model.configuration.service_principal(LYNC_APP_ID) else {
        return Vec::new();
    };
    let mut seen: Vec<(String, Location)> = Vec::new();
    let mut hits = Vec::new();
    let names = sp
        .spn_additions
        .iter()
        .map(|a| (a.name.clone(), a.location.clone()))
        .chain(
            sp.spn_lists
                .iter()
                .filter(|l| l.written)
                .flat_map(|l| l.names.iter().map(|n| (n.clone(), l.location.clone()))),
        );
    for (name, location) in names {
        // One finding per name: the same name added and then written back is one mistake.
        if seen.iter().any(|(n, _)| n == &name) {
            continue;
        }
        if let Some((why, fixed)) = problem(&name) {
            let mut hit = Hit::new(
                why,
                Some(location.clone()),
                Some(paste::add_spn(ctx.cmdlets, &fixed)),
            );
            if let Some(fqdn) = spn::fqdn_of(&fixed) {
                hit = hit.about(fqdn);
            }
            hits.push(hit);
        }
        seen.push((name, location));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert!(problem("00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com").is_none());
        assert!(problem("https://lyncweb.contoso.com/").is_none());
        assert!(problem("00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com/").is_some());
        assert!(
            problem("00000004-0000-0ff1-ce00-000000000000/https://lyncweb.contoso.com").is_some()
        );
        assert!(problem("00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com:443").is_some());
        assert!(problem("00000002-0000-0ff1-ce00-000000000000/lyncweb.contoso.com").is_some());
        assert!(
            problem("https://00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com").is_some()
        );
    }
}
