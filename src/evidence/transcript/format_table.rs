//! Format-Table output (what a cmdlet prints by default without `| fl`): a header line, a line of
//! dashes under each column, and rows until a blank line. Columns are cut where the dashes are.

use crate::model::{Field, Location, SharedText, field_name};

use super::format_list::parse_value;

/// Parses one table starting at `lines[0]` (the header). Returns one field list per row.
pub(super) fn parse(lines: &[(usize, &str)], path: &str) -> Option<(Vec<Vec<Field>>, usize)> {
    let (_, header) = lines.first()?;
    let (_, dashes) = lines.get(1)?;
    let columns = columns(dashes)?;
    if header.trim().is_empty() {
        return None;
    }
    let names: Vec<SharedText> = columns
        .iter()
        .map(|&(s, e)| field_name(slice(header, s, Some(e)).trim()))
        .collect();
    if names.iter().any(|n| n.is_empty()) {
        return None;
    }
    let mut rows = Vec::new();
    let mut used = 2;
    for (line_no, row) in &lines[2..] {
        if row.trim().is_empty() {
            break;
        }
        let fields = columns
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| {
                let last = i + 1 == columns.len();
                let text = slice(row, s, if last { None } else { Some(e) });
                Field {
                    name: names[i].clone(),
                    value: parse_value(text.trim()),
                    location: Location::new(
                        path,
                        *line_no as u32 + 1,
                        s as u32 + 1,
                        text.trim_end().chars().count() as u32,
                    ),
                }
            })
            .collect();
        rows.push(fields);
        used += 1;
    }
    Some((rows, used))
}

/// The character ranges of the dash runs: `---- ---` → [(0, 4), (5, 8)].
fn columns(dashes: &str) -> Option<Vec<(usize, usize)>> {
    let t = dashes.trim_end();
    if t.is_empty() || !t.chars().all(|c| c == '-' || c == ' ') || !t.contains("--") {
        return None;
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.chars().chain(std::iter::once(' ')).enumerate() {
        match (c, start) {
            ('-', None) => start = Some(i),
            (' ', Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    // A column's text may run into the gap before the next column: extend each to the next start.
    let starts: Vec<usize> = out.iter().map(|c| c.0).collect();
    for (i, col) in out.iter_mut().enumerate() {
        if let Some(&next) = starts.get(i + 1) {
            col.1 = next;
        }
    }
    Some(out)
}

/// The characters `start..end` of `line` (to its end without `end`), clamped to the line: a
/// column's cell, borrowed (every cell of every row is cut, and copying each cost more than
/// reading it).
fn slice(line: &str, start: usize, end: Option<usize>) -> &str {
    // The byte where character `n` starts, or the line's end.
    let byte_of = |n: usize| {
        if line.is_ascii() {
            n.min(line.len())
        } else {
            line.char_indices().nth(n).map_or(line.len(), |(b, _)| b)
        }
    };
    let from = byte_of(start);
    let to = end.map_or(line.len(), |e| byte_of(e.max(start)));
    &line[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_the_characters_of_its_column() {
        let by_chars = |line: &str, start: usize, end: Option<usize>| -> String {
            let chars = line.chars().skip(start);
            match end {
                Some(e) => chars.take(e.saturating_sub(start)).collect(),
                None => chars.collect(),
            }
        };
        for line in [
            "",
            "abc",
            "Identity      Issuer",
            "Zürich  Köln é",
            "日本語 テキスト",
        ] {
            for start in 0..20 {
                for end in (0..22).map(Some).chain([None]) {
                    assert_eq!(
                        slice(line, start, end),
                        by_chars(line, start, end),
                        "{line:?} {start} {end:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn table_rows() {
        let t: Vec<(usize, &str)> = "Identity      IssuerIdentifier                     MetadataUrl\n--------      ----------------                     -----------\nmicrosoft.sts 00000001-0000-0000-c000-000000000000 https://accounts.accesscontrol.windows.net/x/metadata/json/1\n\n"
            .lines()
            .enumerate()
            .collect();
        let (rows, used) = parse(&t, "t").expect("table");
        assert_eq!((rows.len(), used), (1, 3));
        assert_eq!(rows[0][0].value.as_text(), "microsoft.sts");
        assert_eq!(
            rows[0][2].value.as_text(),
            "https://accounts.accesscontrol.windows.net/x/metadata/json/1"
        );
    }
}
