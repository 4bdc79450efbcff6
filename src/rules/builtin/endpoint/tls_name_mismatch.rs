//! `endpoint/tls-name-mismatch`: the server certificate an endpoint presented does not name the
//! host asked for. Exchange Online connects by that name (the SPN host), so the handshake fails.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::endpoint_role;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for e in &model.probes.endpoints {
        let Some(tls) = &e.observation.tls else {
            continue;
        };
        if tls.name == "ok" {
            continue;
        }
        let names = e
            .chain
            .first()
            .map(|c| {
                if c.dns_names.is_empty() {
                    format!("no DNS names (subject `{}`)", c.subject)
                } else {
                    c.dns_names.join(", ")
                }
            })
            .unwrap_or_else(|| "nothing readable".to_string());
        hits.push(Hit::new(
            format!(
                "the certificate {} `{}` presented is not valid for `{}`: it names {names}",
                endpoint_role(e),
                e.observation.url,
                tls.server_name
            ),
            Some(e.location.clone()),
            Some(format!(
                "Bind a certificate whose subject alternative names include `{}` to this site (on the reverse proxy, for the external name).",
                tls.server_name
            )),
        ));
    }
    hits
}
