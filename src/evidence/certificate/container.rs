//! Containers around certificates: PKCS#7 bundles (`.p7b`, the "Cryptographic Message Syntax"
//! export of the Windows wizard) and PKCS#12 (`.pfx`). Walked with asn1-rs, which x509-parser
//! already brings, so no OpenSSL is needed. PKCS#12 is recognised by its outer structure, and its
//! unencrypted parts are walked only to see whether a private key bag is there; password-encrypted
//! parts stay closed (the linter never wants the key).

use x509_parser::asn1_rs::{Any, Class, FromBer, Tag};

const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const DATA: &str = "1.2.840.113549.1.7.1";
const ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const ENVELOPED_DATA: &str = "1.2.840.113549.1.7.3";
/// PKCS#12 bag types that hold a private key: keyBag and pkcs8ShroudedKeyBag.
const KEY_BAGS: &[&str] = &["1.2.840.113549.1.12.10.1.1", "1.2.840.113549.1.12.10.1.2"];
const CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";

/// One BER element: the element and its full encoding (header included).
fn element(input: &[u8]) -> Option<(Any<'_>, &[u8], &[u8])> {
    let (rest, any) = Any::from_ber(input).ok()?;
    let used = input.len().checked_sub(rest.len())?;
    Some((any, input.get(..used)?, rest))
}

/// The elements inside a constructed value, in order. Stops at the first that does not parse.
fn children(content: &[u8]) -> Vec<(Any<'_>, &[u8])> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let Some((any, raw, next)) = element(rest) else {
            break;
        };
        out.push((any, raw));
        rest = next;
    }
    out
}

fn is_sequence(any: &Any) -> bool {
    any.header.class() == Class::Universal && any.header.tag() == Tag::Sequence
}

fn is_context(any: &Any, n: u32) -> bool {
    any.header.class() == Class::ContextSpecific && any.header.tag().0 == n
}

fn oid_string(any: &Any) -> Option<String> {
    any.as_oid().ok().map(|o| o.to_id_string())
}

/// The DER of every certificate in a PKCS#7 SignedData `ContentInfo`, or `None` when `der` is not
/// one. A bundle with no certificates gives `Some(vec![])`.
pub(super) fn pkcs7_certificates(der: &[u8]) -> Option<Vec<&[u8]>> {
    let (outer, _, _) = element(der)?;
    if !is_sequence(&outer) {
        return None;
    }
    let parts = children(outer.data);
    let (oid, _) = parts.first()?;
    if oid_string(oid)?.as_str() != SIGNED_DATA {
        return None;
    }
    let (explicit, _) = parts.get(1).filter(|(a, _)| is_context(a, 0))?;
    let (signed_data, _) = children(explicit.data).into_iter().next()?;
    if !is_sequence(&signed_data) {
        return None;
    }
    // version, digestAlgorithms, encapContentInfo, then certificates [0] IMPLICIT if present.
    let certs = children(signed_data.data)
        .into_iter()
        .skip(3)
        .find(|(a, _)| is_context(a, 0))
        .map(|(a, _)| {
            children(a.data)
                .into_iter()
                .filter(|(c, _)| is_sequence(c))
                .map(|(_, raw)| raw)
                .collect()
        })
        .unwrap_or_default();
    Some(certs)
}

/// True when `der` has the outer shape of a PKCS#12 PFX: `SEQUENCE { INTEGER 3, ContentInfo of
/// type data or signedData, … }`.
pub(super) fn is_pkcs12(der: &[u8]) -> bool {
    let Some((outer, _, _)) = element(der) else {
        return false;
    };
    if !is_sequence(&outer) {
        return false;
    }
    let parts = children(outer.data);
    let version_is_3 = parts
        .first()
        .filter(|(a, _)| a.header.tag() == Tag::Integer)
        .and_then(|(a, _)| a.as_u32().ok())
        == Some(3);
    let auth_safe_oid = parts
        .get(1)
        .filter(|(a, _)| is_sequence(a))
        .and_then(|(a, _)| children(a.data).into_iter().next())
        .and_then(|(o, _)| oid_string(&o));
    version_is_3 && matches!(auth_safe_oid.as_deref(), Some(DATA | SIGNED_DATA))
}

/// What the unencrypted parts of a PKCS#12 bundle show.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Pkcs12Contents {
    /// keyBag or pkcs8ShroudedKeyBag entries (the shrouded key is itself encrypted, but the bag
    /// says a key is there).
    pub key_bags: usize,
    pub certificate_bags: usize,
    /// Parts encrypted with the password (or to a recipient): closed to the linter. openssl and
    /// Windows put certificates there and keys in shrouded bags in the open part.
    pub encrypted_parts: usize,
}

/// The contents of a PKCS#12 PFX (call only when `is_pkcs12` holds), or `None` when its
/// authenticated safe cannot be read (a public-key-signed PFX, damaged bytes).
pub(super) fn pkcs12_contents(der: &[u8]) -> Option<Pkcs12Contents> {
    let (outer, _, _) = element(der)?;
    let auth_safe = children(outer.data).into_iter().nth(1)?.0;
    let safe_bytes = content_info_data(&auth_safe)?;
    let (safe, _, _) = element(&safe_bytes)?;
    if !is_sequence(&safe) {
        return None;
    }
    let mut contents = Pkcs12Contents::default();
    for (info, _) in children(safe.data) {
        let parts = children(info.data);
        match parts.first().and_then(|(o, _)| oid_string(o)).as_deref() {
            Some(DATA) => {
                let bags = content_info_data(&info)?;
                let (bags, _, _) = element(&bags)?;
                for (bag, _) in children(bags.data) {
                    let kind = children(bag.data).first().and_then(|(o, _)| oid_string(o));
                    match kind.as_deref() {
                        Some(k) if KEY_BAGS.contains(&k) => contents.key_bags += 1,
                        Some(CERT_BAG) => contents.certificate_bags += 1,
                        _ => {}
                    }
                }
            }
            Some(ENCRYPTED_DATA | ENVELOPED_DATA) => contents.encrypted_parts += 1,
            _ => {}
        }
    }
    Some(contents)
}

/// The octets of a `ContentInfo` of type data: `SEQUENCE { OID data, [0] { OCTET STRING } }`.
/// The OCTET STRING may be BER's constructed form (chunks), which is joined.
fn content_info_data(info: &Any) -> Option<Vec<u8>> {
    let parts = children(info.data);
    if oid_string(&parts.first()?.0)?.as_str() != DATA {
        return None;
    }
    let (explicit, _) = parts.get(1).filter(|(a, _)| is_context(a, 0))?;
    let (octets, _) = children(explicit.data).into_iter().next()?;
    if octets.header.tag() != Tag::OctetString {
        return None;
    }
    if !octets.header.is_constructed() {
        return Some(octets.data.to_vec());
    }
    Some(
        children(octets.data)
            .into_iter()
            .filter(|(c, _)| c.header.tag() == Tag::OctetString)
            .flat_map(|(c, _)| c.data.to_vec())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_empty_are_neither() {
        for bytes in [
            &[][..],
            &[0x30][..],
            &[0x30, 0x82, 0xff, 0xff, 0x02][..],
            b"hello",
        ] {
            assert_eq!(pkcs7_certificates(bytes), None);
            assert!(!is_pkcs12(bytes));
        }
    }

    #[test]
    fn minimal_pfx_shape_is_recognised() {
        // SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1 } }
        let pfx = [
            0x30, 0x12, 0x02, 0x01, 0x03, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
            0x0d, 0x01, 0x07, 0x01, 0xa0, 0x00,
        ];
        assert!(is_pkcs12(&pfx));
        let mut not_v3 = pfx;
        not_v3[4] = 0x02;
        assert!(!is_pkcs12(&not_v3));
    }
}
