//! `transcript/exstorage-test-failed`: `Test-CsExStorageConnectivity` failed in a transcript, read
//! as evidence. HTTP 401 means Exchange (Server or Online) does not accept the pool's OAuth token:
//! Exchange's partner application for the pool, or the pool's OAuth certificate. "Access Denied"
//! means the account running the test is not in RTC Local User Administrators: nothing is known
//! about OAuth yet. Other failures stay `transcript/command-failed`'s.

use crate::findings::Severity;
use crate::model::{Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;

const TEST: &str = "Test-CsExStorageConnectivity";

/// What a failure of the test means, when its text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// 401: Exchange refused the pool's token.
    TokenRejected,
    /// The administrator may not run the test.
    AccessDenied,
}

/// The meaning of the test's error text, when it is one this check explains.
pub(crate) fn meaning(message: &str) -> Option<Meaning> {
    let m = message.to_ascii_lowercase();
    if m.contains("(401)") || m.contains("401 unauthorized") || m.contains("http 401") || m.contains("status code 401") {
        Some(Meaning::TokenRejected)
    } else if m.contains("access denied") || m.contains("access is denied") {
        Some(Meaning::AccessDenied)
    } else {
        None
    }
}

/// Whether this check reports the error of `name` (so `transcript/command-failed` does not).
pub(crate) fn explains(name: &str, message: &str) -> bool {
    name.eq_ignore_ascii_case(TEST) && meaning(message).is_some()
}

/// Applies when the evidence ran Test-CsExStorageConnectivity and shows how it ended (see
/// `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .commands
            .iter()
            .any(|c| c.is(TEST) && c.outcome != Outcome::Unknown),
        || format!("the evidence shows no run of {TEST} with its outcome"),
    )
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmd in model
        .commands
        .iter()
        .filter(|c| c.is(TEST) && c.outcome == Outcome::Failed)
    {
        let Some(err) = cmd.error.and_then(|e| model.errors.get(e)) else {
            continue;
        };
        let uri = cmd.resolved("SipUri");
        let sip = uri.map(|s| format!(" for {s}")).unwrap_or_default();
        let retest = format!(
            "Test-CsExStorageConnectivity -SipUri {} -Binding NetNamedPipe",
            uri.unwrap_or("sip:<user>@<domain>")
        );
        let hit = match meaning(&err.message) {
            Some(Meaning::TokenRejected) => Hit::new(
                format!("{TEST}{sip} got HTTP 401: Exchange does not accept the pool's OAuth token. Check Exchange's partner application for the pool (on Exchange Server: Configure-EnterprisePartnerApplication.ps1 with the pool's metadata URL; for Exchange Online: the microsoft.exchange partner application and the certificate credentials) and that the pool's current OAuth certificate is the one Exchange knows"),
                Some(err.location.clone()),
                Some("Get-CsPartnerApplication | Format-List\nGet-CsCertificate -Type OAuthTokenIssuer | Format-List Thumbprint, NotAfter\n# on Exchange Server: Get-PartnerApplication | Format-List Name, Enabled, AuthMetadataUrl".into()),
            ),
            Some(Meaning::AccessDenied) => Hit::new(
                format!("{TEST}{sip} was denied to the account that ran it: add it to RTC Local User Administrators and run the test again; it says nothing about OAuth until then"),
                Some(err.location.clone()),
                Some(format!("# add the account to the RTC Local User Administrators group, sign out and in again, then:\n{retest}")),
            )
            .with_severity(Severity::Warning),
            None => continue,
        };
        hits.push(hit);
    }
    hits
}
