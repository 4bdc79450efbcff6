//! Which cmdlet printed or exported an object, when no command in the evidence says so: from a
//! CLIXML type name, or from the properties the object carries (a file written with `>` holds
//! only the output). Only the procedure's cmdlets are named; anything else stays unknown.

/// The cmdlet whose objects carry these property names, case-insensitively.
pub fn cmdlet_from_properties<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'static str> {
    let names: Vec<String> = names.into_iter().map(str::to_ascii_lowercase).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let any = |ns: &[&str]| ns.iter().any(|n| has(n));
    if has("serviceprincipalnames") && has("appprincipalid") {
        return Some("Get-MsolServicePrincipal");
    }
    if has("serviceprincipalnames") && has("appid") {
        return Some("Get-MgServicePrincipal");
    }
    if has("verifieddomains") && has("id") {
        return Some("Get-MgOrganization");
    }
    if !has("identity") {
        return if has("thumbprint") && has("use") && any(&["subject", "issuer"]) {
            Some("Get-CsCertificate")
        } else {
            None
        };
    }
    // Exchange's Get-AuthConfig also has Identity, ServiceName and Realm; its certificate
    // thumbprint fields tell it apart.
    if any(&[
        "servicename",
        "exchangeautodiscoverurl",
        "clientauthorizationoauthserveridentity",
        "clientadalauthoverride",
    ]) && !any(&["applicationidentifier", "currentcertificatethumbprint"])
    {
        return Some("Get-CsOAuthConfiguration");
    }
    if has("applicationidentifier") && any(&["authtoken", "applicationtrustlevel"]) {
        return Some("Get-CsPartnerApplication");
    }
    if has("metadataurl") && !has("applicationidentifier") {
        return Some("Get-CsOAuthServer");
    }
    None
}

/// The cmdlet whose objects have this .NET type (`Microsoft.Online.Administration.ServicePrincipal`,
/// or its `Deserialized.` form). Type names are matched on their last part, since the
/// namespaces of the SfB management objects differ between versions.
pub fn cmdlet_from_type_name(type_name: &str) -> Option<&'static str> {
    // `Deserialized.` marks an imported object; `Selected.` one that passed `Select-Object`.
    let t = type_name.strip_prefix("Deserialized.").unwrap_or(type_name);
    let t = t
        .strip_prefix("Selected.")
        .unwrap_or(t)
        .to_ascii_lowercase();
    let last = t.rsplit('.').next().unwrap_or(&t);
    if t.starts_with("microsoft.online.administration.") {
        return match last {
            "serviceprincipal" => Some("Get-MsolServicePrincipal"),
            "serviceprincipalcredential" => Some("Get-MsolServicePrincipalCredential"),
            _ => None,
        };
    }
    if t.starts_with("microsoft.graph.powershell.models.") {
        return match last {
            "microsoftgraphserviceprincipal" => Some("Get-MgServicePrincipal"),
            "microsoftgraphkeycredential" => Some("Get-MgServicePrincipal"),
            "microsoftgraphorganization" => Some("Get-MgOrganization"),
            _ => None,
        };
    }
    if t.starts_with("microsoft.open.azuread.model.") {
        return match last {
            "serviceprincipal" | "keycredential" => Some("Get-AzureADServicePrincipal"),
            _ => None,
        };
    }
    if t.starts_with("microsoft.rtc.") {
        return match last {
            "oauthconfiguration" => Some("Get-CsOAuthConfiguration"),
            "oauthserver" => Some("Get-CsOAuthServer"),
            "partnerapplication" => Some("Get-CsPartnerApplication"),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_properties() {
        assert_eq!(
            cmdlet_from_properties(["AccountEnabled", "AppPrincipalId", "ServicePrincipalNames"]),
            Some("Get-MsolServicePrincipal")
        );
        assert_eq!(
            cmdlet_from_properties(["Id", "AppId", "servicePrincipalNames"]),
            Some("Get-MgServicePrincipal")
        );
        assert_eq!(
            cmdlet_from_properties(["Identity", "ServiceName", "Realm"]),
            Some("Get-CsOAuthConfiguration")
        );
        assert_eq!(
            cmdlet_from_properties(["Identity", "ServiceName", "CurrentCertificateThumbprint"]),
            None,
            "Exchange's auth config is not SfB's OAuth configuration"
        );
        assert_eq!(
            cmdlet_from_properties(["Identity", "ApplicationIdentifier", "AuthToken"]),
            Some("Get-CsPartnerApplication")
        );
        assert_eq!(
            cmdlet_from_properties(["Identity", "Realm", "MetadataUrl"]),
            Some("Get-CsOAuthServer")
        );
        assert_eq!(
            cmdlet_from_properties(["Subject", "Thumbprint", "Use"]),
            Some("Get-CsCertificate")
        );
        assert_eq!(cmdlet_from_properties(["Name", "Value"]), None);
    }

    #[test]
    fn by_type_name() {
        assert_eq!(
            cmdlet_from_type_name("Deserialized.Microsoft.Online.Administration.ServicePrincipal"),
            Some("Get-MsolServicePrincipal")
        );
        assert_eq!(
            cmdlet_from_type_name(
                "Microsoft.Graph.PowerShell.Models.MicrosoftGraphServicePrincipal"
            ),
            Some("Get-MgServicePrincipal")
        );
        assert_eq!(cmdlet_from_type_name("System.Object"), None);
    }
}
