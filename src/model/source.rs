//! The evidence files themselves: what each one was recognised as, its text (for snippets), and
//! the problems met while reading it.

use serde::{Deserialize, Serialize};

use super::Location;

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
    /// The decoded lines (without line endings); empty for binary files. Kept so findings can show
    /// their source line.
    #[serde(skip)]
    pub lines: Vec<String>,
}

/// Why some evidence could not be used. Loaders record these; `input/unreadable` reports them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputProblem {
    pub detail: String,
    pub location: Location,
}
