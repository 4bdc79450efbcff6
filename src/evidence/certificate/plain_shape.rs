//! The plain shape of a certificate, read in one pass over its DER without building anything:
//! the shape nearly every certificate has (version 3 or 2, one attribute per name part, string
//! name values, UTCTime or GeneralizedTime dates, extensions whose `critical` is written only
//! when TRUE). A certificate of this shape decodes with `x509-cert` and re-encodes to the same
//! bytes, so `strict::check` can say yes to it without decoding and re-encoding it (which cost
//! a tenth of a run over a folder of certificates).
//!
//! The walk is stricter than the decoder on purpose: whatever it is not sure of (a version 1
//! written out, `critical FALSE`, a multi-valued name part, unique ids, an OID or a date at the
//! edge of what the decoder takes) is left to the full check, which also words what is wrong.
//! Lengths are left to `strict`'s BER walk, which runs first: this walk assumes them minimal.

/// Whether `der` is one certificate of the plain shape, in DER the decoder takes and gives back
/// byte for byte. `false` means "not sure", never "not DER".
pub(super) fn is_plain_certificate(der: &[u8]) -> bool {
    plain_certificate(der).is_some()
}

fn plain_certificate(der: &[u8]) -> Option<()> {
    let mut outer = Reader::new(der);
    let certificate = outer.expect(SEQUENCE)?;
    outer.finished()?;
    let mut certificate = Reader::new(certificate);
    tbs_certificate(certificate.expect(SEQUENCE)?)?;
    algorithm_identifier(certificate.expect(SEQUENCE)?)?;
    bit_string(certificate.expect(BIT_STRING)?)?;
    certificate.finished()
}

const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const BMP_STRING: u8 = 0x1e;
const UTF8_STRING: u8 = 0x0c;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
/// `[0] EXPLICIT` (the version) and `[3] EXPLICIT` (the extensions).
const VERSION: u8 = 0xa0;
const EXTENSIONS: u8 = 0xa3;

/// Name value types the decoder knows, with no constraint on their contents it does not check
/// here (UTF8String must be UTF-8, BMPString whole code units; the others are taken as bytes).
const NAME_STRINGS: &[u8] = &[
    UTF8_STRING,
    0x12, // NumericString
    0x13, // PrintableString
    0x14, // TeletexString
    0x16, // IA5String
    0x1a, // VisibleString
    BMP_STRING,
];

fn tbs_certificate(tbs: &[u8]) -> Option<()> {
    let mut tbs = Reader::new(tbs);
    // Version 1 is the DEFAULT and DER leaves it out; written out, it is the full check's.
    if tbs.peek() == Some(VERSION) {
        let version = tbs.expect(VERSION)?;
        if version != [INTEGER, 1, 1] && version != [INTEGER, 1, 2] {
            return None;
        }
    }
    integer(tbs.expect(INTEGER)?)?;
    algorithm_identifier(tbs.expect(SEQUENCE)?)?;
    name(tbs.expect(SEQUENCE)?)?;
    validity(tbs.expect(SEQUENCE)?)?;
    name(tbs.expect(SEQUENCE)?)?;
    subject_public_key_info(tbs.expect(SEQUENCE)?)?;
    if tbs.peek() == Some(EXTENSIONS) {
        let mut explicit = Reader::new(tbs.expect(EXTENSIONS)?);
        extensions(explicit.expect(SEQUENCE)?)?;
        explicit.finished()?;
    }
    tbs.finished()
}

/// `SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`, with parameters NULL, an OID or a
/// SEQUENCE (the BER walk has checked what is inside).
fn algorithm_identifier(contents: &[u8]) -> Option<()> {
    let mut algorithm = Reader::new(contents);
    oid(algorithm.expect(OID)?)?;
    if let Some(tag) = algorithm.peek() {
        let parameters = algorithm.any()?;
        match tag {
            NULL if parameters.is_empty() => {}
            OID | SEQUENCE => {}
            _ => return None,
        }
    }
    algorithm.finished()
}

/// `SEQUENCE OF SET { SEQUENCE { type OID, value string } }`, one attribute per SET (a SET of
/// several must be in DER order, which is the full check's to judge).
fn name(contents: &[u8]) -> Option<()> {
    let mut name = Reader::new(contents);
    while !name.is_empty() {
        let mut rdn = Reader::new(name.expect(SET)?);
        let mut attribute = Reader::new(rdn.expect(SEQUENCE)?);
        rdn.finished()?;
        oid(attribute.expect(OID)?)?;
        let tag = attribute.peek()?;
        let value = attribute.any()?;
        attribute.finished()?;
        let valid = match tag {
            UTF8_STRING => std::str::from_utf8(value).is_ok(),
            BMP_STRING => value.len().is_multiple_of(2),
            _ => NAME_STRINGS.contains(&tag),
        };
        if !valid {
            return None;
        }
    }
    Some(())
}

fn validity(contents: &[u8]) -> Option<()> {
    let mut validity = Reader::new(contents);
    for _ in 0..2 {
        let tag = validity.peek()?;
        let text = validity.any()?;
        match tag {
            UTC_TIME => utc_time(text)?,
            GENERALIZED_TIME => generalized_time(text)?,
            _ => return None,
        }
    }
    validity.finished()
}

fn subject_public_key_info(contents: &[u8]) -> Option<()> {
    let mut spki = Reader::new(contents);
    algorithm_identifier(spki.expect(SEQUENCE)?)?;
    bit_string(spki.expect(BIT_STRING)?)?;
    spki.finished()
}

/// `SEQUENCE OF SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`,
/// at least one, `critical` written only as TRUE (FALSE written out is not DER).
fn extensions(contents: &[u8]) -> Option<()> {
    let mut list = Reader::new(contents);
    list.peek()?;
    while !list.is_empty() {
        let mut extension = Reader::new(list.expect(SEQUENCE)?);
        oid(extension.expect(OID)?)?;
        if extension.peek() == Some(BOOLEAN) && extension.expect(BOOLEAN)? != [0xff] {
            return None;
        }
        extension.expect(OCTET_STRING)?;
        extension.finished()?;
    }
    Some(())
}

/// A BIT STRING of whole bytes (no unused bits: keys and signatures).
fn bit_string(contents: &[u8]) -> Option<()> {
    (contents.first() == Some(&0)).then_some(())
}

/// An INTEGER in its minimal two's-complement form.
fn integer(contents: &[u8]) -> Option<()> {
    match contents {
        [] => None,
        [0x00, next, ..] if *next < 0x80 => None,
        [0xff, next, ..] if *next >= 0x80 => None,
        _ => Some(()),
    }
}

/// An OID the decoder takes: at most 39 bytes, a first byte for arcs 0–2, minimal base-128
/// arcs that each fit in 32 bits, the last one complete.
fn oid(contents: &[u8]) -> Option<()> {
    let (first, rest) = contents.split_first()?;
    if contents.len() > 39 || *first >= 120 {
        return None;
    }
    let mut arc: u32 = 0;
    let mut arc_start = true;
    for b in rest {
        if arc_start && *b == 0x80 {
            return None;
        }
        arc = arc.checked_mul(0x80)?.checked_add(u32::from(b & 0x7f))?;
        arc_start = b & 0x80 == 0;
        if arc_start {
            arc = 0;
        }
    }
    arc_start.then_some(())
}

/// `YYMMDDHHMMSSZ`, a year the decoder takes (1970–2049).
fn utc_time(text: &[u8]) -> Option<()> {
    let [digits @ .., b'Z'] = text else {
        return None;
    };
    let [yy, month, day, hour, minute, second] = two_digit_numbers::<6>(digits)?;
    let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
    (year >= 1970).then_some(())?;
    date_and_time(year, month, day, hour, minute, second)
}

/// `YYYYMMDDHHMMSSZ`, a year from 1970.
fn generalized_time(text: &[u8]) -> Option<()> {
    let [digits @ .., b'Z'] = text else {
        return None;
    };
    let [century, yy, month, day, hour, minute, second] = two_digit_numbers::<7>(digits)?;
    let year = century * 100 + yy;
    (year >= 1970).then_some(())?;
    date_and_time(year, month, day, hour, minute, second)
}

/// `N` two-digit decimal numbers, when `digits` is exactly that.
fn two_digit_numbers<const N: usize>(digits: &[u8]) -> Option<[u16; N]> {
    if digits.len() != 2 * N || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0; N];
    for (number, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *number = u16::from(pair[0] - b'0') * 10 + u16::from(pair[1] - b'0');
    }
    Some(out)
}

fn date_and_time(
    year: u16,
    month: u16,
    day: u16,
    hour: u16,
    minute: u16,
    second: u16,
) -> Option<()> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60).then_some(())
}

/// Reads the elements of one constructed value's contents in turn. Lengths are trusted to be
/// minimal (the BER walk said so), but never to stay inside the bytes.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(contents: &'a [u8]) -> Self {
        Reader { rest: contents }
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    fn finished(&self) -> Option<()> {
        self.is_empty().then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The contents of the next element, which must have tag `tag`.
    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        (self.peek()? == tag).then_some(())?;
        self.any()
    }

    /// The contents of the next element, whatever its (single-byte) tag.
    fn any(&mut self) -> Option<&'a [u8]> {
        let tag = self.peek()?;
        // A tag number of 31 or more takes more bytes: not in any plain certificate.
        if tag & 0x1f == 0x1f {
            return None;
        }
        let first = *self.rest.get(1)?;
        let (len, start): (usize, usize) = match first {
            0..=0x7f => (usize::from(first), 2),
            0x81 => (usize::from(*self.rest.get(2)?), 3),
            0x82 => (
                usize::from(u16::from_be_bytes([*self.rest.get(2)?, *self.rest.get(3)?])),
                4,
            ),
            0x83 => {
                let b = self.rest.get(2..5)?;
                (
                    usize::from(b[0]) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]),
                    5,
                )
            }
            _ => return None,
        };
        let contents = self.rest.get(start..start.checked_add(len)?)?;
        self.rest = &self.rest[start + len..];
        Some(contents)
    }
}

#[cfg(test)]
mod tests;
