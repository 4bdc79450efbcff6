//! `cert/not-a-certificate`: a file named or armoured like a certificate that holds a signing
//! request, a truncated or malformed certificate, another PKI object (a CRL, a bare public key,
//! an OCSP response, a PKCS#12 bundle without its key) or something else; nothing in it can be
//! uploaded as the OAuth credential. A file with many such blocks gives at most `MAX_PER_FILE`
//! findings and one that counts the rest.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{basename, evidence_path, export_public};
use crate::findings::Severity;
use crate::model::{Location, MAX_PER_FILE, Model, NotCertificateKind};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificate_files(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for nc in &model.not_certificates {
        let what = match nc.kind {
            NotCertificateKind::SigningRequest => "a certificate signing request",
            NotCertificateKind::Truncated => "a damaged or truncated certificate",
            NotCertificateKind::Malformed => "a certificate that is not valid DER",
            NotCertificateKind::RevocationList => {
                "a certificate revocation list, not a certificate"
            }
            NotCertificateKind::PublicKey => "a bare public key, not a certificate",
            NotCertificateKind::OcspResponse => "an OCSP response, not a certificate",
            NotCertificateKind::Pkcs12WithoutKey => "a PKCS#12 bundle without a private key",
            NotCertificateKind::Garbage => "not certificate material",
        };
        // Export to a `.cer` beside it, never over a request or key file.
        let path = evidence_path(model, &nc.location.path);
        let path = match path.rsplit_once('.') {
            Some((stem, _)) => format!("{stem}.cer"),
            None => format!("{path}.cer"),
        };
        let hit = Hit::new(
            format!(
                "`{}` is {what}: {}; expected an issued X.509 certificate, DER or `-----BEGIN CERTIFICATE-----` Base64",
                basename(&nc.location.path),
                nc.detail
            ),
            Some(nc.location.clone()),
            Some(export_public(model, &path)),
        );
        // A bundle that holds certificates but no key is not broken, only the wrong form.
        hits.push(match nc.kind {
            NotCertificateKind::Pkcs12WithoutKey => hit.with_severity(Severity::Warning),
            _ => hit,
        });
        if nc.more_in_file > 0 {
            hits.push(Hit::new(
                format!(
                    "`{}` holds {} more blocks that are not usable certificates, not listed (only the first {MAX_PER_FILE} are)",
                    basename(&nc.location.path),
                    nc.more_in_file
                ),
                Some(Location::file(&nc.location.path)),
                None,
            ));
        }
    }
    hits
}
