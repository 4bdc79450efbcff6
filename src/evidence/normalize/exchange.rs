//! Exchange Server's OAuth objects as facts: the commands that create or set them
//! (`New-AuthServer`, `Set-AuthServer`, `New-`/`Set-PartnerApplication`, `Set-AuthConfig`,
//! `New-`/`Set-IntraOrganizationConnector`) and the records that show them (`Get-AuthServer`,
//! `Get-PartnerApplication`, `Get-AuthConfig`, `Get-IntraOrganizationConnector`, printed,
//! exported or named by their properties). Describes; judging is for the rules.

use super::{bound_fact, fact, shown_by, text, value_fact};
use crate::model::{
    Command, EvidenceKind, ExchangeAuthConfig, ExchangeAuthServer, ExchangeConfiguration,
    ExchangeObservation, ExchangePartnerApplication, Fact, FactSource, FieldValue,
    IntraOrganizationConnector, Model, Outcome, Record,
};

/// Every Exchange object in the evidence, in evidence order within each kind.
pub(super) fn exchange(model: &Model) -> ExchangeConfiguration {
    let mut out = ExchangeConfiguration::default();
    for cmd in &model.commands {
        command(cmd, model, &mut out);
    }
    for (i, record) in model.records.iter().enumerate() {
        self::record(i, record, model, &mut out);
    }
    out
}

fn origin(model: &Model, file: usize) -> EvidenceKind {
    model
        .files
        .get(file)
        .map_or(EvidenceKind::Other, |f| f.kind)
}

fn command(cmd: &Command, model: &Model, out: &mut ExchangeConfiguration) {
    let n = cmd.name.to_ascii_lowercase();
    let creates = n.starts_with("new-");
    // A New- command names the object with `-Name`; a Set- command finds it by `-Identity`
    // (or its first positional argument).
    let name = || {
        if creates {
            value_fact(cmd, "Name")
        } else {
            cmd.value("Identity")
                .or_else(|| cmd.positional().next())
                .map(|v| bound_fact(v, FactSource::Command(cmd.index), cmd.outcome))
        }
    };
    let seen = || ExchangeObservation {
        cmdlet: cmd.name.to_string(),
        origin: origin(model, cmd.file),
        location: cmd.location.clone(),
        source: FactSource::Command(cmd.index),
        outcome: cmd.outcome,
    };
    match n.as_str() {
        "new-authserver" | "set-authserver" => out.auth_servers.push(ExchangeAuthServer {
            name: name(),
            server_type: value_fact(cmd, "Type"),
            realm: value_fact(cmd, "Realm"),
            auth_metadata_url: value_fact(cmd, "AuthMetadataUrl"),
            enabled: value_fact(cmd, "Enabled").map(boolean),
            application_identifier: value_fact(cmd, "ApplicationIdentifier"),
            domain_name: value_fact(cmd, "DomainName"),
            seen: seen(),
        }),
        "new-partnerapplication" | "set-partnerapplication" => {
            let piped = !creates && name().is_none();
            out.partner_applications.push(ExchangePartnerApplication {
                name: name(),
                application_identifier: value_fact(cmd, "ApplicationIdentifier")
                    .or_else(|| piped.then(|| filtered_id(cmd, model)).flatten()),
                realm: value_fact(cmd, "Realm"),
                enabled: value_fact(cmd, "Enabled").map(boolean),
                linked_account: value_fact(cmd, "LinkedAccount"),
                auth_metadata_url: value_fact(cmd, "AuthMetadataUrl"),
                seen: seen(),
            });
        }
        "set-authconfig" => out.auth_configs.push(ExchangeAuthConfig {
            current_certificate_thumbprint: value_fact(cmd, "CertificateThumbprint"),
            next_certificate_thumbprint: value_fact(cmd, "NewCertificateThumbprint"),
            next_certificate_effective_date: value_fact(cmd, "NewCertificateEffectiveDate"),
            previous_certificate_thumbprint: None,
            service_name: value_fact(cmd, "ServiceName"),
            realm: value_fact(cmd, "Realm"),
            publishes_certificate: cmd.has_parameter("PublishCertificate"),
            clears_previous_certificate: cmd.has_parameter("ClearPreviousCertificate"),
            seen: seen(),
        }),
        "new-intraorganizationconnector" | "set-intraorganizationconnector" => {
            out.intra_organization_connectors
                .push(IntraOrganizationConnector {
                    name: name(),
                    target_address_domains: domains_argument(cmd),
                    discovery_endpoint: value_fact(cmd, "DiscoveryEndpoint"),
                    enabled: value_fact(cmd, "Enabled").map(boolean),
                    target_sharing_epr: value_fact(cmd, "TargetSharingEpr"),
                    seen: seen(),
                });
        }
        _ => {}
    }
}

/// `Get-PartnerApplication | ? {$_.ApplicationIdentifier -eq "00000002-…"} | Set-PartnerApplication
/// …`: the id the filter before it in the same pipeline selects, when it names exactly one.
fn filtered_id(cmd: &Command, model: &Model) -> Option<Fact> {
    let earlier = model.commands[..cmd.index.min(model.commands.len())]
        .iter()
        .rev()
        .take_while(|c| {
            c.file == cmd.file
                && c.piped_into
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&cmd.name))
        });
    let mut ids: Vec<String> = earlier
        .flat_map(|c| crate::guid::tokens(&c.text))
        .map(|(_, t)| t.to_ascii_lowercase())
        .filter(|t| crate::guid::is_guid(t))
        .collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [one] => Some(fact(
            one.clone(),
            cmd.location.clone(),
            FactSource::Command(cmd.index),
            cmd.outcome,
        )),
        _ => None,
    }
}

/// `-TargetAddressDomains a.com,b.com` (or a list expression): one fact per domain; a value
/// only run time knows stays one unknown fact.
fn domains_argument(cmd: &Command) -> Vec<Fact> {
    let Some(at) = cmd.arguments.iter().position(|a| {
        a.parameter
            .as_deref()
            .is_some_and(|p| crate::model::parameter_matches(p, "TargetAddressDomains"))
    }) else {
        return Vec::new();
    };
    let Some(v) = cmd.arguments[at].value.as_ref() else {
        return Vec::new();
    };
    let src = FactSource::Command(cmd.index);
    let known = |text: String, location: &crate::model::Location| {
        fact(text, location.clone(), src, cmd.outcome)
    };
    // A list of literal strings (`@('a.com', 'b.com')`) is known although it is an expression.
    if v.resolved.is_none() && v.variables().is_empty() && !v.strings().is_empty() {
        return v
            .strings()
            .iter()
            .map(|d| known(d.clone(), &v.location))
            .collect();
    }
    let whole = bound_fact(v, src, cmd.outcome);
    if !whole.is_known() {
        return vec![whole];
    }
    let mut out: Vec<Fact> = text(v)
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| known(d.to_string(), &v.location))
        .collect();
    // Command mode reads `a.com,b.com` as one array; the parser hands the items after the first
    // over as `,` and a bare word each: take them back.
    let mut rest = cmd.arguments[at + 1..]
        .iter()
        .take_while(|a| a.parameter.is_none());
    while let (Some(comma), Some(item)) = (rest.next(), rest.next()) {
        let (Some(comma), Some(item)) = (comma.value.as_ref(), item.value.as_ref()) else {
            break;
        };
        if comma.text != "," || item.resolved.is_none() {
            break;
        }
        out.push(known(text(item), &item.location));
    }
    out
}

/// `$true`, `true`, `1` → `True`; their opposites → `False`; anything else unchanged.
fn boolean(mut f: Fact) -> Fact {
    let v = f.value.trim().trim_start_matches('$').to_ascii_lowercase();
    match v.as_str() {
        "true" | "1" => f.value = "True".into(),
        "false" | "0" => f.value = "False".into(),
        _ => {}
    }
    f
}

/// The Exchange cmdlet a record shows: the Get- command that printed it, else the one its
/// exported type or its properties name.
fn shown_cmdlet(record: &Record, model: &Model) -> Option<String> {
    let is_exchange = |n: &str| {
        matches!(
            n,
            "get-authserver"
                | "get-partnerapplication"
                | "get-authconfig"
                | "get-intraorganizationconnector"
        )
    };
    record
        .command
        .and_then(|c| model.commands.get(c))
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| is_exchange(n))
        .or_else(|| shown_by(record).map(str::to_ascii_lowercase))
        .filter(|n| is_exchange(n))
}

fn record(index: usize, record: &Record, model: &Model, out: &mut ExchangeConfiguration) {
    let Some(cmdlet) = shown_cmdlet(record, model) else {
        return;
    };
    let src = FactSource::Record(index);
    // A property shown blank (a `Realm` left empty, a CLIXML `Nil`) is known to be blank.
    let field = |name: &str| {
        record.field(name).map(|f| {
            let value = match &f.value {
                FieldValue::Scalar { text } => text.clone(),
                FieldValue::List { items, .. } => items.join(", "),
            };
            fact(value, f.location.clone(), src, Outcome::Succeeded)
        })
    };
    let seen = ExchangeObservation {
        cmdlet: canonical(&cmdlet).to_string(),
        origin: origin(model, record.file),
        location: record.location.clone(),
        source: src,
        outcome: Outcome::Succeeded,
    };
    match cmdlet.as_str() {
        "get-authserver" => out.auth_servers.push(ExchangeAuthServer {
            name: field("Name"),
            server_type: field("Type"),
            realm: field("Realm"),
            auth_metadata_url: field("AuthMetadataUrl"),
            enabled: field("Enabled").map(boolean),
            application_identifier: field("ApplicationIdentifier"),
            domain_name: field("DomainName"),
            seen,
        }),
        "get-partnerapplication" => out.partner_applications.push(ExchangePartnerApplication {
            name: field("Name"),
            application_identifier: field("ApplicationIdentifier"),
            realm: field("Realm"),
            enabled: field("Enabled").map(boolean),
            linked_account: field("LinkedAccount"),
            auth_metadata_url: field("AuthMetadataUrl"),
            seen,
        }),
        "get-authconfig" => out.auth_configs.push(ExchangeAuthConfig {
            current_certificate_thumbprint: field("CurrentCertificateThumbprint"),
            next_certificate_thumbprint: field("NextCertificateThumbprint"),
            next_certificate_effective_date: field("NextCertificateEffectiveDate"),
            previous_certificate_thumbprint: field("PreviousCertificateThumbprint"),
            service_name: field("ServiceName"),
            realm: field("Realm"),
            publishes_certificate: false,
            clears_previous_certificate: false,
            seen,
        }),
        _ => out
            .intra_organization_connectors
            .push(IntraOrganizationConnector {
                name: field("Name"),
                target_address_domains: domains_field(record, src),
                discovery_endpoint: field("DiscoveryEndpoint"),
                enabled: field("Enabled").map(boolean),
                target_sharing_epr: field("TargetSharingEpr"),
                seen,
            }),
    }
}

/// A shown `TargetAddressDomains`: one fact per domain, and an unknown one when the printed
/// list was cut short.
fn domains_field(record: &Record, src: FactSource) -> Vec<Fact> {
    let Some(f) = record.field("TargetAddressDomains") else {
        return Vec::new();
    };
    let (items, truncated) = match &f.value {
        FieldValue::List { items, truncated } => (items.to_vec(), *truncated),
        FieldValue::Scalar { text } => (vec![text.clone()], false),
    };
    let mut out: Vec<Fact> = items
        .into_iter()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .map(|d| fact(d, f.location.clone(), src, Outcome::Succeeded))
        .collect();
    if truncated {
        let mut more = fact("…".into(), f.location.clone(), src, Outcome::Succeeded);
        more.unknown = Some("the printed list was cut short by $FormatEnumerationLimit".into());
        out.push(more);
    }
    out
}

/// The cmdlet's name as Exchange spells it.
fn canonical(lower: &str) -> &'static str {
    match lower {
        "get-authserver" => "Get-AuthServer",
        "get-partnerapplication" => "Get-PartnerApplication",
        "get-authconfig" => "Get-AuthConfig",
        _ => "Get-IntraOrganizationConnector",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    #[test]
    fn booleans_are_read_in_every_written_form() {
        let f = |v: &str| {
            boolean(fact(
                v.into(),
                Location::file("x"),
                FactSource::Assignment,
                Outcome::Unknown,
            ))
            .value
        };
        assert_eq!(f("$true"), "True");
        assert_eq!(f("False"), "False");
        assert_eq!(f("$False"), "False");
        assert_eq!(f("$enabled"), "$enabled");
    }
}
