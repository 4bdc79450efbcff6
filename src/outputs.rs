//! Several reports in one run: pairs each `--format` with its `--output` by position, and
//! renders and writes every report.
//!
//! The rule: an `--output FILE` belongs to the nearest `--format` before it; a `--format`
//! without one writes to standard output, and only one may. With no `--format` the format is
//! human; with a single `--format` its `--output` may come before or after it, as always.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::cli::{ColorChoice, Format};
use crate::report::{self, ReportInput};
use crate::rule_description::RuleDescription;
use crate::rules::Rule;
use crate::run_report::Report;

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
        // No --format: the one --output's extension says which (`r.sarif`, `r.json`), else human.
        let implied = match files {
            [(_, file)] => Format::from_extension(file),
            _ => None,
        };
        vec![OutputTarget {
            format: implied.unwrap_or(Format::Human),
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

/// Writes one report to `out`. JSON and SARIF are written as they are serialised, so a large
/// report is never held whole; the other formats are rendered first.
pub fn write(format: Format, input: &ReportInput, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => report::json::write(input, out),
        Format::Sarif => report::sarif::write(input, out),
        Format::Human => report::human::write(input, out),
        Format::Junit => report::junit::write(input, out),
        Format::Github => report::github::write(input, out),
        Format::Concise => report::concise::write(input, out),
        Format::Azure => report::azure::write(input, out),
        Format::Gitlab => report::gitlab::write(input, out),
        other => out.write_all(render(other, input).as_bytes()),
    }
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
        Format::Concise => report::concise::render(input),
        Format::Azure => report::azure::render(input),
        Format::Gitlab => report::gitlab::render(input),
    }
}

/// How the people-facing reports are to look: `--color`, `--statistics`, `-q`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    pub color: ColorChoice,
    pub statistics: bool,
    pub quiet: bool,
}

/// Whether to colour: `always` and `never` decide; `auto` colours a terminal unless NO_COLOR is
/// set, and FORCE_COLOR or CLICOLOR_FORCE (set, not empty, not `0`) colour even a pipe or file.
pub fn use_color(
    choice: ColorChoice,
    terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
                true
            } else if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else {
                terminal
            }
        }
    }
}

/// Renders and writes every report. Only the human formats (human, concise) are ever coloured.
pub fn write_all(
    targets: &[OutputTarget],
    report: &Report,
    rules: &[Rule],
    look: &Look,
) -> Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let descriptions: Vec<RuleDescription> = rules.iter().map(Rule::description).collect();
    for t in targets {
        let terminal = t.path.is_none() && std::io::stdout().is_terminal();
        let people = matches!(t.format, Format::Human | Format::Concise);
        let color = people && use_color(look.color, terminal, &env);
        let width = terminal
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten();
        let input = ReportInput {
            report,
            rules: &descriptions,
            color,
            display: crate::report::Display {
                width,
                statistics: look.statistics,
                quiet: look.quiet,
            },
        };
        match &t.path {
            Some(path) => {
                let written = std::fs::File::create(path).and_then(|file| {
                    let mut out = BufWriter::new(file);
                    write(t.format, &input, &mut out)?;
                    out.flush()
                });
                written.with_context(|| format!("cannot write report to {}", path.display()))?;
            }
            None => {
                // A closed pipe comes back as an error (see `stdout`), never a panic.
                let mut out = BufWriter::new(io::stdout().lock());
                write(t.format, &input, &mut out)?;
                out.flush()?;
            }
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
    fn an_output_without_format_takes_the_format_its_extension_implies() {
        for (file, format) in [
            ("r.sarif", Format::Sarif),
            ("r.sarif.json", Format::Sarif),
            ("r.json", Format::Json),
            ("junit.xml", Format::Junit),
            ("report.HTML", Format::Html),
            ("r.txt", Format::Human),
        ] {
            assert_eq!(
                pair(&[], &[(1, p(file))]),
                Ok(vec![t(format, Some(file))]),
                "{file}"
            );
        }
    }

    #[test]
    fn color_follows_the_choice_then_force_variables_then_no_color_then_the_terminal() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        let none = env(&[]);
        assert!(use_color(ColorChoice::Auto, true, &none));
        assert!(!use_color(ColorChoice::Auto, false, &none));
        assert!(use_color(ColorChoice::Always, false, &none));
        assert!(!use_color(
            ColorChoice::Never,
            true,
            &env(&[("FORCE_COLOR", "1")])
        ));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            &env(&[("FORCE_COLOR", "1")])
        ));
        assert!(use_color(
            ColorChoice::Auto,
            false,
            &env(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            false,
            &env(&[("FORCE_COLOR", "0")])
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            true,
            &env(&[("NO_COLOR", "1")])
        ));
        assert!(use_color(
            ColorChoice::Auto,
            true,
            &env(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")])
        ));
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
