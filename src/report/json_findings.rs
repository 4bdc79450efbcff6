//! The JSON report's `findings` array, written straight from the findings as serde_json's
//! pretty printer writes it (two-space indents, `"key": value`), byte for byte. Converting each
//! finding to a serde structure and escaping every string through serde_json's byte-at-a-time
//! loop was a fifth of a `check` over 2,000 certificates; most text needs no escape, so it is
//! scanned for the few bytes JSON escapes and copied in runs.

use std::io::{self, Write};

use crate::findings::Finding;

/// How the report shows a model location: line and columns `null` for a whole file (see the
/// JSON report's contract in `json`). Serialised through serde for the checklist, diagnoses and
/// deployments; written by hand here for the findings.
#[derive(serde::Serialize)]
pub(super) struct Shown<'a> {
    pub(super) path: &'a str,
    pub(super) line: Option<u32>,
    pub(super) column: Option<u32>,
    pub(super) end_line: Option<u32>,
    pub(super) end_column: Option<u32>,
}

impl<'a> Shown<'a> {
    pub(super) fn of(l: &'a crate::model::Location) -> Shown<'a> {
        let whole = l.is_whole_file();
        let spans = !whole && l.column > 0 && l.len > 0;
        Shown {
            path: &l.path,
            line: (!whole).then_some(l.line),
            column: (!whole && l.column > 0).then_some(l.column),
            end_line: spans.then_some(l.line),
            end_column: spans.then(|| l.column.saturating_add(l.len)),
        }
    }
}

/// Writes `findings` (each with its fingerprint, in order) as the value of a key at the top
/// level of the report: the array's items indented one level deeper than the key.
pub(super) fn write<'a>(
    out: &mut impl Write,
    findings: impl Iterator<Item = (&'a Finding, String)>,
) -> io::Result<()> {
    let mut any = false;
    for (f, fingerprint) in findings {
        out.write_all(if any { b",\n    {" } else { b"[\n    {" })?;
        any = true;
        key(out, true, 3, "rule")?;
        string(out, &f.rule)?;
        key(out, false, 3, "severity")?;
        string(out, f.severity.as_str())?;
        key(out, false, 3, "message")?;
        string(out, &f.message)?;
        key(out, false, 3, "location")?;
        match &f.location {
            Some(l) => location(out, 3, &Shown::of(l))?,
            None => out.write_all(b"null")?,
        }
        if !f.related.is_empty() {
            key(out, false, 3, "related")?;
            for (i, r) in f.related.iter().enumerate() {
                out.write_all(if i == 0 { b"[\n" } else { b",\n" })?;
                indent(out, 4)?;
                out.write_all(b"{")?;
                key(out, true, 5, "location")?;
                location(out, 5, &Shown::of(&r.location))?;
                key(out, false, 5, "message")?;
                string(out, &r.message)?;
                out.write_all(b"\n")?;
                indent(out, 4)?;
                out.write_all(b"}")?;
            }
            out.write_all(b"\n")?;
            indent(out, 3)?;
            out.write_all(b"]")?;
        }
        key(out, false, 3, "fix")?;
        match &f.fix {
            Some(fix) => string(out, fix)?,
            None => out.write_all(b"null")?,
        }
        key(out, false, 3, "fingerprint")?;
        string(out, &fingerprint)?;
        key(out, false, 3, "doc_url")?;
        string(out, &super::doc_url(&f.rule))?;
        out.write_all(b"\n    }")?;
    }
    out.write_all(if any { b"\n  ]" } else { b"[]" })
}

/// An object `{path, line, column, end_line, end_column}` whose key sits at `depth`.
fn location(out: &mut impl Write, depth: usize, l: &Shown) -> io::Result<()> {
    out.write_all(b"{")?;
    key(out, true, depth + 1, "path")?;
    string(out, l.path)?;
    for (name, value) in [
        ("line", l.line),
        ("column", l.column),
        ("end_line", l.end_line),
        ("end_column", l.end_column),
    ] {
        key(out, false, depth + 1, name)?;
        match value {
            Some(n) => number(out, n)?,
            None => out.write_all(b"null")?,
        }
    }
    out.write_all(b"\n")?;
    indent(out, depth)?;
    out.write_all(b"}")
}

/// A whole number as JSON writes it. itoa, not `write!`: the formatting machinery cost more
/// than the rest of a location.
pub(super) fn number(out: &mut impl Write, n: impl itoa::Integer) -> io::Result<()> {
    out.write_all(itoa::Buffer::new().format(n).as_bytes())
}

/// A key of an object: on a new line (after a comma unless it is the first), at `depth`.
pub(super) fn key(out: &mut impl Write, first: bool, depth: usize, name: &str) -> io::Result<()> {
    let separator: &[u8] = if first { b"\n" } else { b",\n" };
    // Composed on the stack and written once: a finding has a score of keys, and writing each
    // one's four pieces apart was a fifth of writing the report. Keys are field names, which
    // need no escape; any other goes the long way.
    let mut line = [b' '; 64];
    let length = separator.len() + 2 * depth + name.len() + 4;
    let plain = name.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    let (Some(room), true) = (line.get_mut(..length), plain) else {
        out.write_all(separator)?;
        indent(out, depth)?;
        string(out, name)?;
        return out.write_all(b": ");
    };
    let (start, rest) = room.split_at_mut(separator.len() + 2 * depth);
    start[..separator.len()].copy_from_slice(separator);
    let (quoted, colon) = rest.split_at_mut(name.len() + 2);
    quoted[0] = b'"';
    quoted[1..=name.len()].copy_from_slice(name.as_bytes());
    quoted[name.len() + 1] = b'"';
    colon.copy_from_slice(b": ");
    out.write_all(room)
}

pub(super) fn indent(out: &mut impl Write, depth: usize) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    let mut left = depth * 2;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

/// A key at `depth` with its value pretty-printed by serde_json, as serde_json prints it at that
/// depth: the value's lines indented by the key's indent (a JSON string holds no raw newline, so
/// every newline in the text is one between lines).
pub(super) fn field_at(
    out: &mut impl Write,
    first: bool,
    depth: usize,
    name: &str,
    value: &impl serde::Serialize,
) -> io::Result<()> {
    key(out, first, depth, name)?;
    let text = serde_json::to_vec_pretty(value)?;
    let mut lines = text.split(|b| *b == b'\n');
    if let Some(first) = lines.next() {
        out.write_all(first)?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        indent(out, depth)?;
        out.write_all(line)?;
    }
    Ok(())
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"` and `\` with a backslash,
/// control characters by their short form or `\u00xx` (lower-case hex), all else as it is.
pub(super) fn string(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs an escape (most text needs none), and
        // straight to the first that does: fixes are PowerShell, with quotes and line breaks.
        if let Some(word) = bytes.get(i..i + 8) {
            let flags = escape_flags(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            if flags == 0 {
                i += 8;
                continue;
            }
            // Little-endian: the lowest flagged byte is the first in the text.
            i += (flags.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let i = i - 1;
        out.write_all(&bytes[start..i])?;
        start = i + 1;
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            0x08 => out.write_all(b"\\b")?,
            0x0c => out.write_all(b"\\f")?,
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.write_all(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ])?
            }
        }
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

/// The top bit of each of eight bytes (read little-endian) set exactly when that byte needs an
/// escape: a control character, `"` or `\\`. Each test keeps every byte's sum below its top bit
/// before combining, so no carry or borrow reaches a neighbour (as the classic `x - 0x01…`
/// test's does) and the lowest flag is the first byte to escape.
fn escape_flags(word: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    // A byte's low seven bits plus 0x60 reach the top bit when they are 0x20 or more.
    let below_space = !(((word & LOW7) + ONES * 0x60) | word) & HIGH;
    // Plus 0x7f reaches the top bit unless the low seven bits are zero.
    let zero = |w: u64| !(((w & LOW7) + LOW7) | w) & HIGH;
    below_space | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Related, Severity};
    use crate::model::Location;
    use serde::Serialize;

    /// The findings as serde_json wrote them before: the reference for the hand-written text.
    #[derive(Serialize)]
    struct Reference<'a> {
        findings: Vec<ReferenceFinding<'a>>,
    }

    #[derive(Serialize)]
    struct ReferenceRelated<'a> {
        location: Shown<'a>,
        message: &'a str,
    }

    #[derive(Serialize)]
    struct ReferenceFinding<'a> {
        rule: &'a str,
        severity: Severity,
        message: &'a str,
        location: Option<Shown<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        related: Vec<ReferenceRelated<'a>>,
        fix: Option<&'a str>,
        fingerprint: String,
        doc_url: String,
    }

    fn by_hand(findings: &[Finding]) -> String {
        let mut out = b"{\n  \"findings\": ".to_vec();
        let fingerprints = findings.iter().map(|f| (f, format!("fp {}", f.message)));
        write(&mut out, fingerprints).expect("writes to memory");
        out.extend_from_slice(b"\n}");
        String::from_utf8(out).expect("UTF-8")
    }

    fn by_serde(findings: &[Finding]) -> String {
        let reference = Reference {
            findings: findings
                .iter()
                .map(|f| ReferenceFinding {
                    rule: &f.rule,
                    severity: f.severity,
                    message: &f.message,
                    location: f.location.as_ref().map(Shown::of),
                    related: f
                        .related
                        .iter()
                        .map(|r| ReferenceRelated {
                            location: Shown::of(&r.location),
                            message: &r.message,
                        })
                        .collect(),
                    fix: f.fix.as_deref(),
                    fingerprint: format!("fp {}", f.message),
                    doc_url: crate::report::doc_url(&f.rule),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&reference).expect("serialises")
    }

    fn finding(message: &str) -> Finding {
        Finding {
            rule: "cert/expired".into(),
            severity: Severity::Warning,
            message: message.to_string(),
            location: None,
            fix: None,
            source_line: None,
            related: Vec::new(),
            subject: None,
        }
    }

    proptest::proptest! {
        /// Any text, escapes anywhere (runs of them, at word edges, in the last few bytes): as
        /// serde_json writes it.
        #[test]
        fn a_string_is_written_as_serde_json_writes_it(
            text in "([a-z\"\\\\\n\r\t\u{1}\u{1f}\u{7f}é€😀 ]{0,40})"
        ) {
            let mut by_hand = Vec::new();
            string(&mut by_hand, &text).expect("memory");
            proptest::prop_assert_eq!(
                String::from_utf8(by_hand).expect("UTF-8"),
                serde_json::to_string(&text).expect("serialises")
            );
        }
    }

    /// Each byte's flag, for every byte value at every place, beside every value of its
    /// neighbours (where a carry or borrow would land).
    #[test]
    fn each_byte_is_flagged_exactly_when_it_needs_an_escape() {
        let escapes = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for neighbour in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [neighbour; 8];
                    bytes[at] = b;
                    let flags = escape_flags(u64::from_le_bytes(bytes));
                    for (k, byte) in bytes.iter().enumerate() {
                        let flagged = flags >> (8 * k + 7) & 1 == 1;
                        assert_eq!(
                            flagged,
                            escapes(*byte),
                            "{b:#x} at {at} among {neighbour:#x}"
                        );
                        assert_eq!(flags >> (8 * k) & 0x7f, 0, "only top bits");
                    }
                }
            }
        }
    }

    /// A key composed on the stack is the key written piece by piece: at every depth, first or
    /// not, for names that fit and names that do not, and for a name that needs an escape.
    #[test]
    fn a_key_is_written_as_its_pieces_are() {
        let long = "k".repeat(70);
        for name in ["rule", "end_column", "a\"b", long.as_str(), ""] {
            for depth in 0..30 {
                for first in [true, false] {
                    let mut composed = Vec::new();
                    key(&mut composed, first, depth, name).expect("memory");
                    let mut pieces = Vec::new();
                    pieces
                        .write_all(if first { b"\n" } else { b",\n" })
                        .expect("memory");
                    indent(&mut pieces, depth).expect("memory");
                    string(&mut pieces, name).expect("memory");
                    pieces.write_all(b": ").expect("memory");
                    assert_eq!(composed, pieces, "{name:?} at {depth}, first {first}");
                }
            }
        }
    }

    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        assert_eq!(by_hand(&[]), by_serde(&[]));
        let texts = crate::report::awkward_text::texts();
        let mut findings = Vec::new();
        for (i, text) in texts.iter().map(String::as_str).enumerate() {
            let mut f = finding(text);
            f.severity = [Severity::Error, Severity::Warning, Severity::Info][i % 3];
            match i % 4 {
                0 => {}
                1 => f.location = Some(Location::file(format!("dir/{text}.cer"))),
                2 => f.location = Some(Location::new("a.ps1", 3, 7, 4)),
                _ => f.location = Some(Location::new("a.ps1", 12, 0, 0)),
            }
            if i % 2 == 1 {
                f.fix = Some(format!("fix {text}"));
            }
            if i % 3 == 1 {
                f.related = vec![
                    Related {
                        location: Location::new("b.txt", 2, 1, 9),
                        message: text.to_string(),
                        source_line: None,
                    },
                    Related {
                        location: Location::file("c.txt"),
                        message: "the other".to_string(),
                        source_line: None,
                    },
                ];
            }
            findings.push(f);
        }
        assert_eq!(by_hand(&findings[..1]), by_serde(&findings[..1]));
        assert_eq!(by_hand(&findings), by_serde(&findings));
    }
}
