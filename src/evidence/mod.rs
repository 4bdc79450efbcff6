//! Evidence loaders: read the files a user gives, recognise each by content, and build the one
//! normalised model that rules read. Parsing never judges: problems reading a file are recorded
//! as facts (`Model::problems`) for the `input/unreadable` rule to report.

pub mod byte_array;
pub mod certificate;
pub mod clixml;
pub mod discover;
pub mod exported;
pub mod file_bytes;
pub mod foreign;
pub mod identify;
pub mod judged_lines;
pub mod key_certificate;
pub mod metadata;
pub mod normalize;
pub mod nothing_read;
pub mod parallel;
pub mod powershell;
pub mod printed;
pub mod recording;
pub mod reread;
pub mod resolve;
pub mod script;
pub mod secrets;
pub mod split;
pub mod suppression;
pub mod text;
pub mod transcript;
pub mod wildcards;
pub mod zip_bundle;

use std::path::PathBuf;

use crate::model::{EvidenceKind, InputProblem, Location, Model, Secret, SourceFile, SourceText};

/// Files larger than this are not read: no real evidence comes close, and reading an arbitrary
/// file whole would let one stray disk image exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads every file under `paths` into `model`, then derives the normalised configuration.
pub fn load(paths: &[PathBuf], model: &mut Model) {
    load_with_progress(paths, &[], model, &mut |_, _, _| {});
}

/// `load`, leaving out the run's own files (`own`: baseline, reports) found in folders, and
/// calling `progress(index, total, path)` for each file in discovery order as it joins the model.
/// Files are read on several threads (see `parallel`); the model is the same as one thread makes.
pub fn load_with_progress(
    paths: &[PathBuf],
    own: &[PathBuf],
    model: &mut Model,
    progress: &mut dyn FnMut(usize, usize, &str),
) {
    load_with_stdin(paths, own, None, parallel::Lines::Keep, model, progress);
}

/// `load_with_progress`, where the path `-` reads standard input, shown as `stdin_name`
/// (`--stdin-filename`; its extension helps recognise the content, as a file's would), and
/// `lines` says which lines of each file the model keeps.
pub fn load_with_stdin(
    paths: &[PathBuf],
    own: &[PathBuf],
    stdin_name: Option<&str>,
    lines: parallel::Lines<'_>,
    model: &mut Model,
    progress: &mut dyn FnMut(usize, usize, &str),
) {
    read_and_normalize(paths, own, stdin_name, lines, model, progress);
}

/// `load`, without keeping any file's lines: for `hybridlint model`, which prints the facts and
/// no source lines, so the text of a large evidence folder is not held to the end.
pub fn load_facts(paths: &[PathBuf], model: &mut Model) {
    read_and_normalize(
        paths,
        &[],
        None,
        parallel::Lines::Drop,
        model,
        &mut |_, _, _| {},
    );
}

fn read_and_normalize(
    paths: &[PathBuf],
    own: &[PathBuf],
    stdin_name: Option<&str>,
    lines: parallel::Lines<'_>,
    model: &mut Model,
    progress: &mut dyn FnMut(usize, usize, &str),
) {
    load_walked(
        discover::walk(paths, stdin_name),
        own,
        lines,
        model,
        progress,
    );
}

/// `load_with_stdin` for PATHs already walked (`discover::walk`): the run walks them once, to
/// name the config files inside them before it reads the evidence.
pub fn load_walked(
    walk: discover::Walk,
    own: &[PathBuf],
    lines: parallel::Lines<'_>,
    model: &mut Model,
    progress: &mut dyn FnMut(usize, usize, &str),
) {
    let walk = walk.without(own);
    for p in walk.problems {
        model.problems.push(InputProblem {
            detail: p.detail,
            location: Location::file(p.display),
        });
    }
    parallel::load_all(&walk.files, model, lines, progress);
    normalize::normalize(model);
}

/// `load`, keeping only the files (or bundles) whose shown path `keep` accepts: one deployment's
/// evidence out of a folder holding several (`deployment::judge`).
pub fn load_only(
    paths: &[PathBuf],
    own: &[PathBuf],
    keep: &dyn Fn(&str) -> bool,
    model: &mut Model,
) {
    let (found, _) = discover::discover_with(paths, own, None);
    let found: Vec<_> = found.into_iter().filter(|f| keep(&f.display)).collect();
    parallel::load_all(&found, model, parallel::Lines::Keep, &mut |_, _, _| {});
    normalize::normalize(model);
}

/// Reads one file into `model`, appending it as `model.files[model.files.len()]`. Runs use a fresh
/// model per file (`parallel::load_one`) and merge it; appending to a shared model directly is
/// what one thread did before, kept public so tests can compare the two.
pub fn load_file(path: &std::path::Path, display: &str, model: &mut Model) {
    load_file_measured(path, display, model);
}

/// `load_file`, returning the file's metadata as it was opened, before it was read (see
/// `file_bytes::Measured`), when it could be read.
pub fn load_file_measured(
    path: &std::path::Path,
    display: &str,
    model: &mut Model,
) -> Option<std::fs::Metadata> {
    match file_bytes::read_measured(path) {
        Ok(read) if zip_bundle::is_bundle(display, &read.bytes) => {
            zip_bundle::load(read.bytes, display, model);
            read.metadata
        }
        Ok(read) => {
            load_bytes(read.bytes, display, model);
            read.metadata
        }
        Err(detail) => {
            model.problems.push(InputProblem {
                detail,
                location: Location::file(display),
            });
            model.files.push(unreadable(display));
            None
        }
    }
}

fn unreadable(display: &str) -> SourceFile {
    SourceFile {
        path: display.to_string(),
        kind: EvidenceKind::Unreadable,
        encoding: None,
        bom: false,
        lines: Default::default(),
        suppressions: Vec::new(),
    }
}

/// Reads one file's bytes into `model` (appended, as `load_file` does): recognised by content,
/// decoded, and handed to its loader. The entry point for fuzzing, too.
pub fn load_bytes(bytes: Vec<u8>, display: &str, model: &mut Model) {
    let file = model.files.len();
    let mut source = unreadable(display);
    if bytes.is_empty() && claims_text_evidence(display) {
        model.problems.push(InputProblem {
            detail: "the file is empty".to_string(),
            location: Location::file(display),
        });
        model.files.push(source);
        return;
    }
    model.files.push(source.clone());
    if let Some(kind) = certificate::load(&bytes, display, file, model) {
        model.files[file].kind = kind;
        return;
    }
    let Some(decoded) = text::decode(bytes) else {
        source.kind = if claims_text_evidence(display) {
            EvidenceKind::Unreadable
        } else {
            EvidenceKind::Other
        };
        if source.kind == EvidenceKind::Unreadable {
            model.problems.push(InputProblem {
                detail: "binary content in a file named like a transcript or script; it cannot be decoded as text".to_string(),
                location: Location::file(display),
            });
        }
        model.files[file] = source;
        return;
    };
    source.encoding = Some(decoded.encoding.to_string());
    source.bom = decoded.bom;
    // The decoded text becomes the file's `SourceText` in place; loaders borrow its lines.
    let mut text = SourceText::from_text(decoded.text);
    let mut lines = text.lines();
    // Secrets are blanked before any loader reads the text, so the model never holds them.
    let spans = secrets::scan(&lines);
    if !spans.is_empty() {
        let blanked = secrets::blanked_lines(&lines, &spans);
        text = text.with_replaced(&blanked);
        lines = text.lines();
    }
    if decoded.had_errors && claims_text_evidence(display) {
        model.problems.push(InputProblem {
            detail: format!(
                "invalid {} sequences were replaced while decoding; some text may be lost",
                decoded.encoding
            ),
            location: Location::file(display),
        });
    }
    // A Markdown file is read for its PowerShell blocks only; a file in another language not at
    // all, whatever cmdlets it mentions (`foreign`).
    let markdown = foreign::is_markdown(display);
    let markdown_script = if markdown {
        foreign::powershell_blocks(&lines)
    } else {
        None
    };
    source.kind = if markdown {
        if markdown_script.is_some() {
            EvidenceKind::Script
        } else {
            EvidenceKind::Other
        }
    } else if foreign::is_foreign_source(display, lines.first().copied()) {
        EvidenceKind::Other
    } else if clixml::looks_like_clixml(&lines) {
        EvidenceKind::Clixml
    } else if recording::looks_like_recording(&lines) {
        EvidenceKind::Recording
    } else if transcript::looks_like_transcript(&lines) {
        EvidenceKind::Transcript
    } else if script::looks_like_script(display, &lines) {
        EvidenceKind::Script
    } else if exported::manifest::looks_like_manifest(&lines) {
        EvidenceKind::BundleManifest
    } else if exported::looks_like_json(&lines) {
        EvidenceKind::JsonExport
    } else if exported::looks_like_csv(&lines) {
        EvidenceKind::CsvExport
    } else if printed::looks_like_printed(&lines) {
        EvidenceKind::PrintedOutput
    } else {
        EvidenceKind::Other
    };
    let kind = source.kind;
    if records_secrets(kind) {
        model.secrets.extend(spans.iter().map(|s| Secret {
            kind: s.kind,
            location: Location::new(
                display,
                s.line as u32 + 1,
                s.column as u32 + 1,
                s.len as u32,
            ),
            file,
        }));
    }
    model.files[file] = source;
    // Loaders borrow the lines while they take the model mutably; the model keeps the text
    // (`SourceText`) once the file is read.
    match kind {
        EvidenceKind::Transcript => transcript::load(&lines, display, file, model),
        EvidenceKind::Script => match &markdown_script {
            Some(code) => {
                let code: Vec<&str> = code.iter().map(AsRef::as_ref).collect();
                script::load_runbook(&code, display, file, model)
            }
            None => script::load(&lines, display, file, model),
        },
        EvidenceKind::Recording => recording::load(&lines, display, model),
        EvidenceKind::PrintedOutput => printed::load(&lines, display, file, model),
        EvidenceKind::Clixml => clixml::load(&lines, display, file, model),
        EvidenceKind::CsvExport => exported::load_csv(&lines, display, file, model),
        EvidenceKind::JsonExport => exported::load_json(&lines, display, file, model),
        EvidenceKind::BundleManifest => exported::manifest::load(&lines, display, model),
        _ => {}
    }
    drop(markdown_script);
    drop(lines);
    model.files[file].lines = text.into();
}

/// Extensions that promise text evidence: a binary file with one of these is a problem to report.
fn claims_text_evidence(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".ps1", ".psm1", ".txt", ".log", ".transcript"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The kinds of evidence whose blanked secrets the model records (`load_bytes`); only their text
/// can be read again after judging and blanked the same way (`parallel`).
pub(crate) fn records_secrets(kind: EvidenceKind) -> bool {
    matches!(
        kind,
        EvidenceKind::Transcript
            | EvidenceKind::Script
            | EvidenceKind::Recording
            | EvidenceKind::PrintedOutput
            | EvidenceKind::Clixml
            | EvidenceKind::CsvExport
            | EvidenceKind::JsonExport
    )
}
