//! The lines the transcript readers' hand-written guards are tested on: every line of the
//! fixtures and of the transcript and printed-output fuzz corpora, as text.

use std::path::Path;

/// Every line of every file under `fixtures/`, `fuzz/corpus/transcript` and `fuzz/corpus/printed`
/// (decoded leniently: a reader sees no worse).
pub(crate) fn corpus_lines() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines = Vec::new();
    let mut stack = vec![
        root.join("fixtures"),
        root.join("fuzz/corpus/transcript"),
        root.join("fuzz/corpus/printed"),
    ];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                stack.push(entry.path());
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            lines.extend(String::from_utf8_lossy(&bytes).lines().map(str::to_string));
        }
    }
    lines
}
