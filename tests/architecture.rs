//! The layers read one way. Every `crate::` path in `src/**/*.rs` is checked against the layer
//! table below: a module may use its own layer and the layers its row lists, nothing else. A lower
//! layer naming a higher one (the model reaching into the checklist, a rule reading files through
//! the loaders, a reporter reaching into the rule engine) fails the test with the file, the line
//! and the path. A new top-level module fails it too until it is given a layer here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One layer: its modules (paths under `crate::`, the longest match wins) and the layers it may
/// use besides itself. Lowest first; the README's architecture section draws the same table.
struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    may_use: &'static [&'static str],
}

const LAYERS: &[Layer] = &[
    Layer {
        name: "foundation",
        // Shared facts (well-known ids, dates, limits, PowerShell's own variables) and small
        // helpers every layer may read; they read nothing above them.
        modules: &[
            "domain",
            "guid",
            "wellknown",
            "hostname",
            "edit_distance",
            "ps_quote",
            "relpath",
            "walk_order",
            "steps",
            "stdout",
            "secrets",
            "recording",
            "threads",
            // Hexadecimal text of digests (thumbprints, fingerprints).
            "digest_text",
            // The built-in rule and procedure files, read from the JSON build.rs makes of them.
            "builtin_files",
            // The binary's allocator settings (`main.rs`): it reads nothing of the crate.
            "allocator",
        ],
        may_use: &[],
    },
    Layer {
        name: "model",
        modules: &["model"],
        may_use: &["foundation"],
    },
    Layer {
        name: "catalogues",
        // What a cmdlet does (cmdlets/*.toml) and the paste-ready snippets fixes print.
        modules: &["cmdlets", "command_steps", "snippets"],
        may_use: &["foundation", "model"],
    },
    Layer {
        name: "loaders",
        // Parsing never judges: evidence files and probes in, the model out.
        modules: &["evidence", "probe", "collect"],
        may_use: &["foundation", "model", "catalogues"],
    },
    Layer {
        name: "findings",
        // What rules produce, and the descriptions of the rules that produced them.
        modules: &["findings", "fingerprint", "rule_description"],
        may_use: &["foundation", "model"],
    },
    Layer {
        name: "judging",
        // Judging never reads files or the network: the model in, findings out.
        modules: &["procedure", "rules", "deployment"],
        may_use: &["foundation", "model", "catalogues", "findings"],
    },
    Layer {
        name: "interpretation",
        // The procedure's steps, the diagnosis and the fix, from the model and the findings.
        modules: &["checklist", "diagnose", "fix"],
        may_use: &["foundation", "model", "catalogues", "findings", "judging"],
    },
    Layer {
        name: "run report",
        // One run's report: findings, checklist, diagnoses, run facts, assembled above findings.
        modules: &["run_report"],
        may_use: &["foundation", "model", "findings", "interpretation"],
    },
    Layer {
        name: "reporters",
        // Reporters see the report and the rules' descriptions, never the evidence or the engine.
        modules: &["report"],
        may_use: &[
            "foundation",
            "model",
            "findings",
            "interpretation",
            "run report",
        ],
    },
    Layer {
        name: "run",
        // The command line and what drives a run (settings, ignores, baselines, the gate, several
        // outputs, deployments judged apart): the only layer that sees all the others.
        modules: &[
            "",
            "app",
            "cli",
            "clidocs",
            "config",
            "docs",
            "gate",
            "baseline",
            "suppress",
            "outputs",
            "progress",
            "run_info",
            "schema",
            "deployment::judge",
            "source_lines",
        ],
        may_use: &[
            "foundation",
            "model",
            "catalogues",
            "loaders",
            "findings",
            "judging",
            "interpretation",
            "run report",
            "reporters",
        ],
    },
];

/// Imports allowed against the table, each with its reason: (importing module, imported path
/// prefix, why). An exception no file uses any more fails the test, so the list only shrinks.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// A `crate::` path found in a file: where, and the path's module segments.
struct Import {
    file: PathBuf,
    line: usize,
    path: String,
}

#[test]
fn imports_run_one_way_along_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "found only {} files under src",
        files.len()
    );

    let mut problems = Vec::new();
    let mut used_exceptions = BTreeSet::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(from) = layer_of(&module) else {
            problems.push(format!(
                "{}: module `{module}` has no layer (add it to LAYERS in tests/architecture.rs)",
                shown(file)
            ));
            continue;
        };
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        for import in crate_paths(file, &text) {
            let Some(to) = layer_of(&import.path) else {
                problems.push(format!(
                    "{}:{}: `crate::{}` names a module with no layer",
                    shown(&import.file),
                    import.line,
                    import.path
                ));
                continue;
            };
            if to.name == from.name || from.may_use.contains(&to.name) {
                continue;
            }
            if let Some(exception) = EXCEPTIONS
                .iter()
                .find(|(m, p, _)| starts_with(&module, m) && starts_with(&import.path, p))
            {
                used_exceptions.insert(exception.0.to_string() + " -> " + exception.1);
                continue;
            }
            problems.push(format!(
                "{}:{}: `crate::{}`: {} (`{module}`) may not use {}",
                shown(&import.file),
                import.line,
                import.path,
                from.name,
                to.name
            ));
        }
    }
    for (m, p, why) in EXCEPTIONS {
        assert!(
            !why.trim().is_empty(),
            "exception {m} -> {p} needs a reason"
        );
        if !used_exceptions.contains(&format!("{m} -> {p}")) {
            problems.push(format!("exception {m} -> {p} is no longer used: remove it"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} import(s) against the layers:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_layer_table_is_well_formed() {
    let names: Vec<&str> = LAYERS.iter().map(|l| l.name).collect();
    for (i, layer) in LAYERS.iter().enumerate() {
        for used in layer.may_use {
            let at = names.iter().position(|n| n == used);
            assert!(
                at.is_some_and(|at| at < i),
                "layer {} may use `{used}`, which is not a layer below it",
                layer.name
            );
        }
    }
    let mut seen = BTreeSet::new();
    for module in LAYERS.iter().flat_map(|l| l.modules) {
        assert!(seen.insert(*module), "module `{module}` is in two layers");
    }
}

#[test]
fn the_scanner_finds_grouped_and_nested_paths_and_skips_comments() {
    let text = "//! see crate::app\nuse crate::{model::Model, rules::{Rule, Hit}};\n\
                fn f() { crate::probe::https::get(); } // crate::report\n";
    let found: Vec<(usize, String)> = crate_paths(Path::new("x.rs"), text)
        .into_iter()
        .map(|i| (i.line, i.path))
        .collect();
    assert_eq!(
        found,
        [
            (2, "model::Model".to_string()),
            (2, "rules".to_string()),
            (3, "probe::https::get".to_string()),
        ]
    );
    assert_eq!(layer_of("deployment::judge").map(|l| l.name), Some("run"));
    assert_eq!(
        layer_of("deployment::group").map(|l| l.name),
        Some("judging")
    );
    assert_eq!(layer_of("rules::Rule").map(|l| l.name), Some("judging"));
    assert!(layer_of("nowhere").is_none());
}

/// The layer of a module path (`rules::builtin::tenant`, `deployment::judge`): its longest
/// listed prefix's.
fn layer_of(path: &str) -> Option<&'static Layer> {
    LAYERS
        .iter()
        .flat_map(|l| l.modules.iter().map(move |m| (l, *m)))
        .filter(|(_, m)| starts_with(path, m))
        .max_by_key(|(_, m)| {
            if m.is_empty() {
                0
            } else {
                m.split("::").count()
            }
        })
        .map(|(l, _)| l)
}

/// Whether `path` is `prefix` or inside it, segment by segment (the empty prefix is the crate
/// root, which holds only `lib.rs` and `main.rs`).
fn starts_with(path: &str, prefix: &str) -> bool {
    if prefix.is_empty() {
        return path.is_empty();
    }
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// `src/rules/builtin/tenant/spn_missing.rs` → `rules::builtin::tenant::spn_missing`;
/// `mod.rs` is its folder; `lib.rs` and `main.rs` are the crate root (``).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_string());
        }
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn shown(file: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}

/// Every `crate::` path in `text` outside comments, module segments only (a `{…}` group gives
/// each of its items; a nested group stops at its prefix).
fn crate_paths(file: &Path, text: &str) -> Vec<Import> {
    let code = without_comments(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let start = from + at;
        from = start + "crate::".len();
        // `pub(crate)` and `$crate` aside, `crate::` must start a path.
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            for item in top_level_items(group) {
                let path = path_prefix(item);
                if !path.is_empty() {
                    out.push(Import {
                        file: file.to_path_buf(),
                        line,
                        path,
                    });
                }
            }
        } else {
            out.push(Import {
                file: file.to_path_buf(),
                line,
                path: path_prefix(rest),
            });
        }
    }
    out
}

/// The `a::b::c` at the start of `text`, stopping before a `{` group or anything else.
fn path_prefix(text: &str) -> String {
    let text = text.trim_start();
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        segments.push(&rest[..len]);
        match rest[len..].strip_prefix("::") {
            Some(next) if !next.starts_with('{') => rest = next,
            _ => break,
        }
    }
    segments.join("::")
}

/// The items of a `{…}` group (the text after its `{`), split at its top-level commas.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The text with `//` comments blanked (line numbers kept). A `//` inside a string literal
/// (`"https://…"`) is kept: quotes are tracked, escapes included.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else if b == b'"' {
                in_string = true;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                cut = i;
                break;
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}
