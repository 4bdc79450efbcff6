//! Certificate evidence: DER, PEM (one or many blocks, LF or CRLF), bare Base64 of DER (a saved
//! credential value), PKCS#7 bundles in DER and PEM, and recognition of PKCS#12 bundles, PEM
//! private keys and signing requests. Decodes into the model's certificates, private keys and
//! not-certificates; judges nothing (whether DER is a problem, or a key should be here, is for
//! the rules).
//!
//! A file named like a certificate (`.cer`, `.pfx`, …) is always claimed, even when it decodes to
//! nothing, so the `cert/not-a-certificate` rule can say so instead of the file being re-read as
//! text and silently skipped.

pub mod armour;
mod container;
pub mod describe;

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::*;

use crate::model::{
    CertificateEncoding, EvidenceKind, Location, Model, NotCertificate, NotCertificateKind,
    PrivateKey, PrivateKeyKind,
};

/// Extensions that promise certificate or key material.
const CERTIFICATE_EXTENSIONS: &[&str] = &[
    ".cer", ".crt", ".pem", ".der", ".p7b", ".p7c", ".pfx", ".p12", ".key", ".csr",
];

/// Reads certificate material from `bytes`. Returns the kind recorded, or `None` when the bytes are
/// not certificate or key material (the caller then tries the text loaders).
pub fn load(bytes: &[u8], path: &str, file: usize, model: &mut Model) -> Option<EvidenceKind> {
    let named = has_certificate_extension(path);
    let mut found = Found::default();
    if looks_like_der(bytes) {
        load_der(
            bytes,
            CertificateEncoding::Der,
            Location::file(path),
            file,
            model,
            &mut found,
        );
    }
    if found.is_empty()
        && let Some(text) = as_text(bytes)
    {
        load_text(&text, named, path, file, model, &mut found);
    }
    if found.is_empty() && named {
        let (kind, detail) = unusable(bytes);
        model.not_certificates.push(NotCertificate {
            kind,
            detail,
            location: Location::file(path),
            file,
        });
        found.other = true;
    }
    found.kind()
}

/// What one file yielded, to choose the file's evidence kind.
#[derive(Default)]
struct Found {
    certificates: bool,
    keys: bool,
    other: bool,
}

impl Found {
    fn is_empty(&self) -> bool {
        !(self.certificates || self.keys || self.other)
    }

    fn kind(&self) -> Option<EvidenceKind> {
        if self.certificates || self.other {
            Some(EvidenceKind::Certificate)
        } else if self.keys {
            Some(EvidenceKind::PrivateKey)
        } else {
            None
        }
    }
}

fn has_certificate_extension(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    CERTIFICATE_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// A DER SEQUENCE with a long-form length: how every certificate, bundle and request starts.
fn looks_like_der(bytes: &[u8]) -> bool {
    matches!(bytes, [0x30, 0x81..=0x84, ..])
}

/// Text in UTF-8, or in the encoding its byte-order mark names (Windows PowerShell's `Out-File`
/// writes UTF-16LE with a BOM).
fn as_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes.get(bom_len..)?);
        return (!had_errors).then(|| text.into_owned());
    }
    std::str::from_utf8(bytes).ok().map(str::to_string)
}

/// Decodes one DER object of any supported kind. `encoding` is how a certificate found directly
/// was stored; certificates inside a PKCS#7 bundle are recorded as `Pkcs7`.
fn load_der(
    der: &[u8],
    encoding: CertificateEncoding,
    location: Location,
    file: usize,
    model: &mut Model,
    found: &mut Found,
) -> bool {
    if let Ok((rest, cert)) = X509Certificate::from_der(der) {
        // A DER file with trailing bytes still holds a certificate; the thumbprint covers only
        // the certificate itself.
        let der = der.get(..der.len() - rest.len()).unwrap_or(der);
        model
            .certificates
            .push(describe::describe(&cert, der, encoding, location, file));
        found.certificates = true;
        return true;
    }
    if let Some(members) = container::pkcs7_certificates(der) {
        let mut any = false;
        for member in members {
            if let Ok((_, cert)) = X509Certificate::from_der(member) {
                model.certificates.push(describe::describe(
                    &cert,
                    member,
                    CertificateEncoding::Pkcs7,
                    location.clone(),
                    file,
                ));
                any = true;
            }
        }
        if any {
            found.certificates = true;
        } else {
            model.not_certificates.push(NotCertificate {
                kind: NotCertificateKind::Garbage,
                detail: "a PKCS#7 bundle that holds no certificate".to_string(),
                location,
                file,
            });
            found.other = true;
        }
        return true;
    }
    if container::is_pkcs12(der) {
        model.private_keys.push(PrivateKey {
            kind: PrivateKeyKind::Pkcs12,
            label: "PKCS#12".to_string(),
            location,
            file,
        });
        found.keys = true;
        return true;
    }
    if X509CertificationRequest::from_der(der).is_ok() {
        model.not_certificates.push(NotCertificate {
            kind: NotCertificateKind::SigningRequest,
            detail: "DER PKCS#10 request; the CA has not issued a certificate from it yet"
                .to_string(),
            location,
            file,
        });
        found.other = true;
        return true;
    }
    false
}

fn load_text(
    text: &str,
    named: bool,
    path: &str,
    file: usize,
    model: &mut Model,
    found: &mut Found,
) {
    // Armour inside a transcript (say, `Get-Content cert.cer` echoed) is the transcript's
    // business: only a file that starts with armour, or is named like a certificate, is one.
    let starts_armoured = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with("-----BEGIN "));
    if starts_armoured || named {
        for block in armour::blocks(text) {
            let location = Location::new(path, block.line, block.column, block.len);
            load_block(&block, location, file, model, found);
        }
        if !found.is_empty() {
            return;
        }
    }
    if armour::is_bare_base64(text)
        && let Some(der) = armour::decode_base64(text)
    {
        load_der(
            &der,
            CertificateEncoding::Base64,
            Location::file(path),
            file,
            model,
            found,
        );
    }
}

fn load_block(
    block: &armour::Block,
    location: Location,
    file: usize,
    model: &mut Model,
    found: &mut Found,
) {
    let label = block.label.as_str();
    let truncated = |model: &mut Model, found: &mut Found, what: &str| {
        model.not_certificates.push(NotCertificate {
            kind: NotCertificateKind::Truncated,
            detail: format!(
                "`-----BEGIN {label}-----` armour whose {what} does not decode (cut short or damaged)"
            ),
            location: location.clone(),
            file,
        });
        found.other = true;
    };
    if label.ends_with("PRIVATE KEY") {
        // Key material counts even when damaged: it should not be here either way.
        model.private_keys.push(PrivateKey {
            kind: PrivateKeyKind::PemPrivateKey,
            label: label.to_string(),
            location,
            file,
        });
        found.keys = true;
        return;
    }
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            let parsed = block
                .der
                .as_deref()
                .and_then(|der| X509Certificate::from_der(der).ok().map(|(_, c)| (der, c)));
            match parsed {
                Some((der, cert)) => {
                    model.certificates.push(describe::describe(
                        &cert,
                        der,
                        CertificateEncoding::Pem,
                        location,
                        file,
                    ));
                    found.certificates = true;
                }
                None => truncated(model, found, "certificate"),
            }
        }
        "PKCS7" | "CERTIFICATE CHAIN" => {
            let ok = block.der.as_deref().is_some_and(|der| {
                container::pkcs7_certificates(der).is_some()
                    && load_der(
                        der,
                        CertificateEncoding::Pkcs7,
                        location.clone(),
                        file,
                        model,
                        found,
                    )
            });
            if !ok {
                truncated(model, found, "PKCS#7 bundle");
            }
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            model.not_certificates.push(NotCertificate {
                kind: NotCertificateKind::SigningRequest,
                detail: format!(
                    "`-----BEGIN {label}-----` armour; the CA has not issued a certificate from it yet"
                ),
                location,
                file,
            });
            found.other = true;
        }
        // Public keys, CRLs and the like are not evidence this linter reads.
        _ => {}
    }
}

/// Why a certificate-named file yielded nothing: it starts like certificate material (DER
/// sequence, armour, Base64 of DER) but does not decode, or it is something else entirely.
fn unusable(bytes: &[u8]) -> (NotCertificateKind, String) {
    if bytes.is_empty() {
        return (NotCertificateKind::Garbage, "an empty file".to_string());
    }
    if looks_like_der(bytes) {
        return (
            NotCertificateKind::Truncated,
            format!(
                "{} bytes of binary DER that stop short of a whole certificate, bundle or request",
                bytes.len()
            ),
        );
    }
    let text = as_text(bytes).unwrap_or_default();
    let trimmed = text.trim_start();
    if trimmed.starts_with("-----BEGIN") {
        return (
            NotCertificateKind::Truncated,
            "armour that does not decode (cut short or damaged)".to_string(),
        );
    }
    if trimmed.starts_with("MII") && armour::is_bare_base64(&text) {
        return (
            NotCertificateKind::Truncated,
            "Base64 that starts like a certificate but does not decode (cut short or damaged)"
                .to_string(),
        );
    }
    let detail = if text.is_empty() {
        format!("{} bytes of binary data that is not DER", bytes.len())
    } else {
        "text that is neither PEM armour nor Base64 of a certificate".to_string()
    };
    (NotCertificateKind::Garbage, detail)
}

#[cfg(test)]
mod tests;
