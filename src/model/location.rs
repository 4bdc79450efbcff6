//! Where a fact came from. Every fact in the model keeps one, so every finding can point at its evidence.

use serde::Serialize;

/// A place in one evidence file. Lines and columns are 1-based; columns count characters, not bytes,
/// because people read them in editors. `len` is how many characters to underline (0 means "the line").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: SharedPath,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Location {
    pub fn new(path: impl Into<SharedPath>, line: u32, column: u32, len: u32) -> Self {
        Location {
            path: path.into(),
            line,
            column,
            len,
        }
    }

    /// A location for a whole file, used when a finding is about something absent from it.
    pub fn file(path: impl Into<SharedPath>) -> Self {
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

/// A file's path, shared by every location in that file: a large evidence folder holds hundreds
/// of thousands of locations, and a copy of the path in each was a seventh of the model's
/// memory. A number four bytes wide ([`super::shared_path`]), so a `Location` takes 16 bytes.
pub use super::shared_path::SharedPath;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_of_one_file_share_its_path_and_read_as_text() {
        let a = Location::new("dir/a.ps1", 1, 1, 1);
        let b = Location::new(String::from("dir/a.ps1"), 9, 2, 3);
        assert_eq!(a.path, b.path);
        assert_eq!(a.path, "dir/a.ps1");
        assert_eq!(
            format!("{} {:?}", a.path, a.path),
            "dir/a.ps1 \"dir/a.ps1\""
        );
        assert_eq!(
            serde_json::to_string(&a).expect("serialises"),
            r#"{"path":"dir/a.ps1","line":1,"column":1,"len":1}"#
        );
        // Ordered as text, as the String it replaces was.
        let (first, second) = (SharedPath::from("a/z.ps1"), SharedPath::from("b/a.ps1"));
        assert!(first < second);
        // Four numbers: the path's and three.
        assert_eq!(std::mem::size_of::<Location>(), 16);
        assert_eq!(std::mem::size_of::<Option<Location>>(), 16);
    }
}
