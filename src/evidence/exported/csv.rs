//! `Export-Csv` / `ConvertTo-Csv` output: an optional `#TYPE Namespace.Type` line (Windows
//! PowerShell 5.1 writes it unless `-NoTypeInformation`), a header of property names, then one
//! row per object; fields quoted with `"` (doubled inside), separated by `,` (or `;` with
//! `-UseCulture` in many cultures), quoted fields may span lines. Collections and nested objects
//! are written as their type name (`System.String[]`): such a field is unknown and left out.

use crate::model::{Field, FieldValue, Location};

/// Most rows read from one file.
const MAX_ROWS: usize = 100_000;

/// A parsed CSV export: its `#TYPE`, its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub type_name: Option<String>,
    pub header: Vec<String>,
    /// Each row's fields, in header order, with their 1-based line and column.
    pub rows: Vec<Vec<Cell>>,
    /// 1-based line of each row.
    pub row_lines: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub line: u32,
    pub column: u32,
}

/// The separator a header line uses, when it is a quoted CSV header: `"A","B"` or `"A";"B"`.
fn separator(header: &str) -> Option<char> {
    let t = header.trim();
    if !(t.starts_with('"') && t.ends_with('"')) {
        return None;
    }
    [',', ';']
        .into_iter()
        .find(|s| t.contains(&format!("\"{s}\"")))
}

/// Parses `lines` as a CSV export, or `None` when they are not one.
pub fn parse(lines: &[&str]) -> Option<Export> {
    let mut i = 0;
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    let type_name = lines
        .get(i)
        .and_then(|l| l.trim().strip_prefix("#TYPE "))
        .map(|t| t.trim().to_string());
    if type_name.is_some() {
        i += 1;
    }
    let sep = separator(lines.get(i)?)?;
    let mut cursor = Cursor {
        lines,
        line: i,
        sep,
    };
    let header: Vec<String> = cursor.record()?.into_iter().map(|c| c.text).collect();
    if header.len() < 2 || header.iter().any(|h| h.is_empty()) {
        return None;
    }
    let mut rows = Vec::new();
    let mut row_lines = Vec::new();
    while rows.len() < MAX_ROWS {
        while cursor
            .lines
            .get(cursor.line)
            .is_some_and(|l| l.trim().is_empty())
        {
            cursor.line += 1;
        }
        let line = cursor.line;
        let Some(row) = cursor.record() else { break };
        row_lines.push(line as u32 + 1);
        rows.push(row);
    }
    Some(Export {
        type_name,
        header,
        rows,
        row_lines,
    })
}

/// Reads records field by field across lines (a quoted field may hold line breaks).
struct Cursor<'a> {
    lines: &'a [&'a str],
    line: usize,
    sep: char,
}

impl Cursor<'_> {
    /// The next record's fields, or `None` at the end.
    fn record(&mut self) -> Option<Vec<Cell>> {
        let first = self.lines.get(self.line)?;
        let mut chars: Vec<char> = first.chars().collect();
        let mut row = self.line;
        let mut col = 0;
        let mut cells = Vec::new();
        loop {
            let quoted = chars.get(col) == Some(&'"');
            // Where the value itself starts, after its opening quote.
            let (line, column) = (row as u32 + 1, col as u32 + 1 + u32::from(quoted));
            let mut text = String::new();
            if quoted {
                col += 1;
                loop {
                    match chars.get(col) {
                        Some('"') if chars.get(col + 1) == Some(&'"') => {
                            text.push('"');
                            col += 2;
                        }
                        Some('"') => {
                            col += 1;
                            break;
                        }
                        Some(c) => {
                            text.push(*c);
                            col += 1;
                        }
                        // A line break inside quotes: the field goes on on the next line.
                        None => match self.lines.get(row + 1) {
                            Some(next) => {
                                text.push('\n');
                                row += 1;
                                chars = next.chars().collect();
                                col = 0;
                            }
                            None => break,
                        },
                    }
                }
            }
            while let Some(c) = chars.get(col).filter(|c| **c != self.sep) {
                text.push(*c);
                col += 1;
            }
            cells.push(Cell { text, line, column });
            if chars.get(col) == Some(&self.sep) {
                col += 1;
            } else {
                break;
            }
        }
        self.line = row + 1;
        Some(cells)
    }
}

/// A field's value as a record field: its text, unless it is a collection or object written as its
/// type name (then unknown, `None`).
pub fn field_value(text: &str) -> Option<FieldValue> {
    let t = text.trim();
    let type_name = !t.contains(' ')
        && (t.starts_with("System.") || t.starts_with("Microsoft.") || t.ends_with("[]"));
    (!type_name).then(|| FieldValue::Scalar {
        text: t.to_string(),
    })
}

/// The fields of one row, named by the header; unknown values left out.
pub fn fields(export: &Export, row: &[Cell], path: &str) -> Vec<Field> {
    export
        .header
        .iter()
        .zip(row)
        .filter_map(|(name, cell)| {
            let value = field_value(&cell.text)?;
            Some(Field {
                name: crate::model::field_name(name),
                location: Location::new(
                    path,
                    cell.line,
                    cell.column,
                    cell.text.chars().count() as u32,
                ),
                value,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn windows_powershell_export() {
        let e = parse(&lines(
            "#TYPE Microsoft.Online.Administration.ServicePrincipal\n\"ExtensionData\",\"AccountEnabled\",\"AppPrincipalId\",\"DisplayName\",\"ServicePrincipalNames\"\n\"System.Runtime.Serialization.ExtensionDataObject\",\"False\",\"00000002-0000-0ff1-ce00-000000000000\",\"Office 365 \"\"Exchange\"\"\nOnline\",\"System.Collections.Generic.List`1[System.String]\"\n",
        ))
        .expect("csv");
        assert_eq!(
            e.type_name.as_deref(),
            Some("Microsoft.Online.Administration.ServicePrincipal")
        );
        assert_eq!(e.rows.len(), 1);
        assert_eq!(e.rows[0][3].text, "Office 365 \"Exchange\"\nOnline");
        assert_eq!((e.rows[0][1].line, e.rows[0][1].column), (3, 53));
        let f = fields(&e, &e.rows[0], "x.csv");
        assert!(
            f.iter().all(|f| &*f.name != "ServicePrincipalNames"),
            "a collection written as its type name is unknown"
        );
        assert!(f.iter().any(|f| &*f.name == "AccountEnabled"));
    }

    #[test]
    fn culture_separator_and_not_csv() {
        let e = parse(&lines(
            "\"Identity\";\"MetadataUrl\"\n\"microsoft.sts\";\"https://x/\"\n",
        ))
        .expect("csv");
        assert_eq!(e.rows[0][1].text, "https://x/");
        assert!(parse(&lines("Name : value\nOther : x\n")).is_none());
        assert!(parse(&lines("\"only one\"\n")).is_none());
    }
}
