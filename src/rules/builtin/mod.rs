//! Built-in checks: what a rule file cannot express as data (decoding certificates, comparing facts
//! across evidence). One module per check; a rule file names the check with
//! `[[check]] kind = "builtin"`, `name = "…"`.

mod cert_common;
mod certificate_cap;
mod cloud_partner_apps;
mod evosts;
mod metadata_url;
mod probe_common;
mod spn;

use std::collections::BTreeMap;

use crate::model::{Command, Location, Model, Value};

use super::Hit;
use super::template::Context;

/// A built-in check: reads the model (never files), returns hits.
pub type BuiltinFn = fn(&Model, &toml::Table, &Context) -> Vec<Hit>;

/// Declares each area's check modules and lists them in `BUILTINS`.
macro_rules! builtins {
    ($($area:ident { $($module:ident => $id:literal,)* })*) => {
        $(
            mod $area {
                $(pub(in crate::rules::builtin) mod $module;)*
            }
        )*

        /// Every built-in check by name.
        pub const BUILTINS: &[(&str, BuiltinFn)] = &[$($(($id, $area::$module::check),)*)*];
    };
}

// Every built-in check, in one place: its module (`<area>/<name>.rs`) and its name, which is
// the id of the rule using it (`tenant/credential-not-asymmetric` is
// `tenant/credential_not_asymmetric.rs`). The one check two rules share is named for what they
// share (`tenant/credential-missing`, with the application id as its option).
// `tests/rule_catalogue.rs` checks that each name has its rule and its file.
builtins! {
    onprem {
        enterprise_partner_app_url => "onprem/enterprise-partner-app-url",
        partner_app_metadata_url => "onprem/partner-app-metadata-url",
    }
    sfbonline {
        linked_account_missing => "sfbonline/linked-account-missing",
        partner_app_disabled => "sfbonline/partner-app-disabled",
        partner_app_missing => "sfbonline/partner-app-missing",
        partner_app_wrong_id => "sfbonline/partner-app-wrong-id",
    }
    hma {
        client_authorization_server_unknown => "hma/client-authorization-server-unknown",
        oauth_server_misconfigured => "hma/oauth-server-misconfigured",
        web_url_spn_invalid => "hma/web-url-spn-invalid",
    }
    cert {
        der_encoded => "cert/der-encoded",
        expired => "cert/expired",
        expires_soon => "cert/expires-soon",
        not_a_certificate => "cert/not-a-certificate",
        not_yet_valid => "cert/not-yet-valid",
        path_mismatch => "cert/path-mismatch",
        private_key_present => "cert/private-key-present",
        thumbprint_mismatch => "cert/thumbprint-mismatch",
        weak_key => "cert/weak-key",
        weak_signature => "cert/weak-signature",
    }
    config {
        fqdn_mismatch => "config/fqdn-mismatch",
    }
    dns {
        autodiscover_wrong => "dns/autodiscover-wrong",
        federation_srv_wrong => "dns/federation-srv-wrong",
        lyncdiscover_points_online => "dns/lyncdiscover-points-online",
        sip_points_online => "dns/sip-points-online",
        sip_srv_missing => "dns/sip-srv-missing",
        unresolvable => "dns/unresolvable",
    }
    endpoint {
        http_error => "endpoint/http-error",
        metadata_invalid => "endpoint/metadata-invalid",
        metadata_key_mismatch => "endpoint/metadata-key-mismatch",
        metadata_realm_mismatch => "endpoint/metadata-realm-mismatch",
        metadata_service_name_wrong => "endpoint/metadata-service-name-wrong",
        tls_expired => "endpoint/tls-expired",
        tls_name_mismatch => "endpoint/tls-name-mismatch",
        tls_untrusted => "endpoint/tls-untrusted",
        unreachable => "endpoint/unreachable",
    }
    input {
        deployment_unknown => "input/deployment-unknown",
    }
    guid {
        lookalike_characters => "guid/lookalike-characters",
        truncated => "guid/truncated",
        wrong_application => "guid/wrong-application",
    }
    oauth {
        partner_app_misconfigured => "oauth/partner-app-misconfigured",
        service_name_wrong => "oauth/service-name-wrong",
        tenant_mismatch => "oauth/tenant-mismatch",
    }
    procedure {
        unrecognised => "procedure/unrecognised",
    }
    script {
        argument_split => "script/argument-split",
        undefined_variable => "script/undefined-variable",
    }
    secret {
        plaintext_credential => "secret/plaintext-credential",
    }
    tenant {
        credential_dates => "tenant/credential-dates",
        credential_missing => "tenant/credential-missing",
        credential_not_asymmetric => "tenant/credential-not-asymmetric",
        credential_value_invalid => "tenant/credential-value-invalid",
        exchange_principal_disabled => "tenant/exchange-principal-disabled",
        key_list_overwritten => "tenant/key-list-overwritten",
        not_connected => "tenant/not-connected",
        spn_list_overwritten => "tenant/spn-list-overwritten",
        spn_list_truncated => "tenant/spn-list-truncated",
        spn_malformed => "tenant/spn-malformed",
        spn_missing => "tenant/spn-missing",
        spn_not_saved => "tenant/spn-not-saved",
    }
    transcript {
        command_failed => "transcript/command-failed",
        exstorage_test_failed => "transcript/exstorage-test-failed",
        graph_sdk_key_defect => "transcript/graph-sdk-key-defect",
        legacy_module => "transcript/legacy-module",
        module_missing => "transcript/module-missing",
    }
}

/// The options a check takes, for the checks that take any (`super::options`).
pub fn options_spec(name: &str) -> Option<&'static super::options::OptionsSpec> {
    let name = super::redirects::current_builtin_name(name);
    match name {
        "cert/expires-soon" => Some(&cert::expires_soon::OPTIONS),
        "tenant/credential-missing" => Some(&tenant::credential_missing::OPTIONS),
        _ => None,
    }
}

/// The check named `name`, or by a name it had before (`super::redirects`).
pub fn lookup(name: &str) -> Option<BuiltinFn> {
    let name = super::redirects::current_builtin_name(name);
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
