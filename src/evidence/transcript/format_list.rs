//! Format-List output: objects separated by blank lines, each line `Name<padding> : value`, long
//! values wrapped onto lines indented to the value column, collections as `{a, b, c...}` (cut by
//! `$FormatEnumerationLimit` with `...` in Windows PowerShell or `…` in PowerShell 7).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Field, FieldValue, Location, field_name};

static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z_][\w.]*)( *) :(?: (.*))?$").expect("static regex"));

/// A field line `Name<padding> : value`, read as [`FIELD`] reads it: the name's length, the
/// padding's length (the spaces before ` :`), and the value after `: ` (`None` for a line ending in
/// `:`). Every line of printed output is tried, so ASCII names are read by hand; a line whose name
/// runs into a non-ASCII character (which `\w` may take as a letter) is left to the pattern.
fn field(line: &str) -> Option<(usize, usize, Option<&str>)> {
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return None;
    }
    let name = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'))
        .unwrap_or(bytes.len());
    if bytes.get(name).is_some_and(|b| !b.is_ascii()) {
        let c = FIELD.captures(line)?;
        let value = c.get(3).map(|m| m.as_str());
        return Some((c[1].len(), c[2].len(), value));
    }
    let spaces = bytes[name..].iter().take_while(|b| **b == b' ').count();
    let colon = name + spaces;
    if spaces == 0 || bytes.get(colon) != Some(&b':') {
        return None;
    }
    let value = match line.get(colon + 1..) {
        Some("") => None,
        Some(rest) => Some(rest.strip_prefix(' ')?),
        None => return None,
    };
    // `.` in the pattern stops at a line feed, which a line does not hold but a value might.
    if value.is_some_and(|v| v.contains('\n')) {
        return None;
    }
    Some((name, spaces - 1, value))
}

/// Parses consecutive Format-List records starting at `lines[0]`. Returns the records' fields and
/// how many lines were used, or `None` when the first line is not a field line.
pub(crate) fn parse(lines: &[(usize, &str)], path: &str) -> Option<(Vec<Vec<Field>>, usize)> {
    let mut records = Vec::new();
    let mut used = 0;
    loop {
        // Skip blank lines between records.
        let mut k = used;
        while lines.get(k).is_some_and(|(_, l)| l.trim().is_empty()) {
            k += 1;
        }
        let Some((fields, n)) = record(&lines[k.min(lines.len())..], path) else {
            break;
        };
        records.push(fields);
        used = k + n;
    }
    (!records.is_empty()).then_some((records, used))
}

fn record(lines: &[(usize, &str)], path: &str) -> Option<(Vec<Field>, usize)> {
    let (_, first) = lines.first()?;
    let (name, padding, _) = field(first)?;
    // All names in one record are padded to the same width, so the separator sits in one column.
    let sep_col = name + padding;
    let value_col = sep_col + 3;
    // A value is borrowed from its line unless it wraps onto the next ones.
    let mut fields: Vec<(usize, &str, Cow<'_, str>)> = Vec::new();
    let mut used = 0;
    for (line_no, l) in lines {
        if l.trim().is_empty() {
            break;
        }
        if let Some((name, padding, value)) = field(l)
            && name + padding == sep_col
        {
            fields.push((
                *line_no,
                &l[..name],
                Cow::Borrowed(value.unwrap_or_default()),
            ));
            used += 1;
            continue;
        }
        // A wrapped value continues at the value column.
        let indent = l.len() - l.trim_start().len();
        match fields.last_mut() {
            Some(last) if indent >= value_col.min(4) => {
                last.2.to_mut().push_str(l.trim_start());
                used += 1;
            }
            _ => break,
        }
    }
    if fields.len() < 2 && !fields.first().is_some_and(|f| f.2.starts_with('{')) {
        // A single `Name : value` line is too weak to call a record (it could be prose).
        return None;
    }
    let fields = fields
        .into_iter()
        .map(|(line_no, name, value)| Field {
            location: Location::new(
                path,
                line_no as u32 + 1,
                value_col as u32 + 1,
                value.chars().count() as u32,
            ),
            value: parse_value(value.trim_end()),
            name: field_name(name),
        })
        .collect();
    Some((fields, used))
}

/// `{a, b, c...}` → a list; anything else → a scalar.
pub(crate) fn parse_value(text: &str) -> FieldValue {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        let (inner, truncated) = if let Some(s) = inner.strip_suffix("...") {
            (s, true)
        } else if let Some(s) = inner.strip_suffix('…') {
            (s, true)
        } else {
            (inner, false)
        };
        let items = inner
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        return FieldValue::List {
            items: Box::new(items),
            truncated,
        };
    }
    FieldValue::Scalar {
        text: t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<(usize, &str)> {
        s.lines().enumerate().collect()
    }

    #[test]
    fn padded_fields_wrapped_lists_and_blank_values() {
        let t = l(
            "ExtensionData         : System.Runtime.Serialization.ExtensionDataObject\nAccountEnabled        : True\nAddresses             : {}\nServicePrincipalNames : {00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com, 00000004-0000-0ff1-c\n                        e00-000000000000/a, b, c...}\nDisplayName           :\n\nType  : Asymmetric\nUsage : Verify\n",
        );
        let (records, used) = parse(&t, "t").expect("records");
        assert_eq!((records.len(), used), (2, 9));
        let spns = &records[0][3];
        assert_eq!(
            spns.value,
            FieldValue::List {
                items: Box::new(vec![
                    "00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com".into(),
                    "00000004-0000-0ff1-ce00-000000000000/a".into(),
                    "b".into(),
                    "c".into()
                ]),
                truncated: true
            }
        );
        assert_eq!(
            records[0][4].value,
            FieldValue::Scalar {
                text: String::new()
            }
        );
        assert_eq!(records[1][0].location.line, 8);
    }

    #[test]
    fn unicode_ellipsis() {
        assert_eq!(
            parse_value("{a, b…}"),
            FieldValue::List {
                items: Box::new(vec!["a".into(), "b".into()]),
                truncated: true
            }
        );
    }

    /// Every line of the fixtures and of the fuzz corpora, and variations of each: whatever the
    /// hand-written reader says of a line, the pattern says too. `field` answers from the pattern
    /// for a name running into a non-ASCII character, so those variations test that handover.
    #[test]
    fn the_hand_written_field_reader_is_the_pattern() {
        fn pattern(l: &str) -> Option<(usize, usize, Option<&str>)> {
            let c = FIELD.captures(l)?;
            Some((c[1].len(), c[2].len(), c.get(3).map(|m| m.as_str())))
        }
        let mut lines: Vec<String> = [
            "Name : value",
            "Name: value",
            "Name :value",
            "Name :",
            "Name  :  ",
            "_x.y  : {a, b}",
            "9Name : v",
            "Nämé : v",
            "Name\u{e9} : v",
            "N-ame : v",
            " Name : v",
            "Name\t: v",
            "",
            ":",
            " :",
            "A :\nB",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        lines.extend(super::super::test_lines::corpus_lines());
        let (mut fields, mut total) = (0, 0);
        for line in &lines {
            for variant in [
                line.clone(),
                line.trim().to_string(),
                line.replacen(' ', "é", 1),
                line.replacen(" :", "  :", 1),
                line.replacen(": ", ":", 1),
                format!("{line} "),
            ] {
                total += 1;
                let expected = pattern(&variant);
                fields += usize::from(expected.is_some());
                assert_eq!(field(&variant), expected, "{variant:?}");
            }
        }
        // The material holds field lines of both kinds, or this proves little.
        assert!(total > 50_000 && fields > 5_000, "{fields} of {total}");
    }
}
