//! Renamed built-in check names, and where they went. Organisation rule files (`--rules DIR`)
//! may name a built-in check by its old name (`name = "credential-type"`); they keep working, as
//! ruff keeps old rule codes working. Each check is now named by the id of the rule using it.

/// `(old name, current name)`: the names before checks were named by their rule ids.
const BUILTIN_NAMES: &[(&str, &str)] = &[
    ("argument-split", "script/argument-split"),
    ("certificate-der-encoded", "cert/der-encoded"),
    ("certificate-expired", "cert/expired"),
    ("certificate-expires-soon", "cert/expires-soon"),
    ("certificate-not-a-certificate", "cert/not-a-certificate"),
    ("certificate-not-yet-valid", "cert/not-yet-valid"),
    ("certificate-path-mismatch", "cert/path-mismatch"),
    ("certificate-private-key", "cert/private-key-present"),
    (
        "certificate-thumbprint-mismatch",
        "cert/thumbprint-mismatch",
    ),
    ("certificate-weak-key", "cert/weak-key"),
    ("certificate-weak-signature", "cert/weak-signature"),
    ("command-failed", "transcript/command-failed"),
    ("credential-dates", "tenant/credential-dates"),
    ("credential-missing", "tenant/credential-missing"),
    ("credential-type", "tenant/credential-not-asymmetric"),
    ("credential-value", "tenant/credential-value-invalid"),
    ("dns-autodiscover-wrong", "dns/autodiscover-wrong"),
    ("dns-federation-srv-wrong", "dns/federation-srv-wrong"),
    (
        "dns-lyncdiscover-points-online",
        "dns/lyncdiscover-points-online",
    ),
    ("dns-sip-points-online", "dns/sip-points-online"),
    ("dns-sip-srv-missing", "dns/sip-srv-missing"),
    ("dns-unresolvable", "dns/unresolvable"),
    ("endpoint-http-error", "endpoint/http-error"),
    ("endpoint-metadata-invalid", "endpoint/metadata-invalid"),
    (
        "endpoint-metadata-key-mismatch",
        "endpoint/metadata-key-mismatch",
    ),
    (
        "endpoint-metadata-realm-mismatch",
        "endpoint/metadata-realm-mismatch",
    ),
    (
        "endpoint-metadata-service-name-wrong",
        "endpoint/metadata-service-name-wrong",
    ),
    ("endpoint-tls-expired", "endpoint/tls-expired"),
    ("endpoint-tls-name-mismatch", "endpoint/tls-name-mismatch"),
    ("endpoint-tls-untrusted", "endpoint/tls-untrusted"),
    ("endpoint-unreachable", "endpoint/unreachable"),
    (
        "exchange-principal-disabled",
        "tenant/exchange-principal-disabled",
    ),
    ("fqdn-mismatch", "config/fqdn-mismatch"),
    ("graph-sdk-key-defect", "transcript/graph-sdk-key-defect"),
    ("guid-lookalike", "guid/lookalike-characters"),
    ("guid-truncated", "guid/truncated"),
    ("guid-wrong-application", "guid/wrong-application"),
    ("key-list-overwritten", "tenant/key-list-overwritten"),
    ("legacy-module", "transcript/legacy-module"),
    ("module-missing", "transcript/module-missing"),
    ("not-connected", "tenant/not-connected"),
    (
        "partner-app-misconfigured",
        "oauth/partner-app-misconfigured",
    ),
    ("secret-plaintext-credential", "secret/plaintext-credential"),
    ("service-name", "oauth/service-name-wrong"),
    ("spn-list-overwritten", "tenant/spn-list-overwritten"),
    ("spn-list-truncated", "tenant/spn-list-truncated"),
    ("spn-malformed", "tenant/spn-malformed"),
    ("spn-missing", "tenant/spn-missing"),
    ("spn-not-saved", "tenant/spn-not-saved"),
    ("tenant-mismatch", "oauth/tenant-mismatch"),
    ("undefined-variable", "script/undefined-variable"),
];

/// The current name of a built-in check named `name`, old or current.
pub fn current_builtin_name(name: &str) -> &str {
    BUILTIN_NAMES
        .iter()
        .find(|(old, _)| *old == name)
        .map_or(name, |(_, new)| new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_names_lead_to_checks_that_exist_and_current_names_stay() {
        for (old, new) in BUILTIN_NAMES {
            assert_eq!(current_builtin_name(old), *new);
            assert!(super::super::builtin::lookup(new).is_some(), "{new}");
            assert!(super::super::builtin::lookup(old).is_some(), "{old}");
        }
        assert_eq!(
            current_builtin_name("tenant/spn-missing"),
            "tenant/spn-missing"
        );
    }

    #[test]
    fn an_organisation_rule_naming_an_old_check_name_still_loads() {
        let text = r#"
name = "OurCredentialType"
severity = "warning"
summary = "s"
explanation = "e"
fix = "f"
references = ["r"]

[[check]]
kind = "builtin"
name = "credential-type"
"#;
        let rule = crate::rules::catalogue::parse_rule("our/credential-type", text, "test");
        assert!(rule.is_ok(), "{rule:?}");
    }
}
