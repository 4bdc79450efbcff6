//! `onprem/enterprise-partner-app-url`: Exchange's `Configure-EnterprisePartnerApplication.ps1`
//! run for the pool with an `-AuthMetadataUrl` that is not the pool's metadata document
//! (`https://<pool web FQDN>/metadata/json/1`): Exchange's own autodiscover document, a token
//! service's, SharePoint's or another path; or an `-ApplicationType` other than `Lync` for the
//! pool's document. A host the pool's known web FQDNs do not include is only an info.

use crate::cmdlets;
use crate::findings::Severity;
use crate::model::{Command, Model};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::metadata_url::{is_token_service, split};
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;

const SCRIPT: &str = "Configure-EnterprisePartnerApplication";

/// The script, however it was invoked (`.\…ps1`, a full path, `& "…"`).
pub(crate) fn is_script(cmd: &Command) -> bool {
    cmdlets::lookup(&cmd.name).is_some_and(|c| c.name.eq_ignore_ascii_case(SCRIPT))
}

fn fix(host: &str) -> String {
    format!(
        "cd $env:ExchangeInstallPath\\Scripts\n.\\{SCRIPT}.ps1 -AuthMetadataUrl https://{host}/metadata/json/1 -ApplicationType Lync\niisreset"
    )
}

/// The problem with a known URL, and whether it is only a risk.
fn problem(url: &str, lync: bool) -> Option<(String, bool)> {
    let Some(p) = split(url) else {
        return Some((
            format!("-AuthMetadataUrl `{url}` is not a URL; the pool's metadata document is https://<pool web FQDN>/metadata/json/1"),
            false,
        ));
    };
    if is_token_service(&p.host) {
        return Some((format!(
            "-AuthMetadataUrl `{url}` is a Microsoft token service's document; for the pool, Exchange needs the pool's own: https://<pool web FQDN>/metadata/json/1"
        ), false));
    }
    if p.path.ends_with("/autodiscover/metadata/json/1") {
        return Some((format!(
            "-AuthMetadataUrl `{url}` is Exchange's own metadata document; Exchange must be given the pool's: https://<pool web FQDN>/metadata/json/1"
        ), false));
    }
    if !lync {
        return None;
    }
    if p.path.contains("/_layouts/") || p.path.ends_with("jsonmetadata.ashx") {
        return Some((format!(
            "-AuthMetadataUrl `{url}` is SharePoint's metadata document, given with -ApplicationType Lync"
        ), false));
    }
    if p.path != "/metadata/json/1" {
        return Some((format!(
            "-AuthMetadataUrl `{url}` is not the pool's metadata document: the pool serves it at https://{}/metadata/json/1",
            p.host
        ), false));
    }
    if p.scheme != "https" {
        return Some((
            format!("-AuthMetadataUrl `{url}` is not https: the pool publishes its metadata document on its https web services"),
            true,
        ));
    }
    None
}

/// The URL's host is none of the web services FQDNs the evidence gives. Those are usually the
/// external ones (`--web-fqdn`, `ExternalFqdn`), while the documented URL names the pool's FQDN,
/// so this is not known to be wrong: an info says what cannot be confirmed.
fn host_unconfirmed(url: &str, pool: &[String]) -> Option<String> {
    let p = split(url)?;
    (!pool.is_empty() && !pool.iter().any(|f| f.eq_ignore_ascii_case(&p.host))).then(|| {
        format!(
            "cannot confirm that `{}` is the pool's: the evidence names the pool's web services as {}, and the pool FQDN the documentation uses is not among them",
            p.host,
            pool.join(", ")
        )
    })
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(model.commands.iter().any(is_script), || {
        "the evidence does not run Configure-EnterprisePartnerApplication.ps1".to_string()
    })
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let pool = model.web_fqdns();
    let mut hits = Vec::new();
    let runs: Vec<&Command> = model
        .commands
        .iter()
        .filter(|c| is_script(c) && c.outcome != crate::model::Outcome::Failed)
        .collect();
    let type_of = |c: &Command| {
        c.resolved("ApplicationType")
            .map(str::to_ascii_lowercase)
            .unwrap_or_default()
    };
    for (i, cmd) in runs.iter().enumerate() {
        // Run again for the same application type later: the later run is what Exchange has.
        if runs[i + 1..].iter().any(|later| type_of(later) == type_of(cmd)) {
            continue;
        }
        let app_type = cmd.value("ApplicationType");
        let lync = app_type
            .and_then(|v| v.resolved.as_deref())
            .is_none_or(|t| t.eq_ignore_ascii_case("Lync"));
        let host_hint = pool.first().cloned().unwrap_or_else(|| "<pool web FQDN>".into());
        if let Some(t) = app_type.and_then(|v| v.resolved.as_deref())
            && !t.eq_ignore_ascii_case("Lync")
            && !t.eq_ignore_ascii_case("SharePoint")
        {
            hits.push(Hit::new(
                format!("-ApplicationType is `{t}`; for the Skype for Business / Lync pool it is `Lync` (the script knows Lync and SharePoint)"),
                Some(cmd.location.clone()),
                Some(fix(&host_hint)),
            ));
        }
        let Some(url) = cmd.value("AuthMetadataUrl") else {
            continue;
        };
        let Some(text) = url.resolved.as_deref() else {
            let why = url
                .unknown()
                .map(str::to_string)
                .unwrap_or_else(|| "its value is not in the evidence".into());
            hits.push(cannot_confirm(
                Hit::new(String::new(), None, None),
                "-AuthMetadataUrl is the pool's metadata document",
                &format!("`{}` is known only at run time ({why})", url.text),
                &url.location,
            ));
            continue;
        };
        if lync
            && problem(text, lync).is_none()
            && let Some(message) = host_unconfirmed(text, &pool)
        {
            hits.push(
                Hit::new(message, Some(url.location.clone()), None).with_severity(Severity::Info),
            );
            continue;
        }
        if let Some((message, risk)) = problem(text, lync) {
            let host = split(text)
                .filter(|p| !is_token_service(&p.host) && !p.host.starts_with("autodiscover."))
                .map(|p| p.host)
                .unwrap_or(host_hint.clone());
            let hit = Hit::new(message, Some(url.location.clone()), Some(fix(&host)));
            hits.push(if risk {
                hit.with_severity(Severity::Warning)
            } else {
                hit
            });
        }
    }
    hits
}
