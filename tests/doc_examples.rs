//! Dogfood: every fenced PowerShell example the project shows its users (README.md, docs/, and each
//! rule's explanation, which `explain` prints and docs/rules renders) is linted as a script. An
//! example is clean (no error or warning) unless its first line says it shows a mistake on
//! purpose, `# Wrong (<rule id>): …`; then that rule, and only that rule, reports it.

mod common;

use std::path::{Path, PathBuf};

/// Examples are judged as of this day, like the rule fixtures.
const NOW: &str = "2025-06-01";

struct Example {
    /// Where it comes from: `README.md:540` or `rules/tenant/spn-missing.toml`.
    origin: String,
    code: String,
    /// The rule a `# Wrong (<rule id>)` example must trigger.
    wrong: Option<String>,
}

/// The fenced `powershell`/`ps1`/`pwsh` blocks of a Markdown text, with the line each starts on.
fn fenced_powershell(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match current.as_mut() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let lang = info.trim().to_ascii_lowercase();
                    let indent = line[..line.len() - trimmed.len()].to_string();
                    // Another language's block is skipped to its end (start 0).
                    let start = if ["powershell", "ps1", "pwsh"].contains(&lang.as_str()) {
                        i + 2
                    } else {
                        0
                    };
                    current = Some((start, indent, String::new()));
                }
            }
            Some((start, indent, code)) => {
                if trimmed.starts_with("```") {
                    if *start > 0 {
                        blocks.push((*start, std::mem::take(code)));
                    }
                    current = None;
                } else if *start > 0 {
                    code.push_str(line.strip_prefix(indent.as_str()).unwrap_or(line));
                    code.push('\n');
                }
            }
        }
    }
    blocks
}

fn wrong_marker(code: &str) -> Option<String> {
    let first = code.lines().next()?.trim();
    let rest = first.strip_prefix("# Wrong (")?;
    Some(rest.split(')').next()?.trim().to_string())
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            // docs/rules is rendered from the rule files, whose explanations are read below.
            if !p.ends_with("docs/rules") {
                markdown_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("rules/").flatten() {
        let p = e.path();
        if p.is_dir() {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

fn examples() -> Vec<Example> {
    let root = common::root();
    let mut out = Vec::new();
    let mut add = |origin: String, start: usize, code: String| {
        out.push(Example {
            origin: if start > 0 {
                format!("{origin}:{start}")
            } else {
                origin
            },
            wrong: wrong_marker(&code),
            code,
        })
    };
    let mut docs = vec![root.join("README.md")];
    markdown_files(&root.join("docs"), &mut docs);
    for path in docs {
        let text = std::fs::read_to_string(&path).expect("markdown file");
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (start, code) in fenced_powershell(&text) {
            add(rel.clone(), start, code);
        }
    }
    let mut rules = Vec::new();
    rule_files(&root.join("rules"), &mut rules);
    rules.sort();
    for path in rules {
        let text = std::fs::read_to_string(&path).expect("rule file");
        let table: toml::Table = toml::from_str(&text).expect("rule TOML");
        let explanation = table
            .get("explanation")
            .and_then(|e| e.as_str())
            .unwrap_or_default();
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (_, code) in fenced_powershell(explanation) {
            add(rel.clone(), 0, code);
        }
    }
    out
}

/// Errors and warnings for one example, linted alone as a script.
fn errors_and_warnings(code: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Example.ps1"), code).expect("write example");
    let (_, report) = common::check_json(dir.path(), &["--now", NOW, "--fail-on", "never"]);
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error" || f["severity"] == "warning")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_powershell_example_is_clean_unless_it_shows_a_mistake() {
    let examples = examples();
    // The test would pass vacuously on an extraction bug: the project shows at least this many.
    assert!(
        examples.len() >= 12,
        "only {} examples found",
        examples.len()
    );
    assert!(examples.iter().any(|e| e.wrong.is_some()));
    let mut failures = Vec::new();
    for e in &examples {
        let found = errors_and_warnings(&e.code);
        match &e.wrong {
            None => {
                for (rule, message) in &found {
                    failures.push(format!(
                        "{}: clean example gives {rule}: {message}",
                        e.origin
                    ));
                }
            }
            Some(want) => {
                if !found.iter().any(|(rule, _)| rule == want) {
                    failures.push(format!(
                        "{}: `# Wrong ({want})` example gives no {want}",
                        e.origin
                    ));
                }
                for (rule, message) in found.iter().filter(|(rule, _)| rule != want) {
                    failures.push(format!(
                        "{}: `# Wrong ({want})` example also gives {rule}: {message}",
                        e.origin
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_extractor_reads_fenced_blocks_and_the_wrong_marker() {
    let md = "text\n```powershell\n# Wrong (tenant/spn-list-overwritten): replaces\nSet-X\n```\n```sh\necho no\n```\n  ```ps1\n  Get-Y\n  ```\n";
    let blocks = fenced_powershell(md);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].0, 3);
    assert_eq!(
        wrong_marker(&blocks[0].1).as_deref(),
        Some("tenant/spn-list-overwritten")
    );
    assert_eq!(blocks[1].1, "Get-Y\n");
    assert_eq!(wrong_marker(&blocks[1].1), None);
}
