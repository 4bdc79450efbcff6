//! The evidence files themselves: what each one was recognised as, its text (for snippets), and
//! the problems met while reading it.

use serde::{Deserialize, Serialize};

use super::{FileLines, Location};

/// What a file was recognised as, by content first and extension second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    Certificate,
    PrivateKey,
    Transcript,
    Script,
    /// A recording of live probes (`--record`), replayed offline.
    Recording,
    /// Printed output of the procedure's cmdlets without a transcript (`… | fl > sp.txt`).
    PrintedOutput,
    /// Objects exported with `Export-Clixml`.
    Clixml,
    /// Objects exported with `Export-Csv` / `ConvertTo-Csv`.
    CsvExport,
    /// Objects converted with `ConvertTo-Json`.
    JsonExport,
    /// The `manifest.json` of a bundle from the `hybridlint collect` script.
    BundleManifest,
    /// A file that was read but is not evidence hybridlint understands (it is skipped quietly).
    Other,
    /// A file that could not be read or decoded.
    Unreadable,
}

/// One file given as evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    /// The path as the user gave it (or as found under a folder they gave).
    pub path: String,
    pub kind: EvidenceKind,
    /// The text encoding detected (`UTF-8`, `UTF-16LE`, `windows-1252`); `None` for binary files.
    pub encoding: Option<String>,
    /// Whether the text started with a byte-order mark.
    pub bom: bool,
    /// The decoded lines (without line endings); empty for binary files. Kept so findings can
    /// show their source line: `check` holds only the lines judging reads of each file it can
    /// read again (`FileLines::Held`) and forgets them once judged (`Model::forget_lines`) unless
    /// it diagnoses; `hybridlint model` never keeps them.
    #[serde(skip)]
    pub lines: FileLines,
    /// Inline suppressions (`# hybridlint: ignore[rule-id, …] reason`) found in the file, in line
    /// order. Loaders record them; `suppress` applies them after the rules have run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
}

/// One `# hybridlint: ignore[rule-id, …] reason` comment in a script or transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// The comment itself (from its `#` to the end of the line).
    pub location: Location,
    /// The rule ids or areas between the brackets, as written.
    pub rules: Vec<String>,
    /// The text after the brackets; `None` when there is none (a warning of its own).
    pub reason: Option<String>,
    /// The 1-based lines whose findings it suppresses: its own line, and for a comment alone on
    /// its line also the next line of code.
    pub lines: Vec<u32>,
    /// Why the comment could not be read as a suppression (`ignore` without brackets, …); such a
    /// comment suppresses nothing.
    pub problem: Option<String>,
}

/// Why some evidence could not be used. Loaders record these; `input/unreadable` reports them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputProblem {
    pub detail: String,
    pub location: Location,
}
