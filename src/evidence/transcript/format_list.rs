//! Format-List output: objects separated by blank lines, each line `Name<padding> : value`, long
//! values wrapped onto lines indented to the value column, collections as `{a, b, c...}` (cut by
//! `$FormatEnumerationLimit` with `...` in Windows PowerShell or `…` in PowerShell 7).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Field, FieldValue, Location};

static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z_][\w.]*)( *) :(?: (.*))?$").expect("static regex"));

/// Parses consecutive Format-List records starting at `lines[0]`. Returns the records' fields and
/// how many lines were used, or `None` when the first line is not a field line.
pub(crate) fn parse(lines: &[(usize, String)], path: &str) -> Option<(Vec<Vec<Field>>, usize)> {
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

fn record(lines: &[(usize, String)], path: &str) -> Option<(Vec<Field>, usize)> {
    let (_, first) = lines.first()?;
    let caps = FIELD.captures(first)?;
    // All names in one record are padded to the same width, so the separator sits in one column.
    let sep_col = caps[1].len() + caps[2].len();
    let value_col = sep_col + 3;
    let mut fields: Vec<(usize, String, String)> = Vec::new();
    let mut used = 0;
    for (line_no, l) in lines {
        if l.trim().is_empty() {
            break;
        }
        if let Some(c) = FIELD.captures(l)
            && c[1].len() + c[2].len() == sep_col
        {
            fields.push((
                *line_no,
                c[1].to_string(),
                c.get(3).map(|m| m.as_str().to_string()).unwrap_or_default(),
            ));
            used += 1;
            continue;
        }
        // A wrapped value continues at the value column.
        let indent = l.len() - l.trim_start().len();
        match fields.last_mut() {
            Some(last) if indent >= value_col.min(4) => {
                last.2.push_str(l.trim_start());
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
            name,
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
        return FieldValue::List { items, truncated };
    }
    FieldValue::Scalar {
        text: t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<(usize, String)> {
        s.lines()
            .enumerate()
            .map(|(i, l)| (i, l.to_string()))
            .collect()
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
                items: vec![
                    "00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com".into(),
                    "00000004-0000-0ff1-ce00-000000000000/a".into(),
                    "b".into(),
                    "c".into()
                ],
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
                items: vec!["a".into(), "b".into()],
                truncated: true
            }
        );
    }
}
