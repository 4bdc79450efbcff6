//! `Export-Clixml` files: PowerShell objects serialised as in the PowerShell Remoting Protocol
//! (MS-PSRP §2.2.5), `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">`.
//! Parsed with roxmltree (DTDs refused, so no entity expansion; a node limit), deserialised
//! with limits (`value`), and each exported object of the procedure's cmdlets becomes a record
//! (`records`), read by the normaliser like a printed one. A file that breaks a limit is a
//! reading problem, not a crash.

pub mod records;
pub mod value;

use crate::evidence::resolve::next_order;
use crate::model::{InputProblem, Location, Model, Record};
use records::Position;

/// The CLIXML namespace.
const NAMESPACE: &str = "http://schemas.microsoft.com/powershell/2004/04";

/// Most XML nodes read from one file: far above any export of the procedure's objects, and a
/// bound on the tree's memory.
const NODES_LIMIT: u32 = 1_000_000;

/// The root element `<Objs` in the namespace, after nothing but an XML prolog (declaration,
/// comments, a DOCTYPE: a file with one is still recognised, so that refusing it is reported).
pub fn looks_like_clixml(lines: &[&str]) -> bool {
    const HEAD_BYTES: usize = 64 * 1024;
    let mut head = String::new();
    for l in lines {
        if head.len() > HEAD_BYTES {
            break;
        }
        head.push_str(l);
        head.push('\n');
    }
    let Some(at) = head.find("<Objs") else {
        return false;
    };
    let prolog = head[..at].trim_start_matches('\u{feff}').trim();
    let tag = head[at..].split('>').next().unwrap_or("");
    (prolog.is_empty() || prolog.starts_with("<?xml") || prolog.starts_with("<!"))
        && tag.contains(NAMESPACE)
}

/// Line starts of the text the lines were joined into, for locations.
pub struct Lines {
    starts: Vec<usize>,
    text: String,
}

impl Lines {
    /// The lines joined with `\n`, remembering where each starts.
    pub fn new(lines: &[&str]) -> Self {
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for l in lines {
            starts.push(at);
            at += l.len() + 1;
        }
        Lines {
            starts,
            text: lines.join("\n"),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

impl Position for Lines {
    fn at(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        // No lines at all (an empty file): everything is at its start.
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }
}

pub fn load(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    let lines = Lines::new(lines);
    let problem = |model: &mut Model, detail: String, offset: usize| {
        let (line, column) = lines.at(offset);
        model.problems.push(InputProblem {
            detail,
            location: Location::new(path, line, column, 0),
        });
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(&lines.text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            let offset = lines
                .starts
                .get(pos.row.saturating_sub(1) as usize)
                .copied()
                .unwrap_or(0);
            problem(
                model,
                format!("not read as an Export-Clixml file: {}", xml_error(&e)),
                offset,
            );
            return;
        }
    };
    let mut reader = value::Reader::new(&doc);
    let mut values = Vec::new();
    for node in doc.root_element().children().filter(|n| n.is_element()) {
        match reader.value(node, 0) {
            Ok(v) => values.push(v),
            Err(limit) => {
                problem(
                    model,
                    format!(
                        "not read as an Export-Clixml file: {}; no object in it is checked",
                        limit.detail
                    ),
                    limit.offset,
                );
                return;
            }
        }
    }
    let mut cycles = std::mem::take(&mut reader.cycles);
    cycles.sort_unstable();
    cycles.dedup();
    for offset in cycles {
        problem(
            model,
            "a reference to an object that contains it (a cycle); read as empty there".into(),
            offset,
        );
    }
    drop(doc);
    for r in records::records(&values, path, &lines) {
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

/// roxmltree's error, said for a user.
fn xml_error(e: &roxmltree::Error) -> String {
    match e {
        roxmltree::Error::DtdDetected => {
            "it has a DTD, which Export-Clixml never writes (entity expansion is refused)".into()
        }
        roxmltree::Error::NodesLimitReached => {
            format!("more than {NODES_LIMIT} XML nodes")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
