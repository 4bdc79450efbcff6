//! `transcript/graph-sdk-key-defect`: a Microsoft Graph PowerShell cmdlet failed to write key
//! credentials with "Cannot convert the literal '…' to the expected type 'Edm.Binary'" or "The value
//! for the property "usage" … is invalid". Those are defects of the SDK's byte-array binding
//! (msgraph-sdk-powershell issues 2056 in 2.0.0-rc1, 3170/3157 in 2.26, 3305 in 2.27), not of the
//! certificate or the script: the fix is another module version or the REST call, not a new export.

use crate::rules::applies::{self, Applies};
use crate::model::{Model, Outcome};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether an error message is one of the SDK's key-credential binding defects.
pub(crate) fn is_sdk_key_defect(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("edm.binary")
        || (m.contains("property \"usage\"") && m.contains("credentials is invalid"))
        || (m.contains("value for property usage") && m.contains("invalid"))
}

/// The workaround, as the SDK's issue threads give it.
const WORKAROUND: &str = "# A defect of the Microsoft Graph PowerShell SDK's key binding, not of the certificate:\n\
# install a release without it, then run the same step again\n\
Uninstall-Module Microsoft.Graph.Applications -AllVersions\n\
Install-Module Microsoft.Graph.Applications -MaximumVersion 2.25.0 -Scope CurrentUser\n\
# or send the update with Invoke-MgGraphRequest and the key as Base64 text (issue 2056)";

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::executed(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmd in model
        .commands
        .iter()
        .filter(|c| c.outcome == Outcome::Failed && c.name.to_ascii_lowercase().contains("-mg"))
    {
        let Some(err) = cmd.error.and_then(|e| model.errors.get(e)) else {
            continue;
        };
        if !is_sdk_key_defect(&err.message) || model.is_superseded(cmd) {
            continue;
        }
        let mut quoted: String = err.message.chars().take(160).collect();
        if err.message.chars().count() > 160 {
            quoted.push('…');
        }
        hits.push(Hit::new(
            format!(
                "`{}` failed with \"{quoted}\": a known defect of the Microsoft Graph PowerShell SDK with byte arrays in -KeyCredentials (2.0.0-rc1, 2.26–2.27), so the key was not written; the certificate is not the cause",
                cmd.name
            ),
            Some(cmd.location.clone()),
            Some(WORKAROUND.to_string()),
        )
        .with_related(err.location.clone(), "the error record"));
    }
    hits
}
