//! What the fuzz targets share: a fresh model, fuzz bytes as evidence lines (decoded and with
//! secrets blanked, as the real loader does), and a pass of the normaliser and every built-in rule
//! over what was read, so a panic anywhere downstream of a loader is found too.

use std::sync::OnceLock;

use hybridlint::evidence::{normalize, secrets, text};
use hybridlint::model::{EvidenceKind, Model, SourceFile, SourceText};
use hybridlint::rules::{self, Rule, RuleSettings, Selection, catalogue};

pub fn model() -> Model {
    let now = time::OffsetDateTime::from_unix_timestamp(1_748_736_000).expect("a valid instant");
    Model::new(now, Default::default())
}

/// The bytes as the text loaders see them: decoded (any encoding), split into lines, secrets
/// blanked; loaders read its `lines()`.
pub fn source_text(data: &[u8]) -> SourceText {
    let decoded = match text::decode(data.to_vec()) {
        Some(d) => d.text,
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let source = SourceText::from_text(decoded);
    let spans = secrets::scan(&source.lines());
    let blanked = secrets::blanked_lines(&source.lines(), &spans);
    source.with_replaced(&blanked)
}

pub fn source(path: &str, lines: SourceText) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        kind: EvidenceKind::Other,
        encoding: Some("UTF-8".to_string()),
        bom: false,
        lines: lines.into(),
        suppressions: Vec::new(),
    }
}

fn catalogue() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| catalogue::load(&[]).expect("the built-in catalogue loads"))
}

/// Normalises the model and runs every rule over it.
pub fn judge(mut model: Model) {
    normalize::normalize(&mut model);
    let _ = rules::evaluate(
        catalogue(),
        &model,
        &Selection::default(),
        &RuleSettings::default(),
    );
}
