//! `cert/path-mismatch`: the evidence exports the certificate to one file and loads another for
//! upload (the real-world `SFBoauth.cer` / `SFBauth.cer` typo). The upload then uses a stale or
//! missing file, so the credential is not the certificate SfB signs with.

use crate::rules::applies::Applies;
use crate::rules::builtin::cert_common::{basename, same_file_name};
use crate::model::{Fact, Model};
use crate::ps_quote::{DOUBLE_QUOTES, SINGLE_QUOTES, comment_text, literal};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(!model.configuration.certificate_exports.is_empty(), || {
        "the evidence exports no certificate".to_string()
    })
}

pub(crate) fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    let cfg = &model.configuration;
    let Some(export) = cfg.certificate_exports.first() else {
        return Vec::new();
    };
    // A path only run time knows (`-FilePath $ExportPath`) may be the very file loaded: unknown
    // is never wrong, so an unknown export silences the rule and an unknown load is not judged.
    if cfg.certificate_exports.iter().any(|e| !e.is_known()) {
        return Vec::new();
    }
    cfg.certificate_imports
        .iter()
        .chain(&cfg.certificate_text_reads)
        .filter(|load| load.is_known())
        .filter(|load| {
            !cfg.certificate_exports
                .iter()
                .any(|e| same_file_name(&e.value, &load.value))
        })
        .map(|load| {
            Hit::new(
                format!(
                    "the certificate is exported to `{}` but `{}` is loaded for upload; expected `{}`",
                    export.value, load.value, export.value
                ),
                Some(load.location.clone()),
                Some(corrected_line(model, load, &export.value)),
            )
            .with_related(export.location.clone(), "the certificate is exported here")
        })
        .collect()
}

/// The evidence line that loads the file, with the exported path in place of the wrong one (the
/// wrong path's quoted string, or bare word, replaced by a single-quoted literal of the right
/// one); a plain `Import` when the line is not available.
fn corrected_line(model: &Model, load: &Fact, right: &str) -> String {
    let line = model
        .files
        .iter()
        .find(|f| f.path == load.location.path)
        .and_then(|f| f.lines.get(load.location.line.checked_sub(1)? as usize));
    let wrong = load.value.as_str();
    if let Some(line) = line
        && let Some(pos) = line.to_ascii_lowercase().find(&wrong.to_ascii_lowercase())
    {
        let is_quote = |c: char| SINGLE_QUOTES.contains(&c) || DOUBLE_QUOTES.contains(&c);
        let before = line[..pos].chars().next_back().filter(|c| is_quote(*c));
        let after = line[pos + wrong.len()..]
            .chars()
            .next()
            .filter(|c| is_quote(*c));
        let (start, end) = match (before, after) {
            (Some(b), Some(a)) => (pos - b.len_utf8(), pos + wrong.len() + a.len_utf8()),
            _ => (pos, pos + wrong.len()),
        };
        let mut fixed = line.to_string();
        fixed.replace_range(start..end, &literal(right));
        // A transcript line carries its prompt (`PS C:\> `); the fix is the command alone.
        let fixed = fixed.trim();
        return match fixed.strip_prefix("PS ").and_then(|r| r.split_once("> ")) {
            Some((_, command)) => command.trim().to_string(),
            None => fixed.to_string(),
        };
    }
    format!(
        "$certificate.Import({})  # was: {}",
        literal(right),
        comment_text(basename(wrong))
    )
}
