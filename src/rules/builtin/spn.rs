//! Shared facts about the Lync principal's SPNs for the `tenant/spn-*` checks: which names count as
//! saved in the tenant, and the required `00000004-…/<external web services FQDN>` form.

use crate::model::{Model, Outcome, SpnList};
use crate::wellknown::LYNC_APP_ID;

/// The SPN Exchange Online asks ACS for when it calls the pool at `fqdn`.
pub fn required(fqdn: &str) -> String {
    format!("{LYNC_APP_ID}/{fqdn}")
}

/// The FQDN part of an `id/fqdn` SPN.
pub fn fqdn_of(spn: &str) -> Option<&str> {
    let (id, host) = spn.split_once('/')?;
    (id.eq_ignore_ascii_case(LYNC_APP_ID) && !host.is_empty()).then_some(host)
}

/// SPN lists of the Lync principal that reflect the tenant: written (and not failed) or printed.
pub fn lists(model: &Model) -> Vec<&SpnList> {
    model
        .configuration
        .service_principal(LYNC_APP_ID)
        .map(|sp| {
            sp.spn_lists
                .iter()
                .filter(|l| l.outcome != Outcome::Failed)
                .collect()
        })
        .unwrap_or_default()
}

/// The external web services FQDNs the user told us about, or the evidence shows.
pub fn known_fqdns(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = model.expected.web_fqdns.clone();
    out.extend(
        model
            .configuration
            .web_fqdns
            .iter()
            .map(|f| f.value.clone()),
    );
    out.sort_by_key(|s| s.to_ascii_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

pub fn contains(list: &SpnList, spn: &str) -> bool {
    list.names.iter().any(|n| n.eq_ignore_ascii_case(spn))
}

/// The host a near-miss SPN means (`https://host:443/path` → `host`), lower case.
pub fn clean_host(host: &str) -> String {
    let h = host.split("://").last().unwrap_or(host);
    let h = h.split('/').next().unwrap_or(h);
    h.split(':').next().unwrap_or(h).to_ascii_lowercase()
}

/// Whether the host part of an `id/host` SPN is a bare host name (no scheme, path or port);
/// anything else is `tenant/spn-malformed`'s finding.
pub fn is_bare_host(host: &str) -> bool {
    clean_host(host).eq_ignore_ascii_case(host)
}

/// Whether some SPN written or added for the Lync principal is a near miss (malformed form) of
/// `fqdn`: `tenant/spn-malformed` reports that one cause.
pub fn malformed_for(model: &Model, fqdn: &str) -> bool {
    let Some(sp) = model.configuration.service_principal(LYNC_APP_ID) else {
        return false;
    };
    sp.spn_additions
        .iter()
        .map(|a| a.name.as_str())
        .chain(
            sp.spn_lists
                .iter()
                .flat_map(|l| l.names.iter().map(String::as_str)),
        )
        .filter_map(|n| n.split_once('/').map(|(_, host)| host))
        .any(|host| !is_bare_host(host) && clean_host(host).eq_ignore_ascii_case(fqdn))
}
