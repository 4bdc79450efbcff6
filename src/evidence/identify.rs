//! Which cmdlet printed or exported an object, when no command in the evidence says so: from a
//! CLIXML type name, or from the properties the object carries (a file written with `>` holds
//! only the output). Only the procedure's cmdlets are named; anything else stays unknown.

/// The property names identification reads, one bit each of a set (`properties`).
mod property {
    pub(super) const SERVICE_PRINCIPAL_NAMES: u64 = 1 << 0;
    pub(super) const APP_PRINCIPAL_ID: u64 = 1 << 1;
    pub(super) const APP_ID: u64 = 1 << 2;
    pub(super) const VERIFIED_DOMAINS: u64 = 1 << 3;
    pub(super) const ID: u64 = 1 << 4;
    pub(super) const IDENTITY: u64 = 1 << 5;
    pub(super) const THUMBPRINT: u64 = 1 << 6;
    pub(super) const USE: u64 = 1 << 7;
    pub(super) const SUBJECT: u64 = 1 << 8;
    pub(super) const ISSUER: u64 = 1 << 9;
    pub(super) const SERVICE_NAME: u64 = 1 << 10;
    pub(super) const EXCHANGE_AUTODISCOVER_URL: u64 = 1 << 11;
    pub(super) const CLIENT_AUTHORIZATION_OAUTH_SERVER_IDENTITY: u64 = 1 << 12;
    pub(super) const CLIENT_ADAL_AUTH_OVERRIDE: u64 = 1 << 13;
    pub(super) const APPLICATION_IDENTIFIER: u64 = 1 << 14;
    pub(super) const CURRENT_CERTIFICATE_THUMBPRINT: u64 = 1 << 15;
    pub(super) const AUTH_TOKEN: u64 = 1 << 16;
    pub(super) const APPLICATION_TRUST_LEVEL: u64 = 1 << 17;
    pub(super) const METADATA_URL: u64 = 1 << 18;
    pub(super) const NEXT_CERTIFICATE_THUMBPRINT: u64 = 1 << 19;
    pub(super) const PREVIOUS_CERTIFICATE_THUMBPRINT: u64 = 1 << 20;
    pub(super) const TARGET_ADDRESS_DOMAINS: u64 = 1 << 21;
    pub(super) const DISCOVERY_ENDPOINT: u64 = 1 << 22;
    pub(super) const TARGET_SHARING_EPR: u64 = 1 << 23;
    pub(super) const LINKED_ACCOUNT: u64 = 1 << 24;
    pub(super) const USE_AUTH_SERVER: u64 = 1 << 25;
    pub(super) const CERTIFICATE_STRINGS: u64 = 1 << 26;
    pub(super) const AUTH_METADATA_URL: u64 = 1 << 27;
    pub(super) const TOKEN_ISSUING_ENDPOINT: u64 = 1 << 28;
    pub(super) const AUTHORIZATION_ENDPOINT: u64 = 1 << 29;
    pub(super) const TYPE: u64 = 1 << 30;
}

use property::*;

/// Longer than any name in `property`: a longer name is none of them.
const LONGEST_NAME: usize = 40;

/// The set of `property` names among `names`, case-insensitively. Every printed record is
/// identified (the normaliser asks of each one that no Exchange command printed), and a lower-cased
/// copy of each name, searched some thirty times, was most of that.
fn properties<'a>(names: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut set = 0;
    let mut lowered = [0u8; LONGEST_NAME];
    for name in names {
        let Some(lower) = lowered.get_mut(..name.len()) else {
            continue;
        };
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        set |= match &*lower {
            b"serviceprincipalnames" => SERVICE_PRINCIPAL_NAMES,
            b"appprincipalid" => APP_PRINCIPAL_ID,
            b"appid" => APP_ID,
            b"verifieddomains" => VERIFIED_DOMAINS,
            b"id" => ID,
            b"identity" => IDENTITY,
            b"thumbprint" => THUMBPRINT,
            b"use" => USE,
            b"subject" => SUBJECT,
            b"issuer" => ISSUER,
            b"servicename" => SERVICE_NAME,
            b"exchangeautodiscoverurl" => EXCHANGE_AUTODISCOVER_URL,
            b"clientauthorizationoauthserveridentity" => CLIENT_AUTHORIZATION_OAUTH_SERVER_IDENTITY,
            b"clientadalauthoverride" => CLIENT_ADAL_AUTH_OVERRIDE,
            b"applicationidentifier" => APPLICATION_IDENTIFIER,
            b"currentcertificatethumbprint" => CURRENT_CERTIFICATE_THUMBPRINT,
            b"authtoken" => AUTH_TOKEN,
            b"applicationtrustlevel" => APPLICATION_TRUST_LEVEL,
            b"metadataurl" => METADATA_URL,
            b"nextcertificatethumbprint" => NEXT_CERTIFICATE_THUMBPRINT,
            b"previouscertificatethumbprint" => PREVIOUS_CERTIFICATE_THUMBPRINT,
            b"targetaddressdomains" => TARGET_ADDRESS_DOMAINS,
            b"discoveryendpoint" => DISCOVERY_ENDPOINT,
            b"targetsharingepr" => TARGET_SHARING_EPR,
            b"linkedaccount" => LINKED_ACCOUNT,
            b"useauthserver" => USE_AUTH_SERVER,
            b"certificatestrings" => CERTIFICATE_STRINGS,
            b"authmetadataurl" => AUTH_METADATA_URL,
            b"tokenissuingendpoint" => TOKEN_ISSUING_ENDPOINT,
            b"authorizationendpoint" => AUTHORIZATION_ENDPOINT,
            b"type" => TYPE,
            _ => 0,
        };
    }
    set
}

/// The cmdlet whose objects carry these property names, case-insensitively.
pub fn cmdlet_from_properties<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'static str> {
    let set = properties(names);
    // Whether the names hold any of those in `wanted`.
    let any = |wanted: u64| set & wanted != 0;
    if any(SERVICE_PRINCIPAL_NAMES) && any(APP_PRINCIPAL_ID) {
        return Some("Get-MsolServicePrincipal");
    }
    if any(SERVICE_PRINCIPAL_NAMES) && any(APP_ID) {
        return Some("Get-MgServicePrincipal");
    }
    if any(VERIFIED_DOMAINS) && any(ID) {
        return Some("Get-MgOrganization");
    }
    if let Some(exchange) = exchange_from_properties(set) {
        return Some(exchange);
    }
    if !any(IDENTITY) {
        return if any(THUMBPRINT) && any(USE) && any(SUBJECT | ISSUER) {
            Some("Get-CsCertificate")
        } else {
            None
        };
    }
    // Exchange's Get-AuthConfig also has Identity, ServiceName and Realm; its certificate
    // thumbprint fields tell it apart.
    if any(SERVICE_NAME
        | EXCHANGE_AUTODISCOVER_URL
        | CLIENT_AUTHORIZATION_OAUTH_SERVER_IDENTITY
        | CLIENT_ADAL_AUTH_OVERRIDE)
        && !any(APPLICATION_IDENTIFIER | CURRENT_CERTIFICATE_THUMBPRINT)
    {
        return Some("Get-CsOAuthConfiguration");
    }
    if any(APPLICATION_IDENTIFIER) && any(AUTH_TOKEN | APPLICATION_TRUST_LEVEL) {
        return Some("Get-CsPartnerApplication");
    }
    if any(METADATA_URL) && !any(APPLICATION_IDENTIFIER) {
        return Some("Get-CsOAuthServer");
    }
    None
}

/// Exchange Server's OAuth objects, by the properties only they carry (their `Identity` and
/// `Name` say nothing). The auth server and the partner application share `AuthMetadataUrl`,
/// `Realm`, `Enabled` and, since 2025, `ApplicationIdentifier`: the token endpoint or `Type`
/// marks the first, the linked account or `UseAuthServer` the second. `set` is `properties`'.
fn exchange_from_properties(set: u64) -> Option<&'static str> {
    let any = |wanted: u64| set & wanted != 0;
    if any(CURRENT_CERTIFICATE_THUMBPRINT
        | NEXT_CERTIFICATE_THUMBPRINT
        | PREVIOUS_CERTIFICATE_THUMBPRINT)
    {
        return Some("Get-AuthConfig");
    }
    if any(TARGET_ADDRESS_DOMAINS) && any(DISCOVERY_ENDPOINT | TARGET_SHARING_EPR) {
        return Some("Get-IntraOrganizationConnector");
    }
    if any(APPLICATION_IDENTIFIER) && any(LINKED_ACCOUNT | USE_AUTH_SERVER | CERTIFICATE_STRINGS) {
        return Some("Get-PartnerApplication");
    }
    if any(AUTH_METADATA_URL) && (any(TOKEN_ISSUING_ENDPOINT | AUTHORIZATION_ENDPOINT) || any(TYPE))
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

    /// The reading as first written (a lower-cased copy of each name, searched for each
    /// property asked about): what the set of bits must answer.
    /// The cmdlet whose objects carry these property names, case-insensitively.
    fn by_lowered_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
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
        if let Some(exchange) = exchange_by_lowered_names(&has) {
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
    fn exchange_by_lowered_names(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
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

    /// Every set of up to four of the names read (each rule asks for at most three, and for
    /// others to be missing), some in upper case, with a name read by none: identified as the
    /// reading by lower-cased names identifies them.
    #[test]
    fn the_set_of_names_identifies_as_the_names_do() {
        let mut identified = 0;
        let mut check = |picked: &[usize]| {
            let names: Vec<String> = picked
                .iter()
                .map(|&i| match KNOWN[i] {
                    name if i % 2 == 0 => name.to_ascii_uppercase(),
                    name => name.to_string(),
                })
                .chain(["Realm".to_string()])
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let expected = by_lowered_names(names.iter().copied());
            identified += usize::from(expected.is_some());
            assert_eq!(
                cmdlet_from_properties(names.iter().copied()),
                expected,
                "{names:?}"
            );
        };
        let n = KNOWN.len();
        check(&[]);
        for a in 0..n {
            check(&[a]);
            for b in a + 1..n {
                check(&[a, b]);
                for c in b + 1..n {
                    check(&[a, b, c]);
                    for d in c + 1..n {
                        check(&[a, b, c, d]);
                    }
                }
            }
        }
        assert!(identified > 10_000, "{identified} sets identified");
    }

    /// Every name `properties` knows, lower case, as the rules above spell them.
    const KNOWN: [&str; 31] = [
        "serviceprincipalnames",
        "appprincipalid",
        "appid",
        "verifieddomains",
        "id",
        "identity",
        "thumbprint",
        "use",
        "subject",
        "issuer",
        "servicename",
        "exchangeautodiscoverurl",
        "clientauthorizationoauthserveridentity",
        "clientadalauthoverride",
        "applicationidentifier",
        "currentcertificatethumbprint",
        "authtoken",
        "applicationtrustlevel",
        "metadataurl",
        "nextcertificatethumbprint",
        "previouscertificatethumbprint",
        "targetaddressdomains",
        "discoveryendpoint",
        "targetsharingepr",
        "linkedaccount",
        "useauthserver",
        "certificatestrings",
        "authmetadataurl",
        "tokenissuingendpoint",
        "authorizationendpoint",
        "type",
    ];

    #[test]
    fn each_known_name_is_its_own_bit_and_others_are_none() {
        let mut all = 0;
        for name in KNOWN {
            let bit = properties([name]);
            assert_eq!(bit.count_ones(), 1, "{name}");
            assert_eq!(all & bit, 0, "{name}");
            all |= bit;
        }
        assert_eq!(
            properties(["Name", "ü", "clientauthorizationoauthserveridentityandmore"]),
            0
        );
        assert!(KNOWN.iter().all(|n| n.len() <= LONGEST_NAME));
    }

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
