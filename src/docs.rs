//! Rule documentation rendered from the rule files: what `hybridlint explain` prints, and the
//! Markdown tree `hybridlint docs` writes (`docs/rules/<area>/<name>.md` and an index).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::DocsArgs;
use crate::rules::{Rule, catalogue};

pub fn rule_markdown(rule: &Rule) -> String {
    let f = &rule.file;
    let mut s = String::new();
    let _ = writeln!(s, "# {} ({})\n", rule.id, f.name);
    let _ = writeln!(s, "Default severity: {}\n", f.severity);
    if let Some(e) = &f.effective {
        let _ = writeln!(s, "{}\n", effective_text(e));
    }
    let _ = writeln!(s, "{}\n", f.summary.trim());
    let _ = writeln!(s, "## Why it matters\n\n{}\n", f.explanation.trim());
    let _ = writeln!(s, "## How to fix it\n\n{}\n", f.fix.trim());
    let options: Vec<_> = f
        .check
        .iter()
        .filter_map(|c| match c {
            crate::rules::data_check::CheckSpec::Builtin { name, .. } => {
                crate::rules::builtin::options_spec(name)
            }
            _ => None,
        })
        .flat_map(|spec| spec.keys)
        .collect();
    if !options.is_empty() {
        let _ = writeln!(
            s,
            "## Options\n\nSet in `hybridlint.toml` under `[rule-options.\"{}\"]`; a key not listed here is an error.\n",
            rule.id
        );
        for o in options {
            let _ = writeln!(s, "- `{}`: {}", o.key, o.doc);
        }
        s.push('\n');
    }
    if !f.outranks.is_empty() {
        let _ = writeln!(s, "## Findings it makes moot\n");
        let _ = writeln!(
            s,
            "When it reports an error, these rules' findings on the same line are left out (its fix replaces the command they judge):\n"
        );
        for other in &f.outranks {
            let _ = writeln!(s, "- `{other}`");
        }
        s.push('\n');
    }
    if !f.symptoms.is_empty() {
        let _ = writeln!(s, "## Symptoms it can explain\n");
        for sym in &f.symptoms {
            let _ = writeln!(s, "- {sym}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## References\n");
    for r in &f.references {
        let _ = writeln!(s, "- {r}");
    }
    s
}

/// A rule's effective dates in words (judged at `--now`).
fn effective_text(e: &catalogue::Effective) -> String {
    let mut s = String::from("In force");
    if let Some(from) = &e.from {
        let _ = write!(s, " from {from}");
    }
    if let Some(until) = &e.until {
        let _ = write!(s, " until {until} (exclusive)");
    }
    s.push_str(", judged at `--now`");
    match (&e.from, e.severity_before) {
        (Some(from), Some(before)) => {
            let _ = write!(s, "; before {from} it reports at {before}");
        }
        (Some(_), None) => s.push_str("; silent before then"),
        _ => {}
    }
    let _ = write!(s, ". Source: {}", e.source.trim());
    s
}

/// The index file of the tree.
pub const INDEX: &str = "README.md";

/// Every page of the tree, by path relative to its folder: one per rule, and the index.
pub fn pages(rules: &[Rule]) -> BTreeMap<PathBuf, String> {
    let mut pages: BTreeMap<PathBuf, String> = rules
        .iter()
        .map(|r| (PathBuf::from(format!("{}.md", r.id)), rule_markdown(r)))
        .collect();
    pages.insert(PathBuf::from(INDEX), index(rules));
    pages
}

/// The index: every rule by area, with its severity and summary.
pub fn index(rules: &[Rule]) -> String {
    let mut s = String::from("# hybridlint rules\n\n");
    s.push_str(
        "Generated from `rules/` by `hybridlint docs docs/rules` (`cargo run -q -- docs docs/rules`\n\
         in a clone); edit the rule files, not these pages. `tests/docs_drift.rs` fails when they\n\
         differ. `hybridlint explain <rule>` prints the same text.\n",
    );
    let mut area = "";
    for r in rules {
        if r.area() != area {
            area = r.area();
            let _ = write!(
                s,
                "\n## {area}\n\n| rule | default severity | summary |\n| --- | --- | --- |\n"
            );
        }
        let _ = writeln!(
            s,
            "| [{id}]({id}.md) | {} | {} |",
            r.file.severity,
            r.file.summary.trim().replace('|', "\\|"),
            id = r.id
        );
    }
    s
}

/// What differs between `pages` and the Markdown files under `dir`: missing, stale and extra
/// files, as paths relative to `dir`.
pub fn drift(dir: &Path, pages: &BTreeMap<PathBuf, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in pages {
        match std::fs::read_to_string(dir.join(rel)) {
            Ok(existing) if existing == *text => {}
            Ok(_) => out.push(format!("stale: {}", rel.display())),
            Err(_) => out.push(format!("missing: {}", rel.display())),
        }
    }
    for rel in markdown_files(dir) {
        if !pages.contains_key(&rel) {
            out.push(format!("extra: {}", rel.display()));
        }
    }
    out
}

/// The Markdown files under `dir`, relative to it.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(Path::to_path_buf))
        .collect()
}

/// `hybridlint docs`: writes the tree (removing pages of rules that no longer exist), or with
/// `--check` reports drift and exits 1.
pub fn sync(args: &DocsArgs) -> Result<u8> {
    let rules = catalogue::load(&args.rules).map_err(|e| crate::app::UsageError(e.to_string()))?;
    let pages = pages(&rules);
    let drift = drift(&args.dir, &pages);
    if args.check {
        if drift.is_empty() {
            crate::stdout::print(&format!(
                "{} is up to date ({} pages)\n",
                args.dir.display(),
                pages.len()
            ))?;
            return Ok(0);
        }
        let mut text = format!(
            "{} differs from the rule files; run `hybridlint docs {}`:\n",
            args.dir.display(),
            args.dir.display()
        );
        for d in &drift {
            text.push_str(&format!("  {d}\n"));
        }
        crate::stdout::print(&text)?;
        return Ok(1);
    }
    for (rel, text) in &pages {
        let path = args.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for rel in markdown_files(&args.dir) {
        if !pages.contains_key(&rel) {
            let path = args.dir.join(&rel);
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    crate::stdout::print(&format!(
        "wrote {} pages to {}\n",
        pages.len(),
        args.dir.display()
    ))?;
    Ok(0)
}
