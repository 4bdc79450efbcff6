//! Built-in checks: what a rule file cannot express as data (decoding certificates, comparing facts
//! across evidence). One module per check; a rule file names the check with
//! `[[check]] kind = "builtin"`, `name = "…"`.

mod argument_split;
mod cert_common;
mod command_failed;
mod deployment_unknown;
mod dns_autodiscover;
mod dns_federation_srv;
mod dns_lyncdiscover_online;
mod dns_sip_online;
mod dns_sip_srv_missing;
mod dns_unresolvable;
mod endpoint_http_error;
mod endpoint_metadata_invalid;
mod endpoint_metadata_key;
mod endpoint_metadata_realm;
mod endpoint_metadata_service_name;
mod endpoint_tls_expired;
mod endpoint_tls_name;
mod endpoint_tls_untrusted;
mod endpoint_unreachable;
mod fqdn_mismatch;
mod graph_sdk_key_defect;
mod guid_lookalike;
mod guid_truncated;
mod guid_wrong_application;
mod legacy_module;
mod module_missing;
mod oauth_partner_app;
mod oauth_service_name;
mod oauth_tenant_mismatch;
mod probe_common;
mod procedure_unrecognised;
mod secret_plaintext;
mod spn;
mod tenant_credential_dates;
mod tenant_credential_missing;
mod tenant_credential_type;
mod tenant_credential_value;
mod tenant_key_list_overwritten;
mod tenant_not_connected;
mod tenant_principal_disabled;
mod tenant_spn_malformed;
mod tenant_spn_missing;
mod tenant_spn_not_saved;
mod tenant_spn_overwritten;
mod tenant_spn_truncated;
mod undefined_variable;

mod certificate_cap;
mod certificate_der_encoded;
mod certificate_expired;
mod certificate_expires_soon;
mod certificate_not_a_certificate;
mod certificate_not_yet_valid;
mod certificate_path_mismatch;
mod certificate_private_key;
mod certificate_thumbprint_mismatch;
mod certificate_weak_key;
mod certificate_weak_signature;

use std::collections::BTreeMap;

use crate::model::{Command, Location, Model, Value};

use super::Hit;
use super::template::Context;

/// A built-in check: reads the model (never files), returns hits.
pub type BuiltinFn = fn(&Model, &toml::Table, &Context) -> Vec<Hit>;

/// Every built-in check by name. A test checks that each has a rule file using it.
pub const BUILTINS: &[(&str, BuiltinFn)] = &[
    ("argument-split", argument_split::check),
    ("dns-unresolvable", dns_unresolvable::check),
    (
        "dns-lyncdiscover-points-online",
        dns_lyncdiscover_online::check,
    ),
    ("dns-sip-srv-missing", dns_sip_srv_missing::check),
    ("dns-sip-points-online", dns_sip_online::check),
    ("dns-federation-srv-wrong", dns_federation_srv::check),
    ("dns-autodiscover-wrong", dns_autodiscover::check),
    ("endpoint-unreachable", endpoint_unreachable::check),
    ("endpoint-http-error", endpoint_http_error::check),
    (
        "endpoint-metadata-invalid",
        endpoint_metadata_invalid::check,
    ),
    (
        "endpoint-metadata-key-mismatch",
        endpoint_metadata_key::check,
    ),
    (
        "endpoint-metadata-realm-mismatch",
        endpoint_metadata_realm::check,
    ),
    (
        "endpoint-metadata-service-name-wrong",
        endpoint_metadata_service_name::check,
    ),
    ("endpoint-tls-expired", endpoint_tls_expired::check),
    ("endpoint-tls-name-mismatch", endpoint_tls_name::check),
    ("endpoint-tls-untrusted", endpoint_tls_untrusted::check),
    ("command-failed", command_failed::check),
    ("deployment-unknown", deployment_unknown::check),
    ("credential-dates", tenant_credential_dates::check),
    ("credential-missing", tenant_credential_missing::check),
    ("credential-type", tenant_credential_type::check),
    ("credential-value", tenant_credential_value::check),
    (
        "exchange-principal-disabled",
        tenant_principal_disabled::check,
    ),
    ("fqdn-mismatch", fqdn_mismatch::check),
    ("guid-lookalike", guid_lookalike::check),
    ("guid-truncated", guid_truncated::check),
    ("guid-wrong-application", guid_wrong_application::check),
    ("legacy-module", legacy_module::check),
    ("module-missing", module_missing::check),
    ("not-connected", tenant_not_connected::check),
    ("partner-app-misconfigured", oauth_partner_app::check),
    ("procedure-unrecognised", procedure_unrecognised::check),
    ("secret-plaintext-credential", secret_plaintext::check),
    ("service-name", oauth_service_name::check),
    ("spn-list-overwritten", tenant_spn_overwritten::check),
    ("key-list-overwritten", tenant_key_list_overwritten::check),
    ("graph-sdk-key-defect", graph_sdk_key_defect::check),
    ("spn-list-truncated", tenant_spn_truncated::check),
    ("spn-malformed", tenant_spn_malformed::check),
    ("spn-missing", tenant_spn_missing::check),
    ("spn-not-saved", tenant_spn_not_saved::check),
    ("tenant-mismatch", oauth_tenant_mismatch::check),
    ("undefined-variable", undefined_variable::check),
    ("certificate-der-encoded", certificate_der_encoded::check),
    ("certificate-expired", certificate_expired::check),
    ("certificate-expires-soon", certificate_expires_soon::check),
    (
        "certificate-not-a-certificate",
        certificate_not_a_certificate::check,
    ),
    (
        "certificate-not-yet-valid",
        certificate_not_yet_valid::check,
    ),
    (
        "certificate-path-mismatch",
        certificate_path_mismatch::check,
    ),
    ("certificate-private-key", certificate_private_key::check),
    (
        "certificate-thumbprint-mismatch",
        certificate_thumbprint_mismatch::check,
    ),
    ("certificate-weak-key", certificate_weak_key::check),
    (
        "certificate-weak-signature",
        certificate_weak_signature::check,
    ),
];

pub fn lookup(name: &str) -> Option<BuiltinFn> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

pub fn names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// The location of `token` found at char `offset` in a value's text (on the value's first line).
pub fn token_location(value: &Value, offset: usize, token: &str) -> Location {
    let mut l = value.location.clone();
    let first_line_len = value
        .text
        .lines()
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0);
    if offset < first_line_len {
        l.column += offset as u32;
    }
    l.len = token.chars().count() as u32;
    l
}

/// The commands of each file, in file order (one pass, rather than one pass per file).
pub fn commands_by_file(model: &Model) -> BTreeMap<usize, Vec<&Command>> {
    let mut out: BTreeMap<usize, Vec<&Command>> = BTreeMap::new();
    for c in &model.commands {
        out.entry(c.file).or_default().push(c);
    }
    out
}
