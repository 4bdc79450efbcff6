//! Text decoding of evidence files: BOM sniffing (UTF-8, UTF-16LE/BE), BOM-less UTF-16 detection,
//! UTF-8, and a Windows-1252 fallback for files written with the ANSI code page.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// A decoded text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub bom: bool,
    /// Decoding replaced invalid sequences (the file is damaged or not really text).
    pub had_errors: bool,
}

/// Decodes bytes as text, or returns `None` for binary content (NUL bytes outside a UTF-16 pattern,
/// or mostly control characters). Valid UTF-8 (with or without a BOM, what transcripts and
/// scripts nearly always are) becomes the text in place: a file is not copied to be read.
pub fn decode(bytes: Vec<u8>) -> Option<Decoded> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        let mut bytes = bytes;
        bytes.drain(..bom_len);
        if encoding == UTF_8 {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    return Some(Decoded {
                        text,
                        encoding: encoding.name(),
                        bom: true,
                        had_errors: false,
                    });
                }
                Err(invalid) => bytes = invalid.into_bytes(),
            }
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        return Some(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            bom: true,
            had_errors,
        });
    }
    if let Some(encoding) = bomless_utf16(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        return Some(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            bom: false,
            had_errors,
        });
    }
    if bytes.contains(&0) {
        return None;
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return looks_like_text(&text).then(|| Decoded {
                text,
                encoding: UTF_8.name(),
                bom: false,
                had_errors: false,
            });
        }
        Err(invalid) => invalid.into_bytes(),
    };
    let (text, _, had_errors) = WINDOWS_1252.decode(&bytes);
    looks_like_text(&text).then(|| Decoded {
        text: text.into_owned(),
        encoding: WINDOWS_1252.name(),
        bom: false,
        had_errors,
    })
}

/// UTF-16 without a BOM shows as ASCII text with every other byte zero.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.chunks(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    let odd_zero = sample.chunks(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    if odd_zero * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text has few control characters other than whitespace.
fn looks_like_text(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    if sample.is_empty() {
        return true;
    }
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    control * 100 <= sample.len()
}

/// Splits text into lines at LF and CRLF (a lone CR stays in its line), borrowing them. A
/// file's lines are split the same way by `SourceText::from_text`, which the test holds equal.
pub fn lines(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_fallbacks() {
        let utf8 = decode(b"\xEF\xBB\xBFhello".to_vec()).expect("text");
        assert_eq!(
            (utf8.text.as_str(), utf8.encoding, utf8.bom),
            ("hello", "UTF-8", true)
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hi\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(le.clone()).expect("text").encoding, "UTF-16LE");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hi".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(be.clone()).expect("text").text, "hi");
        let bare: Vec<u8> = "PS C:\\> Get-Thing"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(bare.clone()).expect("text").text,
            "PS C:\\> Get-Thing"
        );
        let ansi = decode(b"caf\xe9".to_vec()).expect("text");
        assert_eq!(
            (ansi.text.as_str(), ansi.encoding),
            ("café", "windows-1252")
        );
        assert!(decode(vec![0x30, 0x82, 0x01, 0x00, 0x00, 0x02]).is_none());
    }

    #[test]
    fn odd_length_utf16_does_not_panic() {
        let mut le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("abc".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        le.push(0x41);
        let d = decode(le.clone()).expect("text");
        assert!(d.had_errors);
    }

    #[test]
    fn line_endings() {
        assert_eq!(lines("a\r\nb\nc\r\n"), ["a", "b", "c"]);
    }

    #[test]
    fn source_text_splits_as_lines_does() {
        let texts = [
            "",
            "\n",
            "\r",
            "\r\n",
            "\n\n",
            "a",
            "a\n",
            "a\r",
            "a\r\r\n",
            "a\n\n",
            "a\n\r\n",
            "\na",
            "a\rb\nc",
            "é\r\n€\n\n\u{2022}",
            "a\r\nb\r\n\r\n",
            "\r\n\r\nx",
        ];
        for text in texts {
            let source = crate::model::SourceText::from_text(text.to_string());
            assert_eq!(source.lines(), lines(text), "{text:?}");
            let given = crate::model::SourceText::from_lines(&lines(text));
            assert_eq!(source, given, "{text:?}");
        }
    }
}
