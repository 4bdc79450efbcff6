//! Several reports in one run: pairs each `--format` with its `--output` by position, and
//! renders and writes every report.
//!
//! The rule: an `--output FILE` belongs to the nearest `--format` before it; a `--format`
//! without one writes to standard output, and only one may. With no `--format` the format is
//! human; with a single `--format` its `--output` may come before or after it, as always.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::cli::Format;
use crate::findings::Report;
use crate::report::{self, ReportInput};
use crate::rules::Rule;

/// One report to write: a format, and a file (`None`: standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTarget {
    pub format: Format,
    pub path: Option<PathBuf>,
}

impl OutputTarget {
    /// Whether this report goes to standard output in a format for machines, not people.
    pub fn is_machine_stdout(&self) -> bool {
        self.path.is_none() && self.format != Format::Human
    }
}

/// Pairs formats and files, each given with its position on the command line.
pub fn pair(
    formats: &[(usize, Format)],
    files: &[(usize, PathBuf)],
) -> Result<Vec<OutputTarget>, String> {
    let mut targets: Vec<OutputTarget> = if formats.is_empty() {
        vec![OutputTarget {
            format: Format::Human,
            path: None,
        }]
    } else {
        formats
            .iter()
            .map(|&(_, format)| OutputTarget { format, path: None })
            .collect()
    };
    if targets.len() == 1 {
        match files {
            [] => {}
            [(_, file)] => targets[0].path = Some(file.clone()),
            _ => {
                return Err(format!(
                    "--output is given {} times for one report; add a --format before each further --output",
                    files.len()
                ));
            }
        }
        return Ok(targets);
    }
    for (at, file) in files {
        let Some(owner) = formats.iter().rposition(|(i, _)| i < at) else {
            return Err(format!(
                "--output {} comes before any --format; with several --format, write each --output after the --format it is for",
                file.display()
            ));
        };
        let target = &mut targets[owner];
        if let Some(previous) = &target.path {
            return Err(format!(
                "--format {} has two files, {} and {}; write one --format per --output",
                format_name(target.format),
                previous.display(),
                file.display()
            ));
        }
        target.path = Some(file.clone());
    }
    let to_stdout: Vec<String> = targets
        .iter()
        .filter(|t| t.path.is_none())
        .map(|t| format_name(t.format))
        .collect();
    if to_stdout.len() > 1 {
        return Err(format!(
            "only one report can go to standard output, not {}: give each other --format an --output FILE after it",
            to_stdout.join(" and ")
        ));
    }
    let mut paths: Vec<&PathBuf> = targets.iter().filter_map(|t| t.path.as_ref()).collect();
    paths.sort();
    if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!(
            "two reports would be written to {}",
            w[0].display()
        ));
    }
    Ok(targets)
}

fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The text of one report.
pub fn render(format: Format, input: &ReportInput) -> String {
    match format {
        Format::Human => report::human::render(input),
        Format::Json => report::json::render(input),
        Format::Sarif => report::sarif::render(input),
        Format::Junit => report::junit::render(input),
        Format::Github => report::github::render(input),
        Format::Html => report::html::render(input),
    }
}

/// Renders and writes every report. Human output to a terminal is coloured unless NO_COLOR is set.
pub fn write_all(targets: &[OutputTarget], report: &Report, rules: &[Rule]) -> Result<()> {
    for t in targets {
        let color = t.path.is_none()
            && t.format == Format::Human
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let text = render(
            t.format,
            &ReportInput {
                report,
                rules,
                color,
            },
        );
        match &t.path {
            Some(path) => std::fs::write(path, text)
                .with_context(|| format!("cannot write report to {}", path.display()))?,
            None => crate::stdout::print(&text)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    fn t(format: Format, path: Option<&str>) -> OutputTarget {
        OutputTarget {
            format,
            path: path.map(p),
        }
    }

    #[test]
    fn defaults_and_single_format_in_any_order() {
        assert_eq!(pair(&[], &[]), Ok(vec![t(Format::Human, None)]));
        assert_eq!(
            pair(&[], &[(1, p("r.txt"))]),
            Ok(vec![t(Format::Human, Some("r.txt"))])
        );
        let json = [(3, Format::Json)];
        assert_eq!(
            pair(&json, &[(1, p("r.json"))]),
            Ok(vec![t(Format::Json, Some("r.json"))])
        );
        assert!(pair(&json, &[(1, p("a")), (5, p("b"))]).is_err());
    }

    #[test]
    fn each_output_belongs_to_the_format_before_it() {
        let formats = [(1, Format::Sarif), (5, Format::Human), (7, Format::Junit)];
        let files = [(3, p("a.sarif")), (9, p("j.xml"))];
        assert_eq!(
            pair(&formats, &files),
            Ok(vec![
                t(Format::Sarif, Some("a.sarif")),
                t(Format::Human, None),
                t(Format::Junit, Some("j.xml")),
            ])
        );
    }

    #[test]
    fn ambiguous_pairings_are_errors() {
        let two = [(3, Format::Sarif), (7, Format::Human)];
        let e = pair(&two, &[(1, p("a"))]).expect_err("output before formats");
        assert!(e.contains("before any --format"), "{e}");
        let e = pair(&two, &[]).expect_err("two to stdout");
        assert!(e.contains("standard output"), "{e}");
        let e = pair(&two, &[(4, p("a")), (5, p("b"))]).expect_err("two files");
        assert!(e.contains("two files"), "{e}");
        let e = pair(&two, &[(4, p("a")), (8, p("a"))]).expect_err("same file");
        assert!(e.contains("two reports"), "{e}");
    }
}
