//! `ConvertTo-Json` output, parsed with positions (a value's byte offset, for file:line
//! locations) into the same values `Export-Clixml` files give, so one conversion makes records of
//! both. Windows PowerShell 5.1 writes dates as `\/Date(1717200000000)\/`: they become RFC 3339.
//! Bounded: nesting depth and the number of values are capped.

use crate::evidence::clixml::value::{Property, PsObject, PsValue};

const MAX_DEPTH: usize = 64;
const MAX_VALUES: usize = 500_000;

/// Why the text is not JSON (or breaks a limit), with the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub detail: String,
    pub offset: usize,
}

/// Parses one JSON document.
pub fn parse(text: &str) -> Result<PsValue, Invalid> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        values: 0,
    };
    p.space();
    let v = p.value(0)?;
    p.space();
    if p.at < p.bytes.len() {
        return Err(p.invalid("text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    values: usize,
}

impl Parser<'_> {
    fn invalid(&self, what: &str) -> Invalid {
        Invalid {
            detail: what.to_string(),
            offset: self.at,
        }
    }

    fn space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.bytes.get(self.at) == Some(&b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<PsValue, Invalid> {
        if depth > MAX_DEPTH {
            return Err(self.invalid(&format!("values nested more than {MAX_DEPTH} deep")));
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.invalid(&format!("more than {MAX_VALUES} values")));
        }
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(depth),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b']') {
                    return Ok(PsValue::List(items));
                }
                loop {
                    self.space();
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b']') {
                        return Ok(PsValue::List(items));
                    }
                    return Err(self.invalid("expected `,` or `]`"));
                }
            }
            Some(b'"') => Ok(PsValue::Text(dotnet_date(self.string()?))),
            Some(b't') if self.text[self.at..].starts_with("true") => {
                self.at += 4;
                Ok(PsValue::Bool(true))
            }
            Some(b'f') if self.text[self.at..].starts_with("false") => {
                self.at += 5;
                Ok(PsValue::Bool(false))
            }
            Some(b'n') if self.text[self.at..].starts_with("null") => {
                self.at += 4;
                Ok(PsValue::Nil)
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.at += 1;
                }
                Ok(PsValue::Text(self.text[start..self.at].to_string()))
            }
            _ => Err(self.invalid("expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<PsValue, Invalid> {
        let mut object = PsObject {
            offset: self.at,
            ..PsObject::default()
        };
        self.at += 1;
        self.space();
        if self.eat(b'}') {
            return Ok(PsValue::Object(Box::new(object)));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.invalid("expected a property name"));
            }
            let name = self.string()?;
            self.space();
            if !self.eat(b':') {
                return Err(self.invalid("expected `:`"));
            }
            self.space();
            let offset = self.at;
            let value = self.value(depth + 1)?;
            object.properties.push(Property {
                name,
                value,
                offset,
            });
            self.space();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(PsValue::Object(Box::new(object)));
            }
            return Err(self.invalid("expected `,` or `}`"));
        }
    }

    /// A string at `self.at` (its opening quote), escapes decoded.
    fn string(&mut self) -> Result<String, Invalid> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(stop) = rest.find(['"', '\\']) else {
                return Err(self.invalid("a string is not closed"));
            };
            out.push_str(&rest[..stop]);
            self.at += stop;
            if self.eat(b'"') {
                return Ok(out);
            }
            self.at += 1;
            let escaped = match self.bytes.get(self.at) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let hex = self
                        .text
                        .get(self.at + 1..self.at + 5)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .ok_or_else(|| self.invalid("a bad \\u escape"))?;
                    self.at += 4;
                    // Surrogate halves (emoji and the like) are not needed here: replaced.
                    char::from_u32(hex).unwrap_or('\u{fffd}')
                }
                _ => return Err(self.invalid("a bad escape")),
            };
            out.push(escaped);
            self.at += 1;
        }
    }
}

/// `/Date(1717200000000)/` (milliseconds since 1970, as Windows PowerShell 5.1 writes a
/// DateTime) as RFC 3339; any other text as it is.
fn dotnet_date(s: String) -> String {
    let millis = s
        .strip_prefix("/Date(")
        .and_then(|r| r.strip_suffix(")/"))
        .and_then(|n| n.split(['+', '-']).next().filter(|d| !d.is_empty()))
        .and_then(|n| n.parse::<i64>().ok());
    let instant = millis.and_then(|m| {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(m) * 1_000_000).ok()
    });
    match instant {
        Some(dt) => crate::domain::dates::format(dt),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_offsets_and_dates() {
        let text = "{\n  \"AccountEnabled\": false,\n  \"AppId\": \"00000002-0000-0ff1-ce00-000000000000\",\n  \"Key\": [48, 130],\n  \"End\": \"\\/Date(1780271999000)\\/\",\n  \"Nothing\": null,\n  \"Name\": \"a\\u00e9\\\"b\"\n}";
        let PsValue::Object(o) = parse(text).expect("JSON") else {
            panic!("an object");
        };
        assert_eq!(o.properties[0].value, PsValue::Bool(false));
        assert_eq!(
            &text[o.properties[1].offset..o.properties[1].offset + 4],
            "\"000"
        );
        assert_eq!(
            o.properties[2].value,
            PsValue::List(vec![
                PsValue::Text("48".into()),
                PsValue::Text("130".into())
            ])
        );
        assert_eq!(
            o.properties[3].value,
            PsValue::Text("2026-05-31T23:59:59Z".into())
        );
        assert_eq!(o.properties[4].value, PsValue::Nil);
        assert_eq!(o.properties[5].value, PsValue::Text("aé\"b".into()));
    }

    #[test]
    fn broken_and_hostile() {
        assert!(parse("{\"a\": }").is_err());
        assert!(parse("[1, 2").is_err());
        assert!(parse("\"open").is_err());
        assert!(parse("{} x").is_err());
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            parse(&deep)
                .expect_err("too deep")
                .detail
                .contains("nested")
        );
        assert!(parse("\"\\u12\"").is_err());
    }
}
