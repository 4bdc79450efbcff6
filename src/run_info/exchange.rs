//! The Exchange Server objects the evidence shows, one line each, for the reports' facts (the
//! HTML report's header lists them): what kind of object, what it says in a few words, and where.

use crate::model::{ExchangeConfiguration, ExchangeObservation, Fact, Outcome};
use crate::run_report::ExchangeFact;

/// One line per object, in evidence order within each kind.
pub fn lines(exchange: &ExchangeConfiguration) -> Vec<ExchangeFact> {
    let mut out = Vec::new();
    for s in &exchange.auth_servers {
        out.push(line(
            "auth server",
            &s.name,
            &[
                ("type", &s.server_type),
                ("enabled", &s.enabled),
                ("metadata", &s.auth_metadata_url),
                ("application", &s.application_identifier),
                ("domain", &s.domain_name),
            ],
            &s.seen,
        ));
    }
    for p in &exchange.partner_applications {
        out.push(line(
            "partner application",
            &p.name,
            &[
                ("application", &p.application_identifier),
                ("enabled", &p.enabled),
                ("realm", &p.realm),
                ("metadata", &p.auth_metadata_url),
                ("linked account", &p.linked_account),
            ],
            &p.seen,
        ));
    }
    for c in &exchange.auth_configs {
        out.push(line(
            "auth configuration",
            &None,
            &[
                ("current certificate", &c.current_certificate_thumbprint),
                ("next certificate", &c.next_certificate_thumbprint),
                ("effective", &c.next_certificate_effective_date),
                ("service name", &c.service_name),
                ("realm", &c.realm),
            ],
            &c.seen,
        ));
    }
    for c in &exchange.intra_organization_connectors {
        let domains = (!c.target_address_domains.is_empty()).then(|| Fact {
            value: c
                .target_address_domains
                .iter()
                .map(shown)
                .collect::<Vec<_>>()
                .join(", "),
            ..c.target_address_domains[0].clone()
        });
        out.push(line(
            "intra-organization connector",
            &c.name,
            &[
                ("domains", &domains),
                ("discovery", &c.discovery_endpoint),
                ("enabled", &c.enabled),
                ("sharing", &c.target_sharing_epr),
            ],
            &c.seen,
        ));
    }
    out
}

/// A value as a line shows it: blank as `(blank)`, unknown as `(unknown: why)`.
fn shown(f: &Fact) -> String {
    match &f.unknown {
        Some(why) => format!("`{}` (unknown: {why})", f.value),
        None if f.value.is_empty() => "(blank)".to_string(),
        None => f.value.clone(),
    }
}

fn line(
    kind: &str,
    name: &Option<Fact>,
    properties: &[(&str, &Option<Fact>)],
    seen: &ExchangeObservation,
) -> ExchangeFact {
    let details: Vec<String> = properties
        .iter()
        .filter_map(|(label, f)| f.as_ref().map(|f| format!("{label} {}", shown(f))))
        .collect();
    let name = name.as_ref().map(shown);
    let summary = match (name, details.is_empty()) {
        (Some(n), true) => n,
        (Some(n), false) => format!("{n} ({})", details.join(", ")),
        (None, _) => details.join(", "),
    };
    let how = match (
        seen.cmdlet.to_ascii_lowercase().starts_with("get-"),
        seen.outcome,
    ) {
        (true, _) => format!("shown by {}", seen.cmdlet),
        (false, Outcome::Unknown) => format!("planned with {}", seen.cmdlet),
        (false, Outcome::Succeeded) => format!("set with {}", seen.cmdlet),
        (false, Outcome::Failed) => format!("{} failed", seen.cmdlet),
    };
    ExchangeFact {
        kind: kind.to_string(),
        summary,
        seen: format!("{how} at {}:{}", seen.location.path, seen.location.line),
    }
}
