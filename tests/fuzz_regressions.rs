//! Replays fuzz inputs as ordinary tests: every crash the fuzzers found (kept under
//! `tests/fuzz-regressions/<target>/`, each fixed) and every input of the committed, minimised
//! corpora (`fuzz/corpus/<target>/`), through the same code the fuzz targets run
//! (`fuzz/fuzz_targets/*.rs`): the loader, then the normaliser and every built-in rule. None may
//! panic.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hybridlint::evidence::{self, normalize, secrets, text};
use hybridlint::model::{EvidenceKind, Model, SourceFile, SourceText};
use hybridlint::rules::{self, Rule, RuleSettings, Selection, catalogue};

fn model() -> Model {
    let now = time::OffsetDateTime::from_unix_timestamp(1_748_736_000).expect("a valid instant");
    Model::new(now, Default::default())
}

/// The bytes as the loaders see them: decoded, split into lines, secrets blanked.
fn source_text(data: &[u8]) -> SourceText {
    let decoded = match text::decode(data.to_vec()) {
        Some(d) => d.text,
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let text = SourceText::from_text(decoded);
    let spans = secrets::scan(&text.lines());
    let blanked = secrets::blanked_lines(&text.lines(), &spans);
    text.with_replaced(&blanked)
}

fn with_source(path: &str, lines: &SourceText) -> Model {
    let mut m = model();
    m.files.push(SourceFile {
        path: path.to_string(),
        kind: EvidenceKind::Other,
        encoding: Some("UTF-8".to_string()),
        bom: false,
        lines: lines.clone().into(),
        suppressions: Vec::new(),
    });
    m
}

fn judge(mut model: Model) {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    let rules = RULES.get_or_init(|| catalogue::load(&[]).expect("catalogue"));
    normalize::normalize(&mut model);
    let _ = rules::evaluate(
        rules,
        &model,
        &Selection::default(),
        &RuleSettings::default(),
    );
}

/// The fuzz target `target` on `data`.
fn run(target: &str, data: &[u8]) {
    match target {
        "certificate" => {
            let mut m = model();
            evidence::certificate::load(data, "fuzz.cer", 0, &mut m);
            evidence::load_bytes(data.to_vec(), "fuzz.bin", &mut m);
            judge(m);
        }
        "transcript" => {
            let t = source_text(data);
            let l = t.lines();
            let mut m = with_source("fuzz.txt", &t);
            evidence::transcript::load(&l, "fuzz.txt", 0, &mut m);
            judge(m);
        }
        "script" => {
            let t = source_text(data);
            let l = t.lines();
            let mut m = with_source("fuzz.ps1", &t);
            evidence::script::load(&l, "fuzz.ps1", 0, &mut m);
            judge(m);
        }
        "metadata" => {
            let _ = evidence::metadata::parse(&String::from_utf8_lossy(data));
        }
        "recording" => {
            let t = source_text(data);
            let l = t.lines();
            let mut m = with_source("fuzz.json", &t);
            evidence::recording::load(&l, "fuzz.json", &mut m);
            judge(m);
        }
        "clixml" => {
            let t = source_text(data);
            let l = t.lines();
            let mut m = with_source("fuzz.xml", &t);
            evidence::clixml::load(&l, "fuzz.xml", 0, &mut m);
            judge(m);
        }
        "printed" => {
            let t = source_text(data);
            let l = t.lines();
            let _ = evidence::printed::looks_like_printed(&l);
            let mut m = with_source("fuzz.txt", &t);
            evidence::printed::load(&l, "fuzz.txt", 0, &mut m);
            judge(m);
        }
        "zip_bundle" => {
            let mut m = model();
            evidence::zip_bundle::load(data.to_vec(), "fuzz.zip", &mut m);
            judge(m);
        }
        "csv_export" => {
            let t = source_text(data);
            let l = t.lines();
            let _ = evidence::exported::looks_like_csv(&l);
            let mut m = with_source("fuzz.csv", &t);
            evidence::exported::load_csv(&l, "fuzz.csv", 0, &mut m);
            judge(m);
        }
        "json_export" => {
            let t = source_text(data);
            let l = t.lines();
            let _ = evidence::exported::looks_like_json(&l);
            let mut m = with_source("fuzz.json", &t);
            evidence::exported::load_json(&l, "fuzz.json", 0, &mut m);
            judge(m);
        }
        other => panic!("unknown fuzz target `{other}`"),
    }
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

const TARGETS: &[&str] = &[
    "certificate",
    "transcript",
    "script",
    "metadata",
    "recording",
    "clixml",
    "printed",
    "zip_bundle",
    "csv_export",
    "json_export",
];

#[test]
fn every_crash_the_fuzzers_found_is_fixed() {
    for target in TARGETS {
        for input in inputs(&common::root().join("tests/fuzz-regressions").join(target)) {
            let data = std::fs::read(&input).expect("read input");
            run(target, &data);
        }
    }
}

#[test]
fn every_input_of_the_committed_corpora_still_loads() {
    let mut total = 0;
    for target in TARGETS {
        let found = inputs(&common::root().join("fuzz/corpus").join(target));
        assert!(!found.is_empty(), "fuzz/corpus/{target} is empty");
        for input in found {
            let data = std::fs::read(&input).expect("read input");
            run(target, &data);
            total += 1;
        }
    }
    assert!(total > 0);
}
