//! Strict DER for certificates. x509-parser reads what it can (a damaged issuer becomes an empty
//! one, a wrong tag is skipped over), which is right for extracting facts but not for deciding
//! whether a file holds a certificate: here the whole encoding must be DER as X.690 defines it
//! (definite, minimal lengths; no trailing data; every field present with its tag; nothing DER
//! leaves out written out; name values that are valid strings, which openssl also demands). The
//! decoding is RustCrypto's `x509-cert` (a second, strict decoder) with its `Raw` profile, so only
//! encoding errors count, never RFC 5280 policy; a short BER walk first names BER encodings as
//! such, and a re-encoding must give back the same bytes. A certificate of the plain shape
//! (`plain_shape`, nearly all of them) is known to pass all of that from one walk over its
//! bytes, and is not decoded twice.

use x509_cert::certificate::{CertificateInner, Raw};
use x509_cert::der::{Decode, Encode, ErrorKind};

/// `Ok` when `der` is exactly one certificate in strict DER; otherwise what is wrong, in words
/// for a finding ("BER, not DER: …", "cut short: …", "… trailing bytes …").
pub(super) fn check(der: &[u8]) -> Result<(), String> {
    if matches!(ber_walk(der), BerWalk::Der) && super::plain_shape::is_plain_certificate(der) {
        return Ok(());
    }
    check_by_decoding(der)
}

/// `check` by decoding with `x509-cert` and encoding again: the answer for every certificate,
/// and the only one that words what is wrong.
pub(super) fn check_by_decoding(der: &[u8]) -> Result<(), String> {
    match ber_walk(der) {
        BerWalk::Der => {}
        BerWalk::BerOnly(ber) => return Err(format!("BER, not DER: {ber}")),
        // Left to the DER decoder, which names the first problem; what it lets through (a
        // constructed value whose contents are not elements) is said here.
        BerWalk::NotBer(at) => {
            CertificateInner::<Raw>::from_der(der)
                .map_err(|e| describe(der, e.kind(), e.position().map(u32::from)))?;
            return Err(format!(
                "not DER: a constructed value whose contents are not DER elements, near byte {at}"
            ));
        }
    }
    let cert = CertificateInner::<Raw>::from_der(der)
        .map_err(|e| describe(der, e.kind(), e.position().map(u32::from)))?;
    let tbs = cert.tbs_certificate();
    for (which, name) in [("issuer", tbs.issuer()), ("subject", tbs.subject())] {
        for attribute in name.iter() {
            name_value(&attribute.value).map_err(|e| format!("a bad {which} name: {e}"))?;
        }
    }
    // Decoding tolerates a few non-canonical forms (a DEFAULT value written out, such as
    // version 1 or `critical FALSE`); DER has exactly one encoding, so it must re-encode to the
    // same bytes.
    let again = cert
        .to_der()
        .map_err(|e| format!("not a certificate in DER: {e}"))?;
    match again.iter().zip(der).position(|(a, b)| a != b) {
        None if again.len() == der.len() => Ok(()),
        at => Err(format!(
            "BER, not DER: a value is not in its one DER form (such as a default value written out){}",
            at.map(|p| format!(", near byte {p}")).unwrap_or_default()
        )),
    }
}

fn describe(der: &[u8], kind: ErrorKind, at: Option<u32>) -> String {
    let at = at.map(|p| format!(" at byte {p}")).unwrap_or_default();
    match kind {
        // The outer length says whether the file lost bytes or an inner length is wrong.
        ErrorKind::Incomplete { .. } => match outer_len(der) {
            Some(whole) if whole <= der.len() => {
                format!("a bad length: an element runs past the one that holds it{at}")
            }
            Some(whole) => format!(
                "cut short: {} of the {whole} bytes its outer length promises",
                der.len()
            ),
            None => "cut short: the bytes end inside the first length".to_string(),
        },
        ErrorKind::TrailingData { decoded, remaining } => format!(
            "{} bytes of trailing data after the {}-byte certificate",
            u32::from(remaining),
            u32::from(decoded)
        ),
        ErrorKind::IndefiniteLength => format!("BER, not DER: an indefinite length{at}"),
        ErrorKind::Noncanonical { tag } => {
            format!("BER, not DER: {tag} not in its canonical DER form{at}")
        }
        ErrorKind::SetOrdering => format!("BER, not DER: a SET OF not in DER order{at}"),
        ErrorKind::Length { tag } => format!("a bad length for {tag}{at}"),
        ErrorKind::TagUnexpected {
            expected: Some(expected),
            actual,
        } => format!("a missing or misplaced field: expected {expected}, found {actual}{at}"),
        other => format!("not a certificate in DER: {other}{at}"),
    }
}

/// What a BER walk of the TLV tree found.
enum BerWalk {
    /// Definite, minimal lengths throughout.
    Der,
    /// Valid BER, with the first form DER forbids (an indefinite length, a length in more
    /// bytes than it needs).
    BerOnly(String),
    /// Not BER at all, at about this byte (a length past its end, contents that are not
    /// elements).
    NotBer(usize),
}

fn ber_walk(der: &[u8]) -> BerWalk {
    let mut found = None;
    let mut failed_at = 0;
    match element(der, 0, 0, &mut found, &mut failed_at) {
        None => BerWalk::NotBer(failed_at),
        Some(_) => match found {
            Some(ber) => BerWalk::BerOnly(ber),
            None => BerWalk::Der,
        },
    }
}

/// The BER-only form in `der`, if it is valid BER with one.
#[cfg(test)]
fn ber_only_encoding(der: &[u8]) -> Option<String> {
    match ber_walk(der) {
        BerWalk::BerOnly(ber) => Some(ber),
        _ => None,
    }
}

/// A name's attribute value must be a string of a universal string type, with contents valid
/// for that type (openssl refuses the certificate otherwise; Windows shows garbage).
fn name_value(value: &x509_cert::der::Any) -> Result<(), String> {
    use x509_cert::der::{Class, Tag, Tagged};
    let tag = value.tag();
    if tag.class() != Class::Universal || tag.is_constructed() {
        return Err(format!("a value tagged {tag}, not a string"));
    }
    let bytes = value.value();
    let ok = match tag {
        Tag::Utf8String => std::str::from_utf8(bytes).is_ok(),
        Tag::BmpString => bytes.len().is_multiple_of(2),
        // Other string types' character sets are not checked: openssl reads them as bytes.
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("a {tag} whose contents are not valid for it"))
    }
}

/// Header plus contents of the outermost element, as its definite length says (even when the
/// bytes stop short of it).
fn outer_len(der: &[u8]) -> Option<usize> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some(2 + first as usize);
    }
    let n = (first & 0x7f) as usize;
    let len = der
        .get(2..2 + n)
        .filter(|_| n <= 4)?
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Some(2 + n + len)
}

/// Deep enough for any certificate; bounds the recursion on hostile input.
const MAX_DEPTH: usize = 32;

/// Parses the one element at the start of `input` (at `offset` in the whole) as BER, recording
/// the first DER violation in `found`. Returns the bytes it takes, or `None` when it is not BER
/// (with `failed_at` set to where).
fn element(
    input: &[u8],
    offset: usize,
    depth: usize,
    found: &mut Option<String>,
    failed_at: &mut usize,
) -> Option<usize> {
    *failed_at = offset;
    if depth > MAX_DEPTH {
        return None;
    }
    let tag = *input.first()?;
    let constructed = tag & 0x20 != 0;
    // A tag number of 31 or more continues in the next bytes (bit 8 set on all but the last).
    let mut tag_len = 1;
    if tag & 0x1f == 0x1f {
        while input.get(tag_len)? & 0x80 != 0 {
            tag_len += 1;
        }
        tag_len += 1;
    }
    let first = *input.get(tag_len)?;
    if first == 0x80 {
        // Indefinite length: the contents end at an end-of-contents marker (00 00).
        if !constructed {
            return None;
        }
        found.get_or_insert_with(|| format!("an indefinite length at byte {offset}"));
        let mut used = tag_len + 1;
        loop {
            let rest = input.get(used..)?;
            if rest.starts_with(&[0, 0]) {
                return Some(used + 2);
            }
            used += element(rest, offset + used, depth + 1, found, failed_at)?;
        }
    }
    let (len, start) = if first < 0x80 {
        (first as usize, tag_len + 1)
    } else {
        let n = (first & 0x7f) as usize;
        if n > 4 {
            return None;
        }
        let bytes = input.get(tag_len + 1..tag_len + 1 + n)?;
        let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        if bytes.first() == Some(&0) || len < 0x80 {
            found.get_or_insert_with(|| {
                format!(
                    "a length of {len} written in {} bytes at byte {offset}",
                    n + 1
                )
            });
        }
        (len, tag_len + 1 + n)
    };
    let content = input.get(start..start.checked_add(len)?)?;
    if constructed {
        let mut used = 0;
        while used < len {
            used += element(
                content.get(used..)?,
                offset + start + used,
                depth + 1,
                found,
                failed_at,
            )?;
        }
    }
    Some(start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ber_forms_are_named() {
        // SEQUENCE (indefinite) { INTEGER 1 } EOC
        assert_eq!(
            ber_only_encoding(&[0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]).as_deref(),
            Some("an indefinite length at byte 0")
        );
        // SEQUENCE with its length 3 written as 81 03.
        assert_eq!(
            ber_only_encoding(&[0x30, 0x81, 0x03, 0x02, 0x01, 0x01]).as_deref(),
            Some("a length of 3 written in 2 bytes at byte 0")
        );
        assert_eq!(ber_only_encoding(&[0x30, 0x03, 0x02, 0x01, 0x01]), None);
        // Not BER at all (length past the end): left to the DER decoder.
        assert_eq!(ber_only_encoding(&[0x30, 0x05, 0x02, 0x01]), None);
    }

    #[test]
    fn cut_short_and_bad_inner_lengths_differ() {
        // SEQUENCE of 5 bytes with only 2 present: the file lost bytes.
        let err = check(&[0x30, 0x05, 0x02, 0x01]).unwrap_err();
        assert!(err.starts_with("cut short: 4 of the 7 bytes"), "{err}");
        // Complete outside, but the inner SEQUENCE claims more than the outer holds.
        let err = check(&[0x30, 0x04, 0x30, 0x05, 0x02, 0x01]).unwrap_err();
        assert!(err.starts_with("a bad length"), "{err}");
    }

    #[test]
    fn non_certificates_are_described() {
        let err = check(&[0x30, 0x03, 0x02, 0x01, 0x01]).unwrap_err();
        assert!(err.contains("expected"), "{err}");
        let err = check(&[0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]).unwrap_err();
        assert!(err.starts_with("BER, not DER"), "{err}");
    }
}
