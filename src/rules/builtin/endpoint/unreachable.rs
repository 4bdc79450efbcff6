//! `endpoint/unreachable`: an HTTPS endpoint the integration depends on could not be reached:
//! refused, timed out, reset, or the TLS handshake failed. Each is said as such, because each
//! points somewhere else (a stopped service, a firewall, a reverse proxy rule, a non-TLS port).

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::{dns_failed_for, endpoint_role};
use crate::model::Model;
use crate::recording::HttpsOutcome;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for e in &model.probes.endpoints {
        let o = &e.observation;
        let (what, fix) = match o.outcome {
            HttpsOutcome::Refused => (
                "the connection was refused (nothing listens on the port)",
                "Check that the reverse proxy or server publishes this site on port 443 and that its service is running.",
            ),
            HttpsOutcome::Timeout => (
                "it did not answer in time (timeout)",
                "Check firewalls and the reverse proxy between the internet and the server: a silent drop looks like this.",
            ),
            HttpsOutcome::Reset => (
                "the connection was reset",
                "Check the reverse proxy or load balancer rules for this host; a reset usually means a rule rejects the request or the SNI.",
            ),
            HttpsOutcome::TlsFailed => (
                "the TLS handshake failed",
                "Check that the port speaks TLS and has a certificate bound for this host name (SNI).",
            ),
            HttpsOutcome::Unresolved => {
                if dns_failed_for(model, &e.host) {
                    continue; // dns/unresolvable says it.
                }
                (
                    "its host name does not resolve",
                    "Publish the host name in DNS.",
                )
            }
            HttpsOutcome::Error => (
                "the request failed",
                "Repeat the request with `Invoke-WebRequest` from the same network to see the failure.",
            ),
            _ => continue,
        };
        let detail = o
            .error
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        hits.push(Hit::new(
            format!(
                "{} `{}` is unreachable: {what}{detail}",
                endpoint_role(e),
                o.url
            ),
            Some(e.location.clone()),
            Some(fix.to_string()),
        ));
    }
    hits
}
