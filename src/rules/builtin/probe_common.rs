//! Helpers shared by the probe checks (dns/*, endpoint/*): the facts probes are judged against
//! (stated facts first, then the facts the probe run was planned from) and how DNS and HTTPS
//! outcomes read in a message.

use crate::model::{EndpointProbe, MetadataDocument, MetadataParse, Model};
use crate::recording::{DnsOutcome, Purpose};

/// The tenant id to compare with: stated, else the one the probes were planned from.
pub(super) fn tenant_id(model: &Model) -> Option<String> {
    model
        .expected
        .tenant_id
        .clone()
        .or_else(|| model.probes.facts.tenant_id.clone())
        .map(|t| t.to_ascii_lowercase())
}

pub(super) fn sip_domain(model: &Model) -> Option<String> {
    model
        .expected
        .sip_domain
        .clone()
        .or_else(|| model.probes.facts.sip_domain.clone())
        .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
}

/// Skype for Business Online's hosts (`webdir.online.lync.com`, `sipfed.online.lync.com`, …).
pub(super) fn is_online_lync(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "online.lync.com" || h.ends_with(".online.lync.com")
}

/// A DNS outcome in words.
pub(super) fn dns_words(outcome: DnsOutcome) -> &'static str {
    match outcome {
        DnsOutcome::Answered => "answered",
        DnsOutcome::Nxdomain => "does not exist (NXDOMAIN)",
        DnsOutcome::NoRecords => "exists but has no record of this type (NODATA)",
        DnsOutcome::Servfail => "could not be answered: the DNS server failed (SERVFAIL)",
        DnsOutcome::Refused => "was refused by the DNS server (REFUSED)",
        DnsOutcome::Timeout => "got no answer in time (timeout)",
        DnsOutcome::Error | DnsOutcome::Unknown => "could not be looked up",
    }
}

/// Whether a DNS probe for `host` already failed (so an endpoint that cannot be reached because
/// its name does not resolve is reported once, by dns/unresolvable).
pub(super) fn dns_failed_for(model: &Model, host: &str) -> bool {
    model.probes.dns.iter().any(|d| {
        d.observation
            .name
            .eq_ignore_ascii_case(host.trim_end_matches('.'))
            && d.observation.outcome != DnsOutcome::Answered
    })
}

/// What an endpoint is, for messages.
pub(super) fn endpoint_role(e: &EndpointProbe) -> &'static str {
    match e.observation.purpose {
        Purpose::AcsMetadata => "the tenant's ACS metadata document",
        Purpose::PoolMetadata => "the pool's OAuth metadata document",
        Purpose::Lyncdiscover => "the lyncdiscover (external autodiscover) service",
        _ => "the endpoint",
    }
}

/// Whether the HTTP exchange got far enough for the TLS checks to be the whole story.
pub(super) fn is_metadata(e: &EndpointProbe) -> bool {
    matches!(
        e.observation.purpose,
        Purpose::AcsMetadata | Purpose::PoolMetadata
    )
}

/// The pool's own metadata documents that were read as documents, with their endpoint.
pub(super) fn pool_documents(
    model: &Model,
) -> impl Iterator<Item = (&EndpointProbe, &MetadataDocument)> {
    model
        .probes
        .endpoints
        .iter()
        .filter(|e| e.observation.purpose == Purpose::PoolMetadata)
        .filter_map(|e| match &e.metadata {
            Some(MetadataParse::Document(doc)) => Some((e, doc)),
            _ => None,
        })
}
