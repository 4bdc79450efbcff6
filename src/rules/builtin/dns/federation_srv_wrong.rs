//! `dns/federation-srv-wrong`: `_sipfederationtls._tcp.<sip domain>` is missing, leads to
//! Skype for Business Online (`sipfed.online.lync.com`) or names a port other than 5061. In a
//! hybrid with users on premises federation (including Exchange Online's IM and presence for
//! OWA through `exap.um.outlook.com`) must reach the on-premises Access Edge.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::{dns_words, is_online_lync};
use crate::model::Model;
use crate::recording::{DnsOutcome, Purpose};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::dns_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for d in model
        .probes
        .dns
        .iter()
        .filter(|d| d.observation.purpose == Purpose::FederationSrv)
    {
        let name = &d.observation.name;
        let fix = Some(format!(
            "Publish `{name} 3600 IN SRV 0 0 5061 <Access Edge external FQDN>.` in external DNS, and remove records that point to Skype for Business Online while users are homed on premises."
        ));
        if matches!(
            d.observation.outcome,
            DnsOutcome::Nxdomain | DnsOutcome::NoRecords
        ) {
            hits.push(Hit::new(
                format!(
                    "the federation SRV record `{name}` {}",
                    dns_words(d.observation.outcome)
                ),
                Some(d.location.clone()),
                fix.clone(),
            ));
            continue;
        }
        for answer in d
            .observation
            .answers
            .iter()
            .filter(|a| a.record_type == "SRV")
        {
            let parts: Vec<&str> = answer.data.split_whitespace().collect();
            let (port, target) = match parts.as_slice() {
                [_, _, port, target] => (*port, target.trim_end_matches('.')),
                _ => continue,
            };
            if is_online_lync(target) {
                hits.push(Hit::new(
                    format!(
                        "the federation SRV record `{name}` points to `{target}` (Skype for Business Online), but users are homed on premises"
                    ),
                    Some(d.location.clone()),
                    fix.clone(),
                ));
            } else if port != "5061" {
                hits.push(Hit::new(
                    format!(
                        "the federation SRV record `{name}` names port {port} on `{target}`; federation listens on 5061"
                    ),
                    Some(d.location.clone()),
                    fix.clone(),
                ));
            }
        }
    }
    hits
}
