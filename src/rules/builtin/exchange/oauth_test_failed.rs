//! `exchange/oauth-test-failed`: `Test-OAuthConnectivity` output read as evidence. A result other
//! than `Success` is a finding that names the cause its `Detail` gives (a 401 with an invalid
//! signature, AADSTS50012's key not found, an unknown user in the token, …) and that cause's fix.

use crate::model::{Model, Record};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;

/// A cause `Detail` names: the words to find (lower case), what they mean, and the fix.
struct Cause {
    finds: &'static [&'static str],
    means: &'static str,
    fix: &'static str,
}

/// Most specific first: the first cause whose words all appear wins.
const CAUSES: &[Cause] = &[
    Cause {
        finds: &["the key was not found"],
        means: "the token issuer does not know the certificate Exchange Server signs with (AADSTS50012, key not found): the auth certificate is not a key credential of the application Exchange Online trusts for this organisation, or it was renewed and not uploaded again",
        fix: "# with the dedicated hybrid application (Exchange Management Shell):\n.\\ConfigureExchangeHybridApplication.ps1 -UpdateCertificate\n# without it, run the Hybrid Configuration Wizard again, which uploads the current auth certificate",
    },
    Cause {
        finds: &["aadsts50012"],
        means: "the token issuer refused Exchange Server's client assertion (AADSTS50012): the auth certificate is not among the trusted application's key credentials",
        fix: "# with the dedicated hybrid application (Exchange Management Shell):\n.\\ConfigureExchangeHybridApplication.ps1 -UpdateCertificate\n# without it, run the Hybrid Configuration Wizard again, which uploads the current auth certificate",
    },
    Cause {
        finds: &["acs50012"],
        means: "ACS refused Exchange Server's client assertion (ACS50012): the auth certificate is not among the principal's key credentials",
        fix: "# run the Hybrid Configuration Wizard again, or move to the dedicated hybrid application:\n.\\ConfigureExchangeHybridApplication.ps1 -FullyConfigureExchangeHybridApplication",
    },
    Cause {
        finds: &["invalid_signature"],
        means: "Exchange Server could not validate the token's signature: the authorization server's metadata (its signing keys) is stale",
        fix: "Get-AuthServer | Where-Object { $_.Enabled } | ForEach-Object { Set-AuthServer -Identity $_.Identity -RefreshAuthMetadata }",
    },
    Cause {
        finds: &["user-context in the token does not exist"],
        means: "the mailbox in the token does not exist on the side that received it: the test mailbox is not synchronised (or not a mail user) there",
        fix: "Test again with -Mailbox set to a mailbox that exists on both sides (synchronised by Entra Connect).",
    },
    Cause {
        finds: &["aadsts500011"],
        means: "the token was requested for a resource (audience) the tenant does not know (AADSTS500011): the on-premises EWS host is not a service principal name of the application Exchange Online calls",
        fix: "# Microsoft Graph: add the on-premises EWS/Autodiscover URLs as SPNs of 00000002-… (or run the Hybrid Configuration Wizard again)\n$sp = Get-MgServicePrincipal -Filter \"appId eq '00000002-0000-0ff1-ce00-000000000000'\"\nUpdate-MgServicePrincipal -ServicePrincipalId $sp.Id -ServicePrincipalNames ($sp.ServicePrincipalNames + \"https://mail.contoso.com/\")",
    },
    Cause {
        finds: &["(401) unauthorized"],
        means: "the other side refused the token with (401) Unauthorized: commonly the on-premises EWS host missing from the SPNs of 00000002-…, a test mailbox that is not synchronised, or a stale or missing auth certificate",
        fix: "Run Test-OAuthConnectivity with -Verbose and read the full Detail; then check the SPNs of 00000002-… and the auth certificate's key credential (hybridlint diagnose --symptom exchange-oauth-test-401).",
    },
];

/// A printed `Test-OAuthConnectivity` result.
fn is_oauth_test(record: &Record, model: &Model) -> bool {
    record
        .command
        .and_then(|c| model.commands.get(c))
        .is_some_and(|c| c.is("Test-OAuthConnectivity"))
        || (record.field("ResultType").is_some()
            && record
                .text("Task")
                .is_some_and(|t| t.to_ascii_lowercase().contains("oauth")))
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(model.records.iter().any(|r| is_oauth_test(r, model)), || {
        "the evidence shows no Test-OAuthConnectivity result".to_string()
    })
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for record in model.records.iter().filter(|r| is_oauth_test(r, model)) {
        let Some(result) = record.text("ResultType") else {
            continue;
        };
        let result = result.trim();
        if result.eq_ignore_ascii_case("Success") || result.is_empty() {
            continue;
        }
        let detail = record.text("Detail").unwrap_or_default();
        let lower = detail.to_ascii_lowercase();
        let cause = CAUSES
            .iter()
            .find(|c| c.finds.iter().all(|w| lower.contains(w)));
        let task = record
            .text("Task")
            .map(|t| format!(" ({})", t.trim()))
            .unwrap_or_default();
        let at = record
            .field("ResultType")
            .map(|f| f.location.clone())
            .unwrap_or_else(|| record.location.clone());
        let hit = match cause {
            Some(c) => Hit::new(
                format!(
                    "Test-OAuthConnectivity{task} reports ResultType {result}: {}",
                    c.means
                ),
                Some(at),
                Some(c.fix.to_string()),
            ),
            None => Hit::new(
                format!(
                    "Test-OAuthConnectivity{task} reports ResultType {result}; its Detail names no cause hybridlint knows: {}",
                    first_line(&detail)
                ),
                Some(at),
                None,
            ),
        };
        hits.push(hit);
    }
    hits
}

/// The first line of a long `Detail`, cut to a readable length.
fn first_line(detail: &str) -> String {
    let line = detail.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        out.push('…');
    }
    if out.is_empty() {
        out.push_str("(no Detail shown)");
    }
    out
}
