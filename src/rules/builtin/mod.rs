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
use super::applies::Applies;
use super::template::Context;

/// A built-in check: reads the model (never files), returns hits.
pub type BuiltinFn = fn(&Model, &toml::Table, &Context) -> Vec<Hit>;

/// Whether a built-in check has evidence to judge (`super::applies`), asked before it runs.
pub type AppliesFn = fn(&Model, &toml::Table, &Context) -> Applies;

/// Declares each area's check modules and lists them in `BUILTINS`, `APPLIES` and `OPTIONS`.
/// An entry's flags say what its module has beside `check`: `[applies]` a `pub(crate) fn
/// applies`, `[options]` an `OPTIONS` spec (`super::options`); `[applies, options]` both.
macro_rules! builtins {
    ($($area:ident { $($module:ident => $id:literal $([$($flag:ident),*])?,)* })*) => {
        $(
            mod $area {
                $(pub(in crate::rules::builtin) mod $module;)*
            }
        )*

        /// Every built-in check by name.
        pub const BUILTINS: &[(&str, BuiltinFn)] = &[$($(($id, $area::$module::check),)*)*];

        /// Each built-in check's own `applies`, for the checks that have one.
        const APPLIES: &[(&str, Option<AppliesFn>)] =
            &[$($(($id, builtins!(@applies $area $module $($($flag)*)?)),)*)*];

        /// Each built-in check's options, for the checks that take any.
        const OPTIONS: &[(&str, Option<&super::options::OptionsSpec>)] =
            &[$($(($id, builtins!(@options $area $module $($($flag)*)?)),)*)*];
    };
    (@applies $area:ident $module:ident) => { None };
    (@applies $area:ident $module:ident applies $($rest:ident)*) => {
        Some($area::$module::applies)
    };
    (@applies $area:ident $module:ident $other:ident $($rest:ident)*) => {
        builtins!(@applies $area $module $($rest)*)
    };
    (@options $area:ident $module:ident) => { None };
    (@options $area:ident $module:ident options $($rest:ident)*) => {
        Some(&$area::$module::OPTIONS)
    };
    (@options $area:ident $module:ident $other:ident $($rest:ident)*) => {
        builtins!(@options $area $module $($rest)*)
    };
}

// Every built-in check, in one place: its module (`<area>/<name>.rs`) and its name, which is
// the id of the rule using it (`tenant/credential-not-asymmetric` is
// `tenant/credential_not_asymmetric.rs`). The one check two rules share is named for what they
// share (`tenant/credential-missing`, with the application id as its option).
// `tests/rule_catalogue.rs` checks that each name has its rule and its file.
builtins! {
    onprem {
        enterprise_partner_app_url => "onprem/enterprise-partner-app-url" [applies],
        partner_app_metadata_url => "onprem/partner-app-metadata-url" [applies],
    }
    sfbonline {
        linked_account_missing => "sfbonline/linked-account-missing" [applies],
        partner_app_disabled => "sfbonline/partner-app-disabled" [applies],
        partner_app_missing => "sfbonline/partner-app-missing" [applies],
        partner_app_wrong_id => "sfbonline/partner-app-wrong-id" [applies],
    }
    hma {
        client_authorization_server_unknown => "hma/client-authorization-server-unknown" [applies],
        oauth_server_misconfigured => "hma/oauth-server-misconfigured" [applies],
        web_url_spn_invalid => "hma/web-url-spn-invalid" [applies],
    }
    cert {
        der_encoded => "cert/der-encoded" [applies],
        expired => "cert/expired" [applies],
        expires_soon => "cert/expires-soon" [applies, options],
        not_a_certificate => "cert/not-a-certificate" [applies],
        not_yet_valid => "cert/not-yet-valid" [applies],
        path_mismatch => "cert/path-mismatch" [applies],
        private_key_present => "cert/private-key-present" [applies],
        thumbprint_mismatch => "cert/thumbprint-mismatch" [applies],
        weak_key => "cert/weak-key" [applies],
        weak_signature => "cert/weak-signature" [applies],
    }
    config {
        fqdn_mismatch => "config/fqdn-mismatch" [applies],
    }
    dns {
        autodiscover_wrong => "dns/autodiscover-wrong" [applies],
        federation_srv_wrong => "dns/federation-srv-wrong" [applies],
        lyncdiscover_points_online => "dns/lyncdiscover-points-online" [applies],
        sip_points_online => "dns/sip-points-online" [applies],
        sip_srv_missing => "dns/sip-srv-missing" [applies],
        unresolvable => "dns/unresolvable" [applies],
    }
    exchange {
        app_role_wrong => "exchange/app-role-wrong" [applies],
        auth_certificate_not_on_server => "exchange/auth-certificate-not-on-server" [applies],
        key_removal_risk => "exchange/key-removal-risk" [applies],
        oauth_test_failed => "exchange/oauth-test-failed" [applies],
        partner_app_disabled => "exchange/partner-app-disabled" [applies],
        setting_override_invalid => "exchange/setting-override-invalid" [applies],
        shared_principal_key => "exchange/shared-principal-key" [applies],
        spn_placeholder => "exchange/spn-placeholder" [applies],
    }
    endpoint {
        http_error => "endpoint/http-error" [applies],
        metadata_invalid => "endpoint/metadata-invalid" [applies],
        metadata_key_mismatch => "endpoint/metadata-key-mismatch" [applies],
        metadata_realm_mismatch => "endpoint/metadata-realm-mismatch" [applies],
        metadata_service_name_wrong => "endpoint/metadata-service-name-wrong" [applies],
        tls_expired => "endpoint/tls-expired" [applies],
        tls_name_mismatch => "endpoint/tls-name-mismatch" [applies],
        tls_untrusted => "endpoint/tls-untrusted" [applies],
        unreachable => "endpoint/unreachable" [applies],
    }
    input {
        deployment_unknown => "input/deployment-unknown",
    }
    guid {
        lookalike_characters => "guid/lookalike-characters" [applies],
        truncated => "guid/truncated" [applies],
        wrong_application => "guid/wrong-application" [applies],
    }
    oauth {
        partner_app_misconfigured => "oauth/partner-app-misconfigured" [applies],
        service_name_wrong => "oauth/service-name-wrong" [applies],
        tenant_mismatch => "oauth/tenant-mismatch" [applies],
    }
    procedure {
        unrecognised => "procedure/unrecognised",
    }
    script {
        argument_split => "script/argument-split" [applies],
        undefined_variable => "script/undefined-variable" [applies],
    }
    secret {
        plaintext_credential => "secret/plaintext-credential",
    }
    tenant {
        credential_dates => "tenant/credential-dates" [applies],
        credential_missing => "tenant/credential-missing" [applies, options],
        credential_not_asymmetric => "tenant/credential-not-asymmetric" [applies],
        credential_value_invalid => "tenant/credential-value-invalid" [applies],
        exchange_principal_disabled => "tenant/exchange-principal-disabled" [applies],
        key_list_overwritten => "tenant/key-list-overwritten" [applies],
        not_connected => "tenant/not-connected" [applies],
        spn_list_overwritten => "tenant/spn-list-overwritten" [applies],
        spn_list_truncated => "tenant/spn-list-truncated" [applies],
        spn_malformed => "tenant/spn-malformed" [applies],
        spn_missing => "tenant/spn-missing" [applies],
        spn_not_saved => "tenant/spn-not-saved" [applies],
    }
    transcript {
        command_failed => "transcript/command-failed" [applies],
        exstorage_test_failed => "transcript/exstorage-test-failed" [applies],
        graph_sdk_key_defect => "transcript/graph-sdk-key-defect" [applies],
        legacy_module => "transcript/legacy-module" [applies],
        module_missing => "transcript/module-missing" [applies],
    }
}

/// The options a check takes, for the checks that take any (`super::options`).
pub fn options_spec(name: &str) -> Option<&'static super::options::OptionsSpec> {
    let name = super::redirects::current_builtin_name(name);
    OPTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, spec)| *spec)
}

/// The check named `name`, or by a name it had before (`super::redirects`).
pub fn lookup(name: &str) -> Option<BuiltinFn> {
    let name = super::redirects::current_builtin_name(name);
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Whether the check named `name` applies to the evidence: its own `applies`, or yes when it has
/// none (it judges whatever evidence its rule runs on).
pub fn applies(name: &str, model: &Model, options: &toml::Table, ctx: &Context) -> Applies {
    let name = super::redirects::current_builtin_name(name);
    APPLIES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, f)| *f)
        .map_or(Applies::Yes, |f| f(model, options, ctx))
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
