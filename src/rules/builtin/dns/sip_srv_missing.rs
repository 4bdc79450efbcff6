//! `dns/sip-srv-missing`: no `_sip._tls.<sip domain>` SRV record. External clients find the
//! Access Edge through it; without it sign-in from outside (and the hybrid's shared-domain
//! routing) falls back to guesses that usually fail.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::dns_words;
use crate::model::Model;
use crate::recording::{DnsOutcome, Purpose};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::dns_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    model
        .probes
        .dns
        .iter()
        .filter(|d| d.observation.purpose == Purpose::SipSrv)
        .filter(|d| {
            matches!(
                d.observation.outcome,
                DnsOutcome::Nxdomain | DnsOutcome::NoRecords
            )
        })
        .map(|d| {
            Hit::new(
                format!(
                    "the SRV record `{}` {}",
                    d.observation.name,
                    dns_words(d.observation.outcome)
                ),
                Some(d.location.clone()),
                Some(format!(
                    "Publish `{} 3600 IN SRV 0 0 443 <Access Edge external FQDN>.` in external DNS.",
                    d.observation.name
                )),
            )
        })
        .collect()
}
