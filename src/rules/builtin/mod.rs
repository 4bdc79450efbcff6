//! Built-in checks: what a rule file cannot express as data (decoding certificates, comparing facts
//! across evidence). One module per check; a rule file names the check with
//! `[[check]] kind = "builtin"`, `name = "…"`.

mod cert_common;
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

use crate::model::Model;

use super::Hit;
use super::template::Context;

/// A built-in check: reads the model (never files), returns hits.
pub type BuiltinFn = fn(&Model, &toml::Table, &Context) -> Vec<Hit>;

/// Every built-in check by name. A test checks that each has a rule file using it.
pub const BUILTINS: &[(&str, BuiltinFn)] = &[
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
