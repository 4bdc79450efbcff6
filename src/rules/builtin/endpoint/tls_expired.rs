//! `endpoint/tls-expired`: a certificate in the chain an endpoint presented was expired (or not
//! yet valid) when it was probed. Exchange Online and ACS refuse the connection, so the
//! metadata cannot be read and calls to the pool fail.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::date;
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
        for (i, cert) in e.chain.iter().enumerate() {
            let which = if i == 0 {
                "server certificate".to_string()
            } else {
                format!("chain certificate {} ({})", i + 1, cert.subject)
            };
            let problem = if cert.not_after < e.observed_at {
                format!("expired on {}", date(cert.not_after))
            } else if cert.not_before > e.observed_at {
                format!("is not valid until {}", date(cert.not_before))
            } else {
                continue;
            };
            hits.push(Hit::new(
                format!(
                    "the {which} of {} `{}` {problem} (probed {}; thumbprint {})",
                    endpoint_role(e),
                    e.host,
                    date(e.observed_at),
                    cert.thumbprint
                ),
                Some(e.location.clone()),
                Some(format!(
                    "Renew the certificate bound to `{}` on the reverse proxy or server (a public CA, with `{}` in its subject alternative names) and bind the new one.",
                    e.host, e.host
                )),
            ));
        }
    }
    hits
}
