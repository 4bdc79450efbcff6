//! `Export-Csv` and `ConvertTo-Json` output of the procedure's cmdlets: recognised when the
//! export names one of their types (`#TYPE`) or carries their properties, and read into records
//! with file:line locations, as printed and CLIXML objects are. Anything else stays unread.

pub mod csv;
pub mod json;
pub mod manifest;

use std::sync::LazyLock;

use regex::Regex;

use super::clixml::{self, value::PsValue};
use super::identify;
use super::resolve::next_order;
use crate::model::{InputProblem, Location, Model, Record};

/// Whether `lines` are a CSV export of the procedure's objects.
pub fn looks_like_csv(lines: &[&str]) -> bool {
    csv::parse(&lines[..lines.len().min(50)]).is_some_and(|e| {
        e.type_name
            .as_deref()
            .and_then(identify::cmdlet_from_type_name)
            .is_some()
            || identify::cmdlet_from_properties(e.header.iter().map(String::as_str)).is_some()
    })
}

/// A JSON property name: `"AppId":`.
static JSON_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([A-Za-z_][A-Za-z0-9_]*)"\s*:"#).expect("static regex"));

/// Whether `lines` are JSON (an object or a list, pretty or `-Compress`ed) naming the properties
/// of the procedure's objects within its first two megabytes; the whole document is parsed only
/// when loading.
pub fn looks_like_json(lines: &[&str]) -> bool {
    const HEAD_BYTES: usize = 2 * 1024 * 1024;
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty());
    if !first.is_some_and(|l| l.starts_with('{') || l.starts_with('[')) {
        return false;
    }
    let mut head = String::new();
    for l in lines {
        if head.len() > HEAD_BYTES {
            break;
        }
        head.push_str(l);
        head.push('\n');
    }
    let names: Vec<&str> = JSON_NAME
        .captures_iter(&head)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    identify::cmdlet_from_properties(names.iter().copied()).is_some()
}

pub fn load_csv(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    let Some(export) = csv::parse(lines) else {
        return;
    };
    let shown_by = export
        .type_name
        .as_deref()
        .and_then(identify::cmdlet_from_type_name)
        .map(str::to_string);
    for (row, line) in export.rows.iter().zip(&export.row_lines) {
        let fields = csv::fields(&export, row, path);
        let order = next_order(model);
        model.records.push(Record {
            fields,
            command: None,
            shown_by: shown_by.clone(),
            location: Location::new(path, *line, 1, 0),
            file,
            order,
        });
    }
}

pub fn load_json(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    let positions = clixml::Lines::new(lines);
    let value = match json::parse(positions.text()) {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = clixml::records::Position::at(&positions, e.offset);
            model.problems.push(InputProblem {
                detail: format!("not read as ConvertTo-Json output: {}", e.detail),
                location: Location::new(path, line, column, 0),
            });
            return;
        }
    };
    let values = match value {
        PsValue::List(items) => items,
        other => vec![other],
    };
    for r in clixml::records::records(&values, path, &positions) {
        let order = next_order(model);
        model.records.push(Record {
            fields: r.fields,
            command: None,
            shown_by: r.shown_by,
            location: r.location,
            file,
            order,
        });
    }
}
