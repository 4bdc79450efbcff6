//! `cert/not-a-certificate`: a file named or armoured like a certificate that holds a signing
//! request, a truncated certificate or something else; nothing in it can be uploaded as the OAuth
//! credential.

use super::cert_common::{basename, evidence_path, export_public};
use crate::model::{Model, NotCertificateKind};
use crate::rules::Hit;
use crate::rules::template::Context;

pub fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    model
        .not_certificates
        .iter()
        .map(|nc| {
            let what = match nc.kind {
                NotCertificateKind::SigningRequest => "a certificate signing request",
                NotCertificateKind::Truncated => "a damaged or truncated certificate",
                NotCertificateKind::Garbage => "not certificate material",
            };
            // Export to a `.cer` beside it, never over a request or key file.
            let path = evidence_path(model, &nc.location.path);
            let path = match path.rsplit_once('.') {
                Some((stem, _)) => format!("{stem}.cer"),
                None => format!("{path}.cer"),
            };
            Hit::new(
                format!(
                    "`{}` is {what}: {}; expected an issued X.509 certificate, DER or `-----BEGIN CERTIFICATE-----` Base64",
                    basename(&nc.location.path),
                    nc.detail
                ),
                Some(nc.location.clone()),
                Some(export_public(model, &path)),
            )
        })
        .collect()
}
