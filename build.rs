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
    let mut code = String::from("&[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let id = file
            .strip_prefix(&rules)
            .expect("found under rules/")
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({id:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    std::fs::write(out, code).expect("write builtin_rules.rs");

    let mut code = String::from("&[\n");
    for file in &symptoms {
        let id = file
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .to_string();
        writeln!(
            code,
            "    ({id:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_symptoms.rs");
    std::fs::write(out, code).expect("write builtin_symptoms.rs");

    // `procedures/<id>.toml`: one file per integration (see `src/procedure`).
    let procedures = root.join("procedures");
    println!("cargo:rerun-if-changed=procedures");
    let mut files = Vec::new();
    collect(&procedures, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let id = file
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .to_string();
        writeln!(
            code,
            "    ({id:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_procedures.rs");
    std::fs::write(out, code).expect("write builtin_procedures.rs");
}
