//! `exchange/spn-placeholder`: a service principal name written to the Exchange Online principal
//! (`00000002-…`) that cannot name an on-premises endpoint: a documentation placeholder left in
//! (`*.domain.com`, `<your domain>`, `mail.example.com`), or a bare host name without the
//! `https://host/` (or `00000002-…/host`) form, which registers nothing a token's audience
//! matches. Names only run time knows are not judged.

use crate::findings::Severity;
use crate::model::{Location, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

/// Domains documentation uses as stand-ins (RFC 2606 names and the docs' `domain.com`).
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "domain.com",
    "yourdomain.com",
    "your-domain.com",
    "example.com",
    "example.org",
    "example.net",
];

/// The host an SPN names: `https://host/…`, `00000002-…/host`, or the name itself.
fn host_of(name: &str) -> &str {
    let n = name.trim();
    let rest = n
        .strip_prefix("https://")
        .or_else(|| n.strip_prefix("http://"))
        .or_else(|| n.split_once('/').map(|(_, h)| h))
        .unwrap_or(n);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// What is wrong with one name, and how sure: an error for a placeholder, a warning for a bare
/// host name (Microsoft's documented forms are the URL and the `00000002-…/host` ones).
fn problem(name: &str) -> Option<(String, Severity)> {
    let n = name.trim();
    if n.contains('<') || n.contains('>') || n.contains('%') {
        return Some((
            format!("`{n}` is a placeholder from the documentation, left unedited"),
            Severity::Error,
        ));
    }
    let host = host_of(n).trim_start_matches("*.").to_ascii_lowercase();
    if PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    {
        return Some((
            format!("`{n}` names the documentation's placeholder domain, not yours"),
            Severity::Error,
        ));
    }
    let has_form = n.contains("://") || n.contains('/');
    // Microsoft's own names on the principal are not the administrator's to judge.
    let microsoft = [".office365.com", ".office.com", ".outlook.com", ".microsoft.com", ".onmicrosoft.com"]
        .iter()
        .any(|d| format!(".{host}").ends_with(d));
    if !has_form && !microsoft && n.contains('.') && !n.contains(' ') {
        return Some((
            format!(
                "`{n}` is a bare host name; Exchange Online matches `https://{n}/` (or the older `{EXCHANGE_APP_ID}/{n}`)"
            ),
            Severity::Warning,
        ));
    }
    None
}

/// Where a name was typed, when an `.Add("…")` call added it (the list is written later).
fn typed_at<'a>(model: &'a Model, name: &str) -> Option<&'a Location> {
    model
        .method_calls
        .iter()
        .filter(|m| m.method.eq_ignore_ascii_case("Add"))
        .flat_map(|m| m.arguments.iter())
        .find(|v| v.resolved.as_deref() == Some(name))
        .map(|v| &v.location)
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .service_principal(EXCHANGE_APP_ID)
            .is_some_and(|sp| sp.spn_lists.iter().any(|l| l.written) || !sp.spn_additions.is_empty()),
        || "the evidence writes no SPN to the Exchange Online principal (00000002-…)".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let Some(sp) = model.configuration.service_principal(EXCHANGE_APP_ID) else {
        return Vec::new();
    };
    // Names written by a command (a list set, or `.Add()` on a copy): what the administrator
    // typed. A name the tenant already showed (a printed list) was fetched, not typed.
    let printed: std::collections::BTreeSet<String> = sp
        .spn_lists
        .iter()
        .filter(|l| !l.written)
        .flat_map(|l| l.names.iter().map(|n| n.trim().to_ascii_lowercase()))
        .collect();
    let mut written: Vec<(&str, &Location)> = Vec::new();
    for list in sp
        .spn_lists
        .iter()
        .filter(|l| l.written && l.outcome != Outcome::Failed && l.unknown_contents.is_none())
    {
        written.extend(
            list.names
                .iter()
                .filter(|n| !printed.contains(&n.trim().to_ascii_lowercase()))
                .map(|n| (n.as_str(), typed_at(model, n).unwrap_or(&list.location))),
        );
    }
    for add in sp.spn_additions.iter().filter(|a| a.outcome != Outcome::Failed) {
        written.push((add.name.as_str(), &add.location));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut hits = Vec::new();
    for (name, location) in written {
        if !seen.insert(name.trim().to_ascii_lowercase()) {
            continue;
        }
        if let Some((why, severity)) = problem(name) {
            // A placeholder's host is no host to register: the fix leaves it to fill in.
            let host = match severity {
                Severity::Warning => host_of(name).trim_start_matches("*.").to_string(),
                _ => "mail.yourcompany.example".to_string(),
            };
            hits.push(
                Hit::new(
                    format!("an SPN written to the Exchange Online principal `{EXCHANGE_APP_ID}` cannot name your endpoint: {why}"),
                    Some(location.clone()),
                    Some(format!(
                        "# register the published EWS/Autodiscover host names in URL form (Microsoft Graph)\n$PublishedHost = \"{host}\"  # your published EWS/Autodiscover host name\n$sp = Get-MgServicePrincipal -Filter \"appId eq '{EXCHANGE_APP_ID}'\"\nUpdate-MgServicePrincipal -ServicePrincipalId $sp.Id -ServicePrincipalNames ($sp.ServicePrincipalNames + \"https://$PublishedHost/\")"
                    )),
                )
                .with_severity(severity),
            );
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_bare_hosts_are_told_apart_from_good_names() {
        assert_eq!(problem("00000002-0000-0ff1-ce00-000000000000/*.domain.com").map(|p| p.1), Some(Severity::Error));
        assert_eq!(problem("https://mail.<yourdomain>/").map(|p| p.1), Some(Severity::Error));
        assert_eq!(problem("mail.fabrikam.com").map(|p| p.1), Some(Severity::Warning));
        assert_eq!(problem("https://mail.fabrikam.com/"), None);
        assert_eq!(problem("00000002-0000-0ff1-ce00-000000000000/*.fabrikam.com"), None);
        assert_eq!(problem("00000002-0000-0ff1-ce00-000000000000"), None);
    }
}
