//! Evidence read on several threads gives the model one thread gives, byte for byte (the order of
//! files, commands, errors and every index between them), and the progress callback still sees
//! each file once, in discovery order.

mod common;

use std::path::PathBuf;

use hybridlint::evidence;
use hybridlint::model::Model;

fn load(threads: usize, paths: &[PathBuf]) -> (String, Vec<(usize, usize, String)>) {
    hybridlint::threads::set_threads(threads);
    let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
    let mut calls = Vec::new();
    evidence::load_with_progress(paths, &[], &mut model, &mut |i, n, p| {
        calls.push((i, n, p.to_string()))
    });
    hybridlint::threads::set_threads(0);
    (
        serde_json::to_string(&model).expect("model serialises"),
        calls,
    )
}

/// The model as files were read before there were threads: each appended to one shared model.
fn load_in_place(paths: &[PathBuf]) -> String {
    let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
    let (found, _) = evidence::discover::discover(paths);
    for f in &found {
        evidence::load_file(&f.path, &f.display, &mut model);
    }
    evidence::normalize::normalize(&mut model);
    serde_json::to_string(&model).expect("model serialises")
}

#[test]
fn threads_change_nothing_in_the_model_or_the_progress() {
    // Every fixture: certificates, transcripts, scripts, recordings, broken files.
    let paths = vec![common::root().join("fixtures")];
    let (one, one_calls) = load(1, &paths);
    assert!(one_calls.len() > 100, "only {} files", one_calls.len());
    for threads in [2, 3, 8] {
        let (many, calls) = load(threads, &paths);
        assert_eq!(calls, one_calls, "progress with {threads} threads");
        assert!(one == many, "the model read with {threads} threads differs");
    }
    assert!(
        one == load_in_place(&paths),
        "merging per-file models differs from reading into one model"
    );
    let total = one_calls.len();
    for (k, (i, n, _)) in one_calls.iter().enumerate() {
        assert_eq!((*i, *n), (k, total));
    }
}

/// The whole report, not only the model: every fixture in one run (so several deployments are
/// judged apart, and recognition, rules, checklists and reports run on the threads too) prints
/// the same bytes on 1, 2 and 3 threads.
#[test]
fn threads_change_nothing_in_the_report() {
    let fixtures = common::root().join("fixtures");
    let fixtures = fixtures.to_string_lossy();
    let report = |threads: &str| {
        let (code, out, _) = common::run(&[
            "check",
            &fixtures,
            "--now",
            "2025-06-01",
            "--fail-on",
            "never",
            "--format",
            "json",
            "--threads",
            threads,
        ]);
        assert_eq!(code, 0, "{threads} threads");
        out
    };
    let one = report("1");
    assert!(
        one.contains("\"deployments\""),
        "several deployments expected"
    );
    for threads in ["2", "3"] {
        assert!(
            one == report(threads),
            "the report on {threads} threads differs"
        );
    }
}
