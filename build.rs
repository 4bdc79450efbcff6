//! Embeds the built-in rule catalogue (`rules/<area>/<name>.toml`), the symptoms and the
//! procedures (`procedures/<id>.toml`) into the binary, so a released hybridlint is self-contained.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// Writes `OUT_DIR/<name>`: a Rust slice of `(id, include_str!(path))`, one per file, and asks
/// cargo to build again when any of them changes.
fn write_table(name: &str, entries: &[(String, &Path)]) {
    let mut code = String::from("&[\n");
    for (id, file) in entries {
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            code,
            "    ({id:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(out, code).unwrap_or_else(|e| panic!("write {name}: {e}"));
}

/// Writes `OUT_DIR/<name>`: a Rust slice of `(id, json)`, each rule or procedure file turned into
/// JSON here, once, because the run reads JSON several times faster than TOML, and every run
/// reads every built-in rule and procedure before it reads any evidence (`src/builtin_files.rs`).
/// A file that does not parse gets `""`: the run then parses its TOML, which says what is wrong.
fn write_json_table(name: &str, entries: &[(String, &Path)]) {
    let mut code = String::from("&[\n");
    for (id, file) in entries {
        let json = std::fs::read_to_string(file)
            .ok()
            .and_then(|text| toml::from_str::<toml::Value>(&text).ok())
            .and_then(|value| serde_json::to_string(&value).ok())
            .unwrap_or_default();
        writeln!(code, "    ({id:?}, {json:?}),").expect("write to String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(out, code).unwrap_or_else(|e| panic!("write {name}: {e}"));
}

/// A file's name without its extension: the id of a symptom or a procedure.
fn stem(file: &Path) -> String {
    file.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .to_string()
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut all = Vec::new();
    collect(&rules, &mut all);
    all.sort();
    // `rules/symptoms/` holds the symptom catalogue, not rules.
    let symptoms_dir = rules.join("symptoms");
    let (symptoms, files): (Vec<PathBuf>, Vec<PathBuf>) =
        all.into_iter().partition(|f| f.starts_with(&symptoms_dir));
    // A rule's id is its path under `rules/`, without `.toml`, with `/` between parts.
    let rule_entries: Vec<(String, &Path)> = files
        .iter()
        .map(|file| {
            let id = file
                .strip_prefix(&rules)
                .expect("found under rules/")
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            (id, file.as_path())
        })
        .collect();
    write_table("builtin_rules.rs", &rule_entries);
    write_json_table("builtin_rules_json.rs", &rule_entries);
    let symptom_entries: Vec<(String, &Path)> =
        symptoms.iter().map(|f| (stem(f), f.as_path())).collect();
    write_table("builtin_symptoms.rs", &symptom_entries);

    // `procedures/<id>.toml`: one file per integration (see `src/procedure`).
    let procedures = root.join("procedures");
    println!("cargo:rerun-if-changed=procedures");
    let mut files = Vec::new();
    collect(&procedures, &mut files);
    files.sort();
    let procedure_entries: Vec<(String, &Path)> =
        files.iter().map(|f| (stem(f), f.as_path())).collect();
    write_table("builtin_procedures.rs", &procedure_entries);
    write_json_table("builtin_procedures_json.rs", &procedure_entries);
}
