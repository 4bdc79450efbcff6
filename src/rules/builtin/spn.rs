//! Shared facts about the Lync principal's SPNs for the `tenant/spn-*` checks: which names count as
//! saved in the tenant, and the required `00000004-…/<external web services FQDN>` form.

use crate::model::{Model, Outcome, SpnList};
use crate::wellknown::LYNC_APP_ID;

/// The SPN Exchange Online asks ACS for when it calls the pool at `fqdn`.
pub(super) fn required(fqdn: &str) -> String {
    format!("{LYNC_APP_ID}/{fqdn}")
}

/// The FQDN part of an `id/fqdn` SPN.
pub(super) fn fqdn_of(spn: &str) -> Option<&str> {
    let (id, host) = spn.split_once('/')?;
    (id.eq_ignore_ascii_case(LYNC_APP_ID) && !host.is_empty()).then_some(host)
}

/// SPN lists of the Lync principal that reflect the tenant: written (and not failed) or printed.
pub(super) fn lists(model: &Model) -> Vec<&SpnList> {
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

/// The external web services FQDNs the user told us about, or the evidence shows: the model's one
/// list (lower case, without a final dot), so the SPN rules and the checklist name the same pools.
pub(super) fn known_fqdns(model: &Model) -> Vec<String> {
    model.web_fqdns()
}

pub(super) fn contains(list: &SpnList, spn: &str) -> bool {
    list.names.iter().any(|n| n.eq_ignore_ascii_case(spn))
}

/// The host a near-miss SPN means (`https://host:443/path` → `host`), lower case.
pub(super) fn clean_host(host: &str) -> String {
    let h = host.split("://").last().unwrap_or(host);
    let h = h.split('/').next().unwrap_or(h);
    h.split(':').next().unwrap_or(h).to_ascii_lowercase()
}

/// Whether the host part of an `id/host` SPN is a bare host name (no scheme, path or port);
/// anything else is `tenant/spn-malformed`'s finding.
pub(super) fn is_bare_host(host: &str) -> bool {
    clean_host(host).eq_ignore_ascii_case(host)
}

/// Whether some SPN written or added for the Lync principal is a near miss (malformed form) of
/// `fqdn`: `tenant/spn-malformed` reports that one cause.
pub(super) fn malformed_for(model: &Model, fqdn: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_fqdn_is_compared_as_the_checklist_names_it() {
        let expected = crate::model::ExpectedFacts {
            web_fqdns: vec!["LyncWeb.Contoso.com.".into(), "lyncweb.contoso.com".into()],
            ..Default::default()
        };
        let model = Model::new(time::OffsetDateTime::UNIX_EPOCH, expected);
        // One pool, in the form the SPN must have: lower case, without the final dot.
        assert_eq!(known_fqdns(&model), ["lyncweb.contoso.com"]);
    }
}
