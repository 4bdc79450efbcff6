//! Turns a parsed X.509 certificate into the model's `Certificate`: the facts rules compare
//! (thumbprint, dates, key, signature hash, names), with readable algorithm names from the OID
//! registry so messages say `sha1WithRSAEncryption` rather than an OID. The hash of a signature
//! comes from that name, or for RSASSA-PSS from its parameters; key sizes are counted from the
//! modulus itself, as openssl counts them.

use sha1::{Digest, Sha1};
use x509_cert::der::asn1::{Any, UintRef};
use x509_cert::der::{Decode, Reader, SliceReader, Tag, Tagged};
use x509_parser::der_parser::oid::Oid;
use x509_parser::objects::{oid_registry, oid2sn};
use x509_parser::oid_registry::{OID_PKCS1_RSAENCRYPTION, OID_PKCS1_RSASSAPSS};
use x509_parser::prelude::*;
use x509_parser::public_key::PublicKey;
use x509_parser::signature_algorithm::SignatureAlgorithm;

use crate::model::{Certificate, CertificateDetails, CertificateEncoding, Location, PublicKeyInfo};

pub fn describe(
    cert: &X509Certificate,
    der: &[u8],
    encoding: CertificateEncoding,
    location: Location,
    file: usize,
) -> Certificate {
    let spki = cert.public_key();
    // OIDs compared as bytes: writing each out in dotted form cost more than the comparison.
    let public_key = if RSA_KEY_TYPES
        .iter()
        .any(|k| is(&spki.algorithm.algorithm, k))
    {
        // Read here rather than by x509-parser, which leaves RSA-PSS keys (RFC 4055) unparsed.
        match spki.subject_public_key.unused_bits {
            0 => rsa_key(&spki.subject_public_key.data),
            _ => undecodable_rsa_key(),
        }
    } else {
        match spki.parsed() {
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
        }
    };
    let signature_algorithm = name_of(&cert.signature_algorithm.algorithm);
    // RSASSA-PSS names its hash in parameters; absent parameters mean SHA-1 (RFC 4055). Asked
    // only for that exact OID: x509-parser prints to stderr on other OIDs under its arc.
    let pss = is(&cert.signature_algorithm.algorithm, &OID_PKCS1_RSASSAPSS);
    let signature_hash = if pss {
        match SignatureAlgorithm::try_from(&cert.signature_algorithm) {
            Ok(SignatureAlgorithm::RSASSA_PSS(params)) => {
                signature_hash(&name_of(params.hash_algorithm_oid()))
            }
            _ => None,
        }
    } else {
        signature_hash(&signature_algorithm)
    };
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
    let details = CertificateDetails {
        encoding,
        thumbprint: crate::digest_text::upper(&Sha1::digest(der)),
        subject: name_text(cert.subject()),
        common_name: cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string),
        issuer: issuer_text(cert),
        serial: serial_text(cert.raw_serial()),
        not_before: cert.validity().not_before.to_datetime(),
        not_after: cert.validity().not_after.to_datetime(),
        public_key,
        signature_hash,
        signature_algorithm,
        is_ca,
        dns_names,
        der: der.into(),
    };
    Certificate {
        details: details.into(),
        location,
        file,
    }
}

/// The issuer's name as text. A folder's certificates most often share one issuing CA, and
/// writing a name out (each attribute's name looked up in the OID registry) was a fifth of
/// describing a certificate: the last issuer written is kept, per thread, by its DER bytes (the
/// text is a function of them). A self-signed certificate's issuer is its subject.
fn issuer_text(cert: &X509Certificate) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<(Vec<u8>, String)> = const {
            std::cell::RefCell::new((Vec::new(), String::new()))
        };
    }
    let raw = cert.issuer().as_raw();
    if raw.is_empty() {
        return name_text(cert.issuer());
    }
    LAST.with_borrow_mut(|(last_raw, last_text)| {
        if last_raw.as_slice() != raw {
            *last_text = name_text(cert.issuer());
            last_raw.clear();
            last_raw.extend_from_slice(raw);
        }
        last_text.clone()
    })
}

/// A name as x509-parser writes it (`CN=lyncpool01.contoso.com, O=Contoso`: attributes of one
/// RDN joined by ` + `, RDNs by `, `, each `ABBREV=value`), written into one string. Its own
/// writer builds a string per attribute and per RDN and looks each attribute's abbreviation up
/// in a hash map, a quarter of describing a certificate; the names certificates have (the
/// attributes `ABBREVIATIONS` lists, with values of plain string types) are written here, and
/// any other name is left to x509-parser, so the text is the same for every name.
fn name_text(name: &X509Name) -> String {
    use x509_parser::asn1_rs::Tag;
    let mut out = String::with_capacity(name.as_raw().len());
    for (i, rdn) in name.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        for (j, attribute) in rdn.iter().enumerate() {
            let abbreviation = ABBREVIATIONS
                .iter()
                .find(|(oid, _)| attribute.attr_type() == oid)
                .map(|(_, abbreviation)| *abbreviation);
            let value = attribute.attr_value();
            // The tags x509-parser writes as UTF-8 text; a BMPString or a value of another
            // type is written its own way.
            let plain = matches!(
                value.tag(),
                Tag::NumericString
                    | Tag::VisibleString
                    | Tag::PrintableString
                    | Tag::GeneralString
                    | Tag::ObjectDescriptor
                    | Tag::GraphicString
                    | Tag::T61String
                    | Tag::VideotexString
                    | Tag::Utf8String
                    | Tag::Ia5String
            );
            let (Some(abbreviation), true, Ok(text)) =
                (abbreviation, plain, std::str::from_utf8(value.data))
            else {
                return name.to_string();
            };
            if j > 0 {
                out.push_str(" + ");
            }
            out.push_str(abbreviation);
            out.push('=');
            out.push_str(text);
        }
    }
    out
}

/// The attributes x509-parser abbreviates before it asks the OID registry (its `oid2abbrev`
/// table, which a test compares with this one).
const ABBREVIATIONS: &[(Oid<'static>, &str)] = &[
    (oid_registry::OID_X509_COMMON_NAME, "CN"),
    (oid_registry::OID_X509_COUNTRY_NAME, "C"),
    (oid_registry::OID_X509_LOCALITY_NAME, "L"),
    (oid_registry::OID_X509_STATE_OR_PROVINCE_NAME, "ST"),
    (oid_registry::OID_X509_ORGANIZATION_NAME, "O"),
    (oid_registry::OID_X509_ORGANIZATIONAL_UNIT, "OU"),
    (oid_registry::OID_DOMAIN_COMPONENT, "DC"),
    (oid_registry::OID_PKCS9_EMAIL_ADDRESS, "Email"),
];

/// A serial number as x509-parser's `raw_serial_as_string` writes it (`0a:1b:ff`, lower-case
/// hex, one pair per byte as stored), without a string formatted per byte.
fn serial_text(raw: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(raw.len() * 3);
    for (i, byte) in raw.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// Whether `oid` is `known`: by its bytes, or by its dotted form when it has a byte that can pad
/// an arc (BER lets `80` lead an arc; such an OID names the same arcs in more bytes).
fn is(oid: &Oid, known: &Oid) -> bool {
    oid == known || (oid.as_bytes().contains(&0x80) && oid.to_id_string() == known.to_id_string())
}

/// Key types whose key is an RSAPublicKey: rsaEncryption and RSASSA-PSS.
const RSA_KEY_TYPES: &[Oid<'static>] = &[OID_PKCS1_RSAENCRYPTION, OID_PKCS1_RSASSAPSS];

/// Signature and hash algorithms that oid-registry 0.8 does not name, with the names OpenSSL
/// gives them. Only gaps: a test checks the registry still lacks each one.
const NOT_IN_REGISTRY: &[(&str, &str)] = &[
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    ("2.16.840.1.101.3.4.3.1", "dsa-with-SHA224"),
    ("2.16.840.1.101.3.4.3.2", "dsa-with-SHA256"),
    ("1.2.840.113549.2.2", "md2"),
    ("1.2.840.113549.2.5", "md5"),
    ("2.16.840.1.101.3.4.2.4", "sha224"),
];

/// The registry's short name for an OID (or the name it lacks, from `NOT_IN_REGISTRY`), or the
/// dotted OID when neither knows it.
fn name_of(oid: &Oid) -> String {
    if let Ok(name) = oid2sn(oid, oid_registry()) {
        return name.to_string();
    }
    oid_name(&oid.to_id_string())
}

/// The name for a dotted OID: the registry's, `NOT_IN_REGISTRY`'s, or the OID itself.
pub fn oid_name(dotted: &str) -> String {
    let registered = dotted
        .parse::<Oid>()
        .ok()
        .and_then(|oid| oid2sn(&oid, oid_registry()).ok().map(str::to_string));
    registered
        .or_else(|| {
            NOT_IN_REGISTRY
                .iter()
                .find(|(o, _)| *o == dotted)
                .map(|(_, n)| n.to_string())
        })
        .unwrap_or_else(|| dotted.to_string())
}

/// An RSAPublicKey `SEQUENCE { modulus INTEGER, publicExponent INTEGER }` read as strict DER
/// (x509-parser reads a damaged one leniently, and its bit count skips the modulus' first byte).
/// A key that does not decode is named, not sized: its strength is unknown, not weak.
fn rsa_key(bytes: &[u8]) -> PublicKeyInfo {
    let modulus = || -> Option<u32> {
        let seq = Any::from_der(bytes).ok()?;
        if seq.tag() != Tag::Sequence {
            return None;
        }
        let mut reader = SliceReader::new(seq.value()).ok()?;
        let modulus: UintRef = reader.decode().ok()?;
        let _exponent: UintRef = reader.decode().ok()?;
        reader.finish().ok()?;
        Some(modulus_bits(modulus.as_bytes()))
    };
    match modulus() {
        Some(bits) => PublicKeyInfo::Rsa { bits },
        None => undecodable_rsa_key(),
    }
}

fn undecodable_rsa_key() -> PublicKeyInfo {
    PublicKeyInfo::Other {
        oid: "an RSA key that does not decode".to_string(),
    }
}

/// Bits in an RSA modulus (big-endian, as DER stores it), counted from its highest set bit as
/// openssl does: a modulus of 3 is a 2-bit key, not a 0-bit one.
fn modulus_bits(modulus: &[u8]) -> u32 {
    let significant = match modulus.iter().position(|b| *b != 0) {
        Some(first) => &modulus[first..],
        None => return 0,
    };
    let leading = significant.first().map_or(0, |b| b.leading_zeros());
    (significant.len() as u32) * 8 - leading
}

/// The signature algorithms nearly every certificate uses, and their hashes: looked up before
/// the name is searched (lower-cased and compacted for each certificate, a tenth of describing
/// one). A test holds each to what the search finds.
const COMMON_SIGNATURE_HASHES: &[(&str, &str)] = &[
    ("sha256WithRSAEncryption", "SHA-256"),
    ("ecdsa-with-SHA256", "SHA-256"),
    ("sha384WithRSAEncryption", "SHA-384"),
    ("ecdsa-with-SHA384", "SHA-384"),
    ("sha512WithRSAEncryption", "SHA-512"),
    ("ecdsa-with-SHA512", "SHA-512"),
    ("sha1WithRSAEncryption", "SHA-1"),
    ("ecdsa-with-SHA1", "SHA-1"),
    ("md5WithRSAEncryption", "MD5"),
];

/// The hash named in a signature algorithm's short name (`sha1WithRSAEncryption` → `SHA-1`).
fn signature_hash(name: &str) -> Option<String> {
    if let Some((_, hash)) = COMMON_SIGNATURE_HASHES.iter().find(|(n, _)| *n == name) {
        return Some((*hash).to_string());
    }
    searched_signature_hash(name)
}

/// `signature_hash` for any name: the first hash whose name the algorithm's name holds,
/// compared without case and dashes.
fn searched_signature_hash(name: &str) -> Option<String> {
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
    use super::*;

    #[test]
    fn common_signature_hashes_are_what_the_search_finds() {
        for (name, hash) in COMMON_SIGNATURE_HASHES {
            assert_eq!(
                searched_signature_hash(name).as_deref(),
                Some(*hash),
                "{name}"
            );
        }
        assert_eq!(signature_hash("RSASSA-PSS"), None);
        assert_eq!(
            signature_hash("sha224WithRSAEncryption").as_deref(),
            Some("SHA-224")
        );
    }

    #[test]
    fn modulus_bits_count_from_the_highest_set_bit() {
        assert_eq!(modulus_bits(&[0x03]), 2);
        assert_eq!(modulus_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(modulus_bits(&[0x7f, 0xff]), 15);
        assert_eq!(modulus_bits(&[0x00]), 0);
        assert_eq!(modulus_bits(&[]), 0);
    }

    #[test]
    fn oids_compare_as_their_dotted_forms_did() {
        assert_eq!(
            OID_PKCS1_RSAENCRYPTION.to_id_string(),
            "1.2.840.113549.1.1.1"
        );
        assert_eq!(OID_PKCS1_RSASSAPSS.to_id_string(), "1.2.840.113549.1.1.10");
        // rsaEncryption with its 840 arc padded (`80 86 48` for `86 48`): the same dotted form.
        let padded = Oid::new(std::borrow::Cow::Borrowed(&[
            0x2a, 0x80, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
        ]));
        assert_eq!(padded.to_id_string(), "1.2.840.113549.1.1.1");
        assert!(is(&padded, &OID_PKCS1_RSAENCRYPTION));
        assert!(!is(&OID_PKCS1_RSASSAPSS, &OID_PKCS1_RSAENCRYPTION));
    }

    #[test]
    fn supplement_only_fills_registry_gaps() {
        for (dotted, name) in NOT_IN_REGISTRY {
            let oid: Oid = dotted.parse().expect("valid OID");
            assert!(
                oid2sn(&oid, oid_registry()).is_err(),
                "oid-registry now names {dotted}: drop {name} from NOT_IN_REGISTRY"
            );
            assert_eq!(oid_name(dotted), *name);
        }
        assert_eq!(oid_name("1.2.840.113549.1.1.5"), "sha1WithRSAEncryption");
    }

    #[test]
    fn serials_are_written_as_x509_parser_writes_them() {
        for raw in [
            &[][..],
            &[0x00],
            &[0x0a, 0x1b, 0xff],
            &[0x01, 0x02, 0x03, 0x04, 0xff, 0x80, 0x7f],
        ] {
            assert_eq!(
                serial_text(raw),
                x509_parser::utils::format_serial(raw),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn the_abbreviations_are_x509_parsers() {
        for (oid, abbreviation) in ABBREVIATIONS {
            assert_eq!(
                x509_parser::objects::oid2abbrev(oid, oid_registry()),
                Ok(*abbreviation)
            );
        }
    }

    #[test]
    fn names_are_written_as_x509_parser_writes_them() {
        // Every certificate among the fixtures: plain names, BMPStrings, several values in
        // one RDN, attributes without an abbreviation, damaged ones.
        let mut names = 0;
        for entry in walkdir::WalkDir::new("fixtures").sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            let mut ders: Vec<Vec<u8>> = vec![bytes.clone()];
            if let Ok(text) = std::str::from_utf8(&bytes) {
                ders.extend(
                    crate::evidence::certificate::armour::blocks(text).filter_map(|b| b.der),
                );
            }
            for der in ders {
                let Ok((_, cert)) = X509Certificate::from_der(&der) else {
                    continue;
                };
                for name in [cert.subject(), cert.issuer()] {
                    assert_eq!(
                        name_text(name),
                        name.to_string(),
                        "{}",
                        entry.path().display()
                    );
                    names += 1;
                }
            }
        }
        assert!(names > 50, "only {names} names among the fixtures");
    }

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
