//! `dns/unresolvable`: a name the integration needs does not resolve, or the DNS server failed
//! to answer. Without `lyncdiscover` or the web services FQDN, Exchange Online cannot reach the
//! pool (no OWA online-meeting or join details); a SERVFAIL or timeout breaks it just as well.

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
    let sip_srv_answered = model.probes.dns.iter().any(|d| {
        d.observation.purpose == Purpose::SipSrv && d.observation.outcome == DnsOutcome::Answered
    });
    let mut hits = Vec::new();
    for probe in &model.probes.dns {
        let o = &probe.observation;
        let missing = matches!(o.outcome, DnsOutcome::Nxdomain | DnsOutcome::NoRecords);
        let server_failed = !missing && o.outcome != DnsOutcome::Answered;
        let required = match o.purpose {
            Purpose::Lyncdiscover | Purpose::WebServices => true,
            // `sip.` is only the legacy fallback when the SRV record answers.
            Purpose::SipHost => !sip_srv_answered,
            // Missing SRV and autodiscover records have rules of their own.
            _ => false,
        };
        if !(server_failed || (missing && required)) {
            continue;
        }
        let what = match o.purpose {
            Purpose::Lyncdiscover => "the external autodiscover name",
            Purpose::WebServices => {
                "the external web services FQDN (the SPN host Exchange Online calls)"
            }
            Purpose::SipHost => "the legacy sign-in name",
            Purpose::SipSrv => "the sign-in SRV record",
            Purpose::FederationSrv => "the federation SRV record",
            Purpose::Autodiscover => "the Exchange autodiscover name",
            _ => "the name",
        };
        let fix = if server_failed {
            format!(
                "Check the DNS servers for the zone: `Resolve-DnsName {} -Type {} -Server <each authoritative server>`; fix the failing server or zone delegation.",
                crate::ps_quote::literal(&o.name),
                crate::ps_quote::literal(&o.record_type)
            )
        } else {
            let target = match o.purpose {
                Purpose::SipHost => "the Access Edge external interface",
                _ => "the reverse proxy that publishes the pool's external web services",
            };
            format!(
                "Publish `{}` in external DNS, pointing to {target}.",
                o.name
            )
        };
        hits.push(Hit::new(
            format!(
                "{what} `{}` ({} query) {}",
                o.name,
                o.record_type,
                dns_words(o.outcome)
            ),
            Some(probe.location.clone()),
            Some(fix),
        ));
    }
    hits
}
