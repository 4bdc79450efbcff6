//! `oauth/tenant-mismatch`: the tenant in the `microsoft.sts` metadata URL differs from the tenant
//! id the evidence knows (Get-CsTenant, `--tenant-id`, another metadata URL). ACS then serves the
//! wrong tenant's keys and realm, and every token exchange with Exchange Online fails.

use crate::model::{Fact, FactSource, Model};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;
use crate::wellknown::ACS_HOST;

/// The tenant segment of an ACS metadata URL, when the URL has the expected shape.
fn tenant_of(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let rest = rest.strip_prefix(ACS_HOST)?.strip_prefix('/')?;
    let tenant = rest.split('/').next()?;
    (!tenant.is_empty() && tenant != "metadata" && !tenant.contains('$'))
        .then(|| tenant.to_string())
}

/// What names the tenant id `f`, for the message; its location goes beside the finding.
fn describe(f: &Fact) -> String {
    match f.source {
        FactSource::Expected => {
            "the expected tenant id (--tenant-id / hybridlint.toml)".to_string()
        }
        FactSource::Record(_) => "Get-CsTenant output".to_string(),
        _ => "another command of the evidence".to_string(),
    }
}

/// Whether the evidence gives microsoft.sts a metadata URL to compare with the tenant.
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    let any = model.configuration.oauth_servers.iter().any(|s| {
        s.identity.eq_ignore_ascii_case("microsoft.sts") && s.metadata_url.is_some()
    });
    Applies::when(any, || {
        "the evidence gives microsoft.sts no metadata URL".to_string()
    })
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let cfg = &model.configuration;
    let known: Vec<&Fact> = cfg
        .tenant_ids
        .iter()
        .filter(|f| crate::guid::is_guid(&f.value))
        .collect();
    // The authoritative tenant: expected facts first, then Get-CsTenant output, then anything.
    let reference = known
        .iter()
        .find(|f| f.source == FactSource::Expected)
        .or_else(|| {
            known
                .iter()
                .find(|f| matches!(f.source, FactSource::Record(_)))
        })
        .or_else(|| known.first())
        .copied();
    let mut hits = Vec::new();
    let mut first_url: Option<(&Fact, String)> = None;
    for server in cfg
        .oauth_servers
        .iter()
        .filter(|s| s.identity.eq_ignore_ascii_case("microsoft.sts"))
    {
        let Some(url) = &server.metadata_url else {
            continue;
        };
        let Some(tenant) = tenant_of(&url.value) else {
            continue;
        };
        if !crate::guid::is_guid(&tenant) {
            continue; // a domain form (contoso.onmicrosoft.com) cannot be compared with an id
        }
        let against = reference
            .map(|r| (r.value.clone(), describe(r), r))
            .or_else(|| first_url.as_ref().map(|(f, t)| (t.clone(), describe(f), *f)));
        if let Some((want, source, said)) = against
            && !want.eq_ignore_ascii_case(&tenant)
        {
            let fixed = url.value.replace(&tenant, &want);
            let mut hit = Hit::new(
                    format!("the microsoft.sts metadata URL names tenant `{tenant}`, but {source} says the tenant is `{want}`"),
                    Some(url.location.clone()),
                    Some(format!("Set-CsOAuthServer microsoft.sts -MetadataUrl {}", crate::ps_quote::literal(&fixed))),
                );
            // An expected fact has no place in the evidence; the others are shown beside it.
            if said.source != FactSource::Expected {
                hit = hit.with_related(said.location.clone(), format!("the tenant is `{want}` here"));
            }
            hits.push(hit);
        }
        if first_url.is_none() {
            first_url = Some((url, tenant));
        }
    }
    hits
}
