//! Where a fact came from. Every fact in the model keeps one, so every finding can point at its evidence.

use serde::Serialize;

/// A place in one evidence file. Lines and columns are 1-based; columns count characters, not bytes,
/// because people read them in editors. `len` is how many characters to underline (0 means "the line").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Location {
    pub fn new(path: impl Into<String>, line: u32, column: u32, len: u32) -> Self {
        Location {
            path: path.into(),
            line,
            column,
            len,
        }
    }

    /// A location for a whole file, used when a finding is about something absent from it.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            column: 0,
            len: 0,
        }
    }

    pub fn is_whole_file(&self) -> bool {
        self.line == 0
    }
}
