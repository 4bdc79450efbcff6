//! An evidence bundle handed over as a `.zip` (what the collector's `Compress-Archive` writes, or
//! a folder zipped by hand): each file inside is read as if it had been given on its own, shown as
//! `bundle.zip/inner/path`. Bounded: entries, bytes per entry and bytes in all are capped (a zip
//! bomb stops at the cap), nested archives are not opened, encrypted entries are reported.

use std::io::{Cursor, Read as _};

use super::{MAX_FILE_BYTES, load_bytes};
use crate::model::{EvidenceKind, InputProblem, Location, Model, SourceFile};

/// Most entries read from one archive.
const MAX_ENTRIES: usize = 10_000;
/// Most uncompressed bytes read from one archive, all entries together.
const MAX_TOTAL_BYTES: u64 = 4 * MAX_FILE_BYTES;

/// A zip archive named as one (`.zip`): other zip-based files (`.docx`, `.xlsx`) are not bundles.
pub fn is_bundle(display: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && display.to_ascii_lowercase().ends_with(".zip")
}

/// Reads every file in the archive into `model`.
pub fn load(bytes: Vec<u8>, display: &str, model: &mut Model) {
    let problem = |model: &mut Model, where_: &str, detail: String| {
        model.problems.push(InputProblem {
            detail,
            location: Location::file(where_),
        });
    };
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            problem(model, display, format!("not read as a zip archive: {e}"));
            model.files.push(SourceFile {
                path: display.to_string(),
                kind: EvidenceKind::Unreadable,
                encoding: None,
                bom: false,
                lines: Default::default(),
                suppressions: Vec::new(),
            });
            return;
        }
    };
    if archive.len() > MAX_ENTRIES {
        problem(
            model,
            display,
            format!(
                "{} entries, over the {MAX_ENTRIES}-entry limit for a bundle; the first {MAX_ENTRIES} are read",
                archive.len()
            ),
        );
    }
    let mut total = 0u64;
    for i in 0..archive.len().min(MAX_ENTRIES) {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                problem(model, display, format!("entry {i} cannot be read: {e}"));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        // Shown by its name inside the archive, with `\` (Compress-Archive on Windows
        // PowerShell 5.1) as `/`.
        let name = entry
            .name()
            .map(|n| n.replace('\\', "/"))
            .unwrap_or_else(|_| format!("entry-{i}"));
        let inner = format!("{display}/{}", name.trim_start_matches('/'));
        let mut data = Vec::new();
        let read = (&mut entry)
            .take(MAX_FILE_BYTES.min(MAX_TOTAL_BYTES - total) + 1)
            .read_to_end(&mut data);
        if let Err(e) = read {
            problem(
                model,
                &inner,
                format!("cannot be read from the archive: {e}"),
            );
            continue;
        }
        total += data.len() as u64;
        if data.len() as u64 > MAX_FILE_BYTES {
            problem(
                model,
                &inner,
                format!(
                    "over the {MAX_FILE_BYTES}-byte limit for evidence once unpacked; not read"
                ),
            );
            continue;
        }
        if total > MAX_TOTAL_BYTES {
            problem(
                model,
                display,
                format!(
                    "over {MAX_TOTAL_BYTES} bytes unpacked; the rest of the archive is not read"
                ),
            );
            break;
        }
        load_bytes(data, &inner, model);
    }
}
