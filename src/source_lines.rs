//! Fills in findings' source lines of the files the model holds in part, after judging: `check`
//! holds only the lines judging reads of a file it can read again (`FileLines::Held`); a line
//! held is copied from there, and each such file with findings elsewhere is read again once, here
//! (issue #14: peak memory near the size of the evidence). Judging leaves these lines out
//! (`rules::finding_in`), so they are not held twice while findings are gathered. Reporters
//! still see a finding with its source line.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::findings::{Finding, SourceLine};
use crate::model::{Location, Model, SourceText};

/// A line still to fill: (0-based line, finding, related place or `None` for the finding's own
/// location).
type Missing = (usize, usize, Option<usize>);

/// Gives every finding, and every related place, whose location is a line of a held file the
/// text of that line, as `rules::finding_in` does when the file is held whole (secrets masked).
pub fn attach(model: &Model, findings: &mut [Finding]) {
    // The first file of a path, as `finding_in` looks it up.
    let mut file_of: HashMap<&str, usize, FixedState> = HashMap::default();
    for (i, f) in model.files.iter().enumerate() {
        file_of.entry(f.path.as_str()).or_insert(i);
    }
    // A line of a file held in part: copied when held, else to be read again (file, line).
    let wanted = |location: &Location| -> Option<Result<SourceLine, (usize, usize)>> {
        if location.is_whole_file() {
            return None;
        }
        let file = *file_of.get(location.path.as_str())?;
        let line = location.line.checked_sub(1)? as usize;
        let lines = &model.files[file].lines;
        lines.reread()?;
        Some(lines.get(line).map(masked).ok_or((file, line)))
    };
    // Per file, the lines its findings want and the run no longer holds.
    let mut missing: Vec<Vec<Missing>> = vec![Vec::new(); model.files.len()];
    // Fills one place's line from what is held, or notes it for reading again.
    let mut fill = |slot: &mut Option<SourceLine>, location: Option<&Location>, k, related| {
        if slot.is_some() {
            return;
        }
        match location.and_then(&wanted) {
            Some(Ok(held)) => *slot = Some(held),
            Some(Err((file, line))) => missing[file].push((line, k, related)),
            None => {}
        }
    };
    for (k, f) in findings.iter_mut().enumerate() {
        fill(&mut f.source_line, f.location.as_ref(), k, None);
        for (r, related) in f.related.iter_mut().enumerate() {
            fill(
                &mut related.source_line,
                Some(&related.location),
                k,
                Some(r),
            );
        }
    }
    // One file read again at a time, so only its text is added to what the run holds; each
    // read into the memory of the text before it.
    let mut spare = Vec::new();
    for (file, mut wants) in missing.into_iter().enumerate() {
        if wants.is_empty() {
            continue;
        }
        let Some(text) = model.files[file]
            .lines
            .reread()
            .and_then(|source| crate::evidence::reread::text_again(source, &mut spare))
        else {
            continue;
        };
        wants.sort_unstable();
        let mut lines = SourceText::split(&text).enumerate();
        let mut current: Option<(usize, &str)> = None;
        for (line, k, related) in wants {
            // Lines are wanted in order: walk forward to this one (or past the end).
            while current.is_none_or(|(n, _)| n < line) {
                current = lines.next();
                if current.is_none() {
                    break;
                }
            }
            let Some((_, text)) = current.filter(|(n, _)| *n == line) else {
                continue;
            };
            let source = Some(masked(text));
            match related {
                None => findings[k].source_line = source,
                Some(r) => findings[k].related[r].source_line = source,
            }
        }
        drop(lines);
        spare = text.into_bytes();
    }
}

/// A source line as findings show it: secrets blanked in the evidence shown as `*`.
fn masked(text: &str) -> SourceLine {
    SourceLine {
        text: crate::secrets::mask_owned(text.to_string()),
    }
}
