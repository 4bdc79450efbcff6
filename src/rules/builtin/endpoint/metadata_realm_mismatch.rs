//! `endpoint/metadata-realm-mismatch`: a metadata document's `realm` is not the tenant (ACS)
//! or the on-premises realm (the pool). ACS answering for another realm means the tenant id in
//! the OAuth server's metadata URL is wrong; a pool with another realm issues tokens nobody
//! expects.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::{sip_domain, tenant_id};
use crate::guid::is_guid;
use crate::model::{MetadataParse, Model};
use crate::recording::Purpose;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let tenant = tenant_id(model);
    let sip = sip_domain(model);
    let mut hits = Vec::new();
    for e in &model.probes.endpoints {
        let Some(MetadataParse::Document(doc)) = &e.metadata else {
            continue;
        };
        let Some(realm) = doc.realm.as_deref().map(str::trim) else {
            continue;
        };
        let url = &e.observation.url;
        let message = match e.observation.purpose {
            Purpose::AcsMetadata => match &tenant {
                Some(t) if !realm.eq_ignore_ascii_case(t) => format!(
                    "the ACS metadata document `{url}` names realm `{realm}`, not the tenant `{t}`"
                ),
                _ => continue,
            },
            Purpose::PoolMetadata => {
                if is_guid(realm) {
                    match &tenant {
                        Some(t) if !realm.eq_ignore_ascii_case(t) => format!(
                            "the pool's metadata document `{url}` names realm `{realm}`, not the tenant `{t}`"
                        ),
                        _ => continue,
                    }
                } else {
                    match &sip {
                        Some(d) if !realm.trim_end_matches('.').eq_ignore_ascii_case(d) => format!(
                            "the pool's metadata document `{url}` names realm `{realm}`, not the SIP domain `{d}`"
                        ),
                        _ => continue,
                    }
                }
            }
            _ => continue,
        };
        let fix = match e.observation.purpose {
            Purpose::AcsMetadata => "Use the tenant id from `Get-MgOrganization` (or `Get-CsTenant`) in `New-CsOAuthServer microsoft.sts -MetadataUrl https://accounts.accesscontrol.windows.net/<tenant id>/metadata/json/1`.".to_string(),
            _ => "Set the pool's realm back to the default SIP domain (`Set-CsOAuthConfiguration -Realm <sip domain>`, or clear it), or make the expected facts match the deployment.".to_string(),
        };
        hits.push(Hit::new(message, Some(e.location.clone()), Some(fix)));
    }
    hits
}
