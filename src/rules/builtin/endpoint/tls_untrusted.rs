//! `endpoint/tls-untrusted`: the chain an endpoint presented does not lead to a trusted root
//! (self-signed, a private CA, or a missing intermediate). Exchange Online and ACS trust only
//! public roots, so they cannot connect even when a domain-joined browser can.

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
        // Time and name problems have rules of their own; trust is asked apart from them.
        if tls.trust == "ok"
            || tls.trust == "expired"
            || tls.trust == "not-yet-valid"
            || tls.trust == "name-mismatch"
        {
            continue;
        }
        let shape = match e.chain.as_slice() {
            // A recording whose chain is missing or did not decode (see `chain_problems`).
            [] => "no certificate that could be read".to_string(),
            [leaf] if leaf.subject == leaf.issuer => "a single self-signed certificate".to_string(),
            [leaf] => format!(
                "only the server certificate, issued by `{}` (no intermediate sent)",
                leaf.issuer
            ),
            [.., top] => {
                let chain = &e.chain;
                format!(
                    "a chain of {} certificates ending at `{}`, issued by `{}`",
                    chain.len(),
                    top.subject,
                    top.issuer
                )
            }
        };
        hits.push(Hit::new(
            format!(
                "{} `{}` presented {shape}, which does not lead to a trusted root ({})",
                endpoint_role(e),
                e.observation.url,
                tls.trust
            ),
            Some(e.location.clone()),
            Some(format!(
                "Bind a certificate from a public CA to `{}` and send the intermediates with it. (If a private CA is intended for this probe only, pass it with --ca-cert.)",
                e.host
            )),
        ));
    }
    hits
}
