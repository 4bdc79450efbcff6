//! `endpoint/metadata-service-name-wrong`: the pool's metadata document publishes a
//! `serviceName` other than the Lync/SfB id `00000004-0000-0ff1-ce00-000000000000`. That value
//! comes from `Set-CsOAuthConfiguration -ServiceName`; Exchange Online matches the pool's tokens
//! to the Lync service principal by it.

use crate::rules::applies::{self, Applies};
use crate::guid::is_guid;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;
use crate::wellknown::LYNC_APP_ID;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (e, doc) in crate::rules::builtin::probe_common::pool_documents(model) {
        let name = doc.service_name.as_deref().map(str::trim);
        let why = match name {
            None => "publishes no `serviceName`".to_string(),
            Some(n) if n.eq_ignore_ascii_case(LYNC_APP_ID) => continue,
            Some(n)
                if !is_guid(n)
                    && n.len() + 1 == LYNC_APP_ID.len()
                    && LYNC_APP_ID.starts_with(n) =>
            {
                format!("publishes `serviceName` `{n}`: the Lync id one digit short")
            }
            Some(n) => format!("publishes `serviceName` `{n}`, not the Lync id `{LYNC_APP_ID}`"),
        };
        hits.push(Hit::new(
            format!("the pool's metadata document `{}` {why}", e.observation.url),
            Some(e.location.clone()),
            Some(format!(
                "Set-CsOAuthConfiguration -ServiceName {LYNC_APP_ID}"
            )),
        ));
    }
    hits
}
