//! Strict DER for certificates. x509-parser reads what it can (a damaged issuer becomes an empty
//! one, a wrong tag is skipped over), which is right for extracting facts but not for deciding
//! whether a file holds a certificate: here the whole encoding must be DER as X.690 defines it
//! (definite, minimal lengths; no trailing data; every field present with its tag). The check is
//! RustCrypto's `x509-cert` (a second, strict decoder) with its `Raw` profile, so only encoding
//! errors count, never RFC 5280 policy; a short BER walk first names BER encodings as such.

use x509_cert::certificate::{CertificateInner, Raw};
use x509_cert::der::{Decode, ErrorKind};

/// `Ok` when `der` is exactly one certificate in strict DER; otherwise what is wrong, in words
/// for a finding ("BER, not DER: …", "cut short: …", "… trailing bytes …").
pub fn check(der: &[u8]) -> Result<(), String> {
    if let Some(ber) = ber_only_encoding(der) {
        return Err(format!("BER, not DER: {ber}"));
    }
    match CertificateInner::<Raw>::from_der(der) {
        Ok(_) => Ok(()),
        Err(e) => Err(describe(der, e.kind(), e.position().map(u32::from))),
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

/// Walks the TLV tree as BER and names the first encoding BER allows but DER forbids (an
/// indefinite length, a length in more bytes than it needs). `None` when the encoding uses no
/// such form, or is not even BER (then the DER decoder says what is wrong).
fn ber_only_encoding(der: &[u8]) -> Option<String> {
    let mut found = None;
    element(der, 0, 0, &mut found)?;
    found
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
/// the first DER violation in `found`. Returns the bytes it takes, or `None` when it is not BER.
fn element(input: &[u8], offset: usize, depth: usize, found: &mut Option<String>) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags do not occur in certificates
    }
    let constructed = tag & 0x20 != 0;
    let first = *input.get(1)?;
    if first == 0x80 {
        // Indefinite length: the contents end at an end-of-contents marker (00 00).
        if !constructed {
            return None;
        }
        found.get_or_insert_with(|| format!("an indefinite length at byte {offset}"));
        let mut used = 2;
        loop {
            let rest = input.get(used..)?;
            if rest.starts_with(&[0, 0]) {
                return Some(used + 2);
            }
            used += element(rest, offset + used, depth + 1, found)?;
        }
    }
    let (len, start) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        if bytes.first() == Some(&0) || len < 0x80 {
            found.get_or_insert_with(|| {
                format!(
                    "a length of {len} written in {} bytes at byte {offset}",
                    n + 1
                )
            });
        }
        (len, 2 + n)
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
