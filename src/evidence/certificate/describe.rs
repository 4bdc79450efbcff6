//! Turns a parsed X.509 certificate into the model's `Certificate`: the facts rules compare
//! (thumbprint, dates, key, signature hash, names), with readable algorithm names from the OID
//! registry so messages say `sha1WithRSAEncryption` rather than an OID.

use base64::Engine as _;
use sha1::{Digest, Sha1};
use x509_parser::objects::{oid_registry, oid2sn};
use x509_parser::prelude::*;
use x509_parser::public_key::PublicKey;

use crate::model::{Certificate, CertificateEncoding, Location, PublicKeyInfo};

pub fn describe(
    cert: &X509Certificate,
    der: &[u8],
    encoding: CertificateEncoding,
    location: Location,
    file: usize,
) -> Certificate {
    let spki = cert.public_key();
    let public_key = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => PublicKeyInfo::Rsa {
            bits: rsa.key_size() as u32,
        },
        Ok(PublicKey::EC(_)) => PublicKeyInfo::Ec {
            curve: spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| name_of(&oid))
                .unwrap_or_else(|| "unknown".to_string()),
        },
        _ => PublicKeyInfo::Other {
            oid: name_of(&spki.algorithm.algorithm),
        },
    };
    let signature_algorithm = name_of(&cert.signature_algorithm.algorithm);
    let dns_names = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca);
    Certificate {
        encoding,
        thumbprint: hex::encode_upper(Sha1::digest(der)),
        subject: cert.subject().to_string(),
        common_name: cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string),
        issuer: cert.issuer().to_string(),
        serial: cert.raw_serial_as_string(),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        public_key,
        signature_hash: signature_hash(&signature_algorithm),
        signature_algorithm,
        is_ca,
        dns_names,
        der_base64: base64::engine::general_purpose::STANDARD.encode(der),
        location,
        file,
    }
}

/// The registry's short name for an OID, or the dotted OID when the registry does not know it.
fn name_of(oid: &x509_parser::der_parser::oid::Oid) -> String {
    oid2sn(oid, oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.to_id_string())
}

/// The hash named in a signature algorithm's short name (`sha1WithRSAEncryption` → `SHA-1`).
fn signature_hash(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    const HASHES: &[(&str, &str)] = &[
        ("md2", "MD2"),
        ("md4", "MD4"),
        ("md5", "MD5"),
        ("sha1", "SHA-1"),
        ("sha224", "SHA-224"),
        ("sha256", "SHA-256"),
        ("sha384", "SHA-384"),
        ("sha512", "SHA-512"),
    ];
    let compact = lower.replace('-', "");
    HASHES
        .iter()
        .find(|(needle, _)| compact.contains(needle))
        .map(|(_, n)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::signature_hash;

    #[test]
    fn hash_names() {
        assert_eq!(
            signature_hash("sha1WithRSAEncryption").as_deref(),
            Some("SHA-1")
        );
        assert_eq!(signature_hash("ecdsa-with-SHA1").as_deref(), Some("SHA-1"));
        assert_eq!(
            signature_hash("md5WithRSAEncryption").as_deref(),
            Some("MD5")
        );
        assert_eq!(
            signature_hash("sha256WithRSAEncryption").as_deref(),
            Some("SHA-256")
        );
        assert_eq!(
            signature_hash("ecdsa-with-SHA384").as_deref(),
            Some("SHA-384")
        );
        assert_eq!(signature_hash("rsassa-pss"), None);
        assert_eq!(signature_hash("1.2.3.4"), None);
    }
}
