//! The human report draws most findings itself (`report::human_draw`) and leaves the rest to
//! annotate-snippets. Over the findings of every fixture folder, at several terminal widths,
//! what it draws is byte for byte what annotate-snippets draws from the same parts.

use std::path::{Path, PathBuf};

use annotate_snippets::Renderer;
use annotate_snippets::renderer::DEFAULT_TERM_WIDTH;
use hybridlint::model::{ExpectedFacts, Model};
use hybridlint::report::human_draw;
use hybridlint::report::human_shape::Shape;
use hybridlint::rules::{self, RuleSettings, Selection};
use hybridlint::run_report::Report;

/// Every folder under `fixtures/` that holds a file (each is evidence for one run).
fn evidence_folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut folders: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

/// The findings of `folder`, judged as `check` judges them, made terminal-safe as the human
/// report makes them.
fn findings(folder: &Path, all_rules: &[rules::Rule]) -> Report {
    let now = hybridlint::app::parse_now("2025-06-01").expect("date");
    let mut model = Model::new(now, ExpectedFacts::default());
    hybridlint::evidence::load(&[folder.to_path_buf()], &mut model);
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    model.recognition = hybridlint::procedure::recognise::recognise(&model, &procedures, None);
    let selection = Selection {
        not_applicable: hybridlint::procedure::rules_off(&procedures, &model.recognition),
        ..Selection::default()
    };
    let evaluation = rules::evaluate_all(all_rules, &model, &selection, &RuleSettings::default());
    hybridlint::report::terminal_text::report(&Report {
        findings: evaluation.findings,
        ..Report::default()
    })
}

#[test]
fn every_fixture_finding_is_drawn_as_annotate_snippets_draws_it() {
    let all_rules = rules::catalogue::load(&[]).expect("built-in rules");
    let descriptions: Vec<_> = all_rules.iter().map(rules::Rule::description).collect();
    let (mut drawn, mut left, mut folders) = (0, 0, 0);
    for folder in evidence_folders() {
        folders += 1;
        let report = findings(&folder, &all_rules);
        for f in &report.findings {
            let rule = descriptions.iter().find(|r| r.id == f.rule);
            for width in [None, Some(40), Some(80), Some(120), Some(250)] {
                let shape = Shape::of(f, rule, width);
                let mut out = String::new();
                if !human_draw::draw(&shape, width.unwrap_or(DEFAULT_TERM_WIDTH), &mut out) {
                    left += 1;
                    continue;
                }
                drawn += 1;
                let renderer = width.map_or(Renderer::plain(), |w| Renderer::plain().term_width(w));
                let want = renderer.render(&shape.groups());
                assert_eq!(
                    out,
                    want,
                    "{}: {} at width {width:?}",
                    folder.display(),
                    f.rule
                );
            }
        }
    }
    assert!(folders > 150, "{folders} fixture folders");
    // Nearly every finding has the common shape; the rest show the fallback is still used.
    assert!(
        drawn > 10 * left,
        "{drawn} drawn here, {left} left to annotate-snippets"
    );
    assert!(drawn > 1000, "{drawn} drawn here");
}
