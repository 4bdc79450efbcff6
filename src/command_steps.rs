//! What a command does in the Skype for Business with Exchange Online procedure (`credential`,
//! `spn`, `oauth-server`, …), whatever its cmdlet generation: domain knowledge both the model
//! (which failure a later success of the same step supersedes) and the checklist read, kept here
//! so the model does not reach up into the checklist.

/// What a command does in the procedure, whatever the cmdlet generation (`credential`, `spn`,
/// `enable`, `oauth-server`, …), without the principal it acts on.
pub fn command_kind(name: &str, text: &str) -> Option<&'static str> {
    Some(match step_of_command(name, text)? {
        "lync-credential" | "exchange-credential" => "credential",
        other => other,
    })
}

/// The step a command performs, by cmdlet (and the principal it names).
fn step_of_command(name: &str, text: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    let lower = text.to_ascii_lowercase();
    let credential = if lower.contains("00000004") {
        "lync-credential"
    } else {
        "exchange-credential"
    };
    Some(match n.as_str() {
        "new-csoauthserver" | "set-csoauthserver" => "oauth-server",
        "new-cspartnerapplication" | "set-cspartnerapplication" => "partner-application",
        "set-csoauthconfiguration" => "oauth-service-name",
        "connect-msolservice" | "connect-azuread" | "connect-mggraph" => "connect-tenant",
        "new-msolserviceprincipalcredential"
        | "new-azureadserviceprincipalkeycredential"
        | "add-mgserviceprincipalkey" => credential,
        "update-mgserviceprincipal"
        | "set-msolserviceprincipal"
        | "set-azureadserviceprincipal"
            if lower.contains("keycredential") =>
        {
            credential
        }
        "update-mgserviceprincipal"
        | "set-msolserviceprincipal"
        | "set-azureadserviceprincipal"
            if lower.contains("accountenabled") =>
        {
            "exchange-principal-enabled"
        }
        "update-mgserviceprincipal"
        | "set-msolserviceprincipal"
        | "set-azureadserviceprincipal"
            if lower.contains("serviceprincipalnames") =>
        {
            "spn"
        }
        "export-certificate" | "export-pfxcertificate" | "certutil" | "certutil.exe" => {
            "export-certificate"
        }
        _ => return None,
    })
}
