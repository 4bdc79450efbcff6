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
    if let Some(exchange) = exchange_from_properties(&has) {
        return Some(exchange);
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

/// Exchange Server's OAuth objects, by the properties only they carry (their `Identity` and
/// `Name` say nothing). The auth server and the partner application share `AuthMetadataUrl`,
/// `Realm`, `Enabled` and, since 2025, `ApplicationIdentifier`: the token endpoint or `Type`
/// marks the first, the linked account or `UseAuthServer` the second.
fn exchange_from_properties(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
    let any = |ns: &[&str]| ns.iter().any(|n| has(n));
    if any(&[
        "currentcertificatethumbprint",
        "nextcertificatethumbprint",
        "previouscertificatethumbprint",
    ]) {
        return Some("Get-AuthConfig");
    }
    if has("targetaddressdomains") && any(&["discoveryendpoint", "targetsharingepr"]) {
        return Some("Get-IntraOrganizationConnector");
    }
    if has("applicationidentifier")
        && any(&["linkedaccount", "useauthserver", "certificatestrings"])
    {
        return Some("Get-PartnerApplication");
    }
    if has("authmetadataurl")
        && (any(&["tokenissuingendpoint", "authorizationendpoint"]) || has("type"))
    {
        return Some("Get-AuthServer");
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
    // Exchange's configuration objects (`Microsoft.Exchange.Data.Directory.SystemConfiguration.
    // PartnerApplication`); the namespace of the others is not confirmed, so the last part decides.
    if t.starts_with("microsoft.exchange.") {
        return match last {
            "authserver" => Some("Get-AuthServer"),
            "partnerapplication" => Some("Get-PartnerApplication"),
            "authconfig" => Some("Get-AuthConfig"),
            "intraorganizationconnector" => Some("Get-IntraOrganizationConnector"),
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
            Some("Get-AuthConfig"),
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
    fn exchange_objects_by_properties() {
        assert_eq!(
            cmdlet_from_properties(["Identity", "ServiceName", "CurrentCertificateThumbprint"]),
            Some("Get-AuthConfig")
        );
        assert_eq!(
            cmdlet_from_properties([
                "Name",
                "TargetAddressDomains",
                "DiscoveryEndpoint",
                "Enabled"
            ]),
            Some("Get-IntraOrganizationConnector")
        );
        assert_eq!(
            cmdlet_from_properties([
                "Name",
                "ApplicationIdentifier",
                "Realm",
                "LinkedAccount",
                "AuthMetadataUrl"
            ]),
            Some("Get-PartnerApplication")
        );
        assert_eq!(
            cmdlet_from_properties([
                "Name",
                "IssuerIdentifier",
                "TokenIssuingEndpoint",
                "AuthMetadataUrl",
                "Enabled",
                "ApplicationIdentifier"
            ]),
            Some("Get-AuthServer")
        );
        assert_eq!(
            cmdlet_from_properties(["Identity", "ApplicationIdentifier", "AuthToken"]),
            Some("Get-CsPartnerApplication"),
            "SfB's partner application is not Exchange's"
        );
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
        assert_eq!(
            cmdlet_from_type_name(
                "Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig"
            ),
            Some("Get-AuthConfig")
        );
        assert_eq!(cmdlet_from_type_name("System.Object"), None);
    }
}
