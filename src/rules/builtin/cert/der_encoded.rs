//! `cert/der-encoded`: the exported certificate is binary DER while the documented procedure asks
//! for Base64. DER still works through `X509Certificate.Import` + `GetRawCertData`, so this is a
//! warning; it becomes an error when the evidence reads the file's raw text for upload, which
//! turns DER into garbage. Exchange Server's auth certificate, which Exchange's own procedure
//! exports as DER, is judged only for that raw-text read.

use crate::rules::builtin::cert_common::{
    describe, encode_base64, evidence_path, is_exchange_auth_certificate, same_file_name,
};
use crate::rules::applies::{self, Applies};
use crate::rules::builtin::certificate_cap::per_file;
use crate::findings::Severity;
use crate::model::{CertificateEncoding, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    let read_as_text = |c: &crate::model::Certificate| {
        model
            .configuration
            .certificate_text_reads
            .iter()
            .any(|f| same_file_name(&f.value, &c.location.path))
    };
    // Exchange's auth certificate is exported as DER by Exchange's own procedure: only reading
    // its raw text for upload is a mistake there.
    let der = model.certificates.iter().filter(|c| {
        c.encoding == CertificateEncoding::Der
            && (!is_exchange_auth_certificate(model, c) || read_as_text(c))
    });
    per_file(der, "are DER-encoded", |cert| {
        let path = evidence_path(model, &cert.location.path);
        let encode = format!(
            "{}\n# or export again in certlm.msc and pick \"Base-64 encoded X.509 (.CER)\"",
            encode_base64(&path)
        );
        let read = model
            .configuration
            .certificate_text_reads
            .iter()
            .find(|f| same_file_name(&f.value, &cert.location.path));
        match read {
            None => Hit::new(
                format!(
                    "{} is DER-encoded binary X.509; the documented procedure expects \"Base-64 encoded X.509 (.CER)\", text that starts with `-----BEGIN CERTIFICATE-----`",
                    describe(cert)
                ),
                Some(cert.location.clone()),
                Some(encode),
            ),
            Some(read) => Hit::new(
                format!(
                    "{} is DER-encoded binary X.509 and the evidence reads its raw text for upload (`{}`), which uploads binary garbage; expected the credential value to be the Base64 of the DER bytes, `{}`",
                    describe(cert),
                    read.value,
                    cert.der_base64()
                ),
                Some(cert.location.clone()),
                Some(format!(
                    "$certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate\n\
                     $certificate.Import({})\n\
                     $credentialsValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n\
                     # then pass -Value $credentialsValue instead of the file's text; to keep a Base64 file as well:\n{encode}",
                    crate::ps_quote::literal(&path)
                )),
            )
            .with_related(read.location.clone(), "its raw text is read here for upload")
            .with_severity(Severity::Error),
        }
    })
}
