//! PEM armour (`-----BEGIN LABEL-----` … `-----END LABEL-----`), scanned line by line rather than
//! with a PEM crate so each block keeps the line it starts on (findings point there) and a block
//! cut short is reported as such instead of silently skipped.

use base64::Engine as _;

/// One armoured block as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The label between `BEGIN ` and the dashes (`CERTIFICATE`, `RSA PRIVATE KEY`).
    pub label: String,
    /// 1-based line of the `-----BEGIN` line.
    pub line: u32,
    /// 1-based column where `-----BEGIN` starts, and the length of the marker in characters.
    pub column: u32,
    pub len: u32,
    /// The decoded body, or `None` when the block has no END line or its Base64 is damaged.
    pub der: Option<Vec<u8>>,
}

/// Every armoured block in `text`, lazily (a file of a million BEGIN lines is never held as a
/// million blocks). Works for LF and CRLF (lines are trimmed) and skips RFC 1421 headers such as
/// `Proc-Type:` inside encrypted legacy keys.
pub fn blocks(text: &str) -> impl Iterator<Item = Block> + '_ {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < lines.len() {
            let raw = lines[i];
            let Some(label) = begin_label(raw) else {
                i += 1;
                continue;
            };
            let column = raw
                .find("-----BEGIN ")
                .map(|b| raw[..b].chars().count() as u32 + 1)
                .unwrap_or(1);
            let marker_len = raw.trim().chars().count() as u32;
            let mut ended = false;
            let mut j = i + 1;
            while j < lines.len() {
                let l = lines[j].trim();
                if l.starts_with("-----END ") {
                    ended = true;
                    break;
                }
                if begin_label(l).is_some() {
                    // A new block starts before this one ended: this one was cut short.
                    break;
                }
                j += 1;
            }
            // Only a block that ends has a body to decode; its lines are joined into one string
            // sized for them at once (not grown line by line).
            let der = if ended {
                let inside = lines.get(i + 1..j).unwrap_or_default();
                let mut body = String::with_capacity(inside.iter().map(|l| l.len()).sum());
                for l in inside.iter().map(|l| l.trim()) {
                    if !l.contains(':') {
                        body.push_str(l);
                    }
                }
                decode_base64(&body)
            } else {
                None
            };
            let block = Block {
                label: label.to_string(),
                line: i as u32 + 1,
                column,
                len: marker_len,
                der,
            };
            i = if ended { j + 1 } else { j };
            return Some(block);
        }
        None
    })
}

fn begin_label(line: &str) -> Option<&str> {
    // Nearly every line is Base64, which has no dash: ruled out without trimming or searching.
    if !line.as_bytes().contains(&b'-') {
        return None;
    }
    let t = line.trim();
    let start = t.find("-----BEGIN ")?;
    let rest = &t[start + "-----BEGIN ".len()..];
    let label = rest.strip_suffix("-----")?;
    (!label.is_empty()).then_some(label)
}

/// Base64 with any whitespace (line breaks of a saved value) removed. `None` when it is not Base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() {
        return None;
    }
    let decode = |text: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .ok()
    };
    // An armoured body (joined from trimmed lines) has no whitespace: decoded as it is, without
    // a pass to look for any. The decoder refuses whitespace, so text it accepts had none.
    if let Some(der) = decode(text) {
        return Some(der);
    }
    if !text.contains(char::is_whitespace) {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    decode(&compact)
}

/// True when `text` holds nothing but Base64 characters and whitespace (a bare credential value).
pub fn is_bare_base64(text: &str) -> bool {
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' {
            any = true;
        } else if !c.is_whitespace() {
            return false;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_crlf_and_their_lines() {
        let text = "junk\r\n-----BEGIN CERTIFICATE-----\r\nAQID\r\n-----END CERTIFICATE-----\r\n\r\n  -----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nBAUG\r\n-----END RSA PRIVATE KEY-----\r\n";
        let b: Vec<Block> = blocks(text).collect();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].label, "CERTIFICATE");
        assert_eq!((b[0].line, b[0].column, b[0].len), (2, 1, 27));
        assert_eq!(b[0].der.as_deref(), Some(&[1u8, 2, 3][..]));
        assert_eq!(b[1].label, "RSA PRIVATE KEY");
        assert_eq!((b[1].line, b[1].column), (6, 3));
        assert_eq!(b[1].der.as_deref(), Some(&[4u8, 5, 6][..]));
    }

    #[test]
    fn block_without_end_has_no_body() {
        let b: Vec<Block> = blocks("-----BEGIN CERTIFICATE-----\nAQID\n").collect();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].der, None);
        let b: Vec<Block> = blocks(
            "-----BEGIN CERTIFICATE-----\nAQID\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n",
        )
        .collect();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].der, None);
        assert!(b[1].der.is_some());
    }

    #[test]
    fn ascii_whitespace_is_what_char_is_whitespace_takes() {
        for b in 0u8..0x80 {
            let by_bytes = matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
            assert_eq!(by_bytes, char::from(b).is_whitespace(), "{b:#04x}");
        }
        // Whitespace beyond ASCII is still removed.
        assert_eq!(decode_base64("AQ\u{2003}ID\u{a0}"), Some(vec![1, 2, 3]));
        assert_eq!(decode_base64("AQ\u{0b}ID"), Some(vec![1, 2, 3]));
    }

    #[test]
    fn bare_base64_with_line_breaks() {
        assert!(is_bare_base64("TUlJ\r\nQ0F3\n"));
        assert!(!is_bare_base64("PS C:\\> x"));
        assert!(!is_bare_base64("  \n"));
        assert_eq!(decode_base64("AQ\nID"), Some(vec![1, 2, 3]));
        assert_eq!(decode_base64("!!"), None);
    }
}
