//! What to probe: the facts (SIP domain, SMTP domain, web services FQDNs, tenant id) taken from
//! the flags, the config and the evidence, turned into DNS queries and HTTPS URLs.

use hickory_resolver::proto::rr::RecordType;

use crate::model::Model;
use crate::recording::{ProbeFacts, Purpose};
use crate::wellknown::ACS_HOST;

/// The planned probes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProbePlan {
    pub facts: ProbeFacts,
    pub dns: Vec<(String, RecordType, Purpose)>,
    pub https: Vec<(String, Purpose)>,
}

impl ProbePlan {
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty() && self.https.is_empty()
    }
}

/// The facts to probe for: stated facts first, then what the evidence shows.
pub fn facts_from(model: &Model, smtp_domain: Option<&str>) -> ProbeFacts {
    let cfg = &model.configuration;
    let sip_domain = model.expected.sip_domain.clone();
    // Probes build ACS URLs from it: a stated one as stated, else a GUID the evidence gives.
    let tenant_id = model
        .best_tenant_id()
        .filter(|t| model.expected.tenant_id.is_some() || crate::guid::is_guid(t));
    let web_fqdns = model.web_fqdns();
    let exchange_on_premises = cfg.partner_applications.iter().any(|p| {
        p.metadata_url
            .as_ref()
            .is_some_and(|u| !is_exchange_online_url(&u.value))
    });
    ProbeFacts {
        smtp_domain: smtp_domain
            .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
            .or_else(|| sip_domain.clone()),
        sip_domain: sip_domain.map(|d| d.trim_end_matches('.').to_ascii_lowercase()),
        tenant_id,
        web_fqdns,
        exchange_on_premises,
    }
}

fn is_exchange_online_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [
        "outlook.office365.com",
        "outlook.com",
        "accesscontrol.windows.net",
        "microsoftonline.com",
    ]
    .iter()
    .any(|h| lower.contains(h))
}

/// The probes the facts call for, in a fixed order (recordings diff cleanly).
pub fn plan(facts: ProbeFacts) -> ProbePlan {
    let mut plan = ProbePlan::default();
    if let Some(sip) = &facts.sip_domain {
        plan.dns.push((
            format!("lyncdiscover.{sip}"),
            RecordType::A,
            Purpose::Lyncdiscover,
        ));
        plan.dns
            .push((format!("_sip._tls.{sip}"), RecordType::SRV, Purpose::SipSrv));
        plan.dns
            .push((format!("sip.{sip}"), RecordType::A, Purpose::SipHost));
        plan.dns.push((
            format!("_sipfederationtls._tcp.{sip}"),
            RecordType::SRV,
            Purpose::FederationSrv,
        ));
    }
    for fqdn in &facts.web_fqdns {
        plan.dns
            .push((fqdn.clone(), RecordType::A, Purpose::WebServices));
    }
    if let Some(smtp) = &facts.smtp_domain {
        plan.dns.push((
            format!("autodiscover.{smtp}"),
            RecordType::A,
            Purpose::Autodiscover,
        ));
    }
    if let Some(tenant) = &facts.tenant_id {
        plan.https.push((
            format!("https://{ACS_HOST}/{tenant}/metadata/json/1"),
            Purpose::AcsMetadata,
        ));
    }
    for fqdn in &facts.web_fqdns {
        plan.https.push((
            format!("https://{fqdn}/metadata/json/1"),
            Purpose::PoolMetadata,
        ));
    }
    if let Some(sip) = &facts.sip_domain {
        plan.https.push((
            format!("https://lyncdiscover.{sip}/"),
            Purpose::Lyncdiscover,
        ));
    }
    plan.facts = facts;
    plan
}
