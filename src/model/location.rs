//! Where a fact came from. Every fact in the model keeps one, so every finding can point at its evidence.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

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
/// memory. It compares, orders, hashes, prints and serialises as its text. One pointer wide
/// (the text's length sits with the text), so a `Location` takes 24 bytes rather than 32.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedPath(Arc<Box<str>>);

thread_local! {
    /// The paths made on this thread, so that every location of a file shares one.
    /// Looked up for every location made, so hashed fast (paths are the run's own).
    static PATHS: RefCell<HashSet<SharedPath, foldhash::fast::FixedState>> =
        RefCell::new(HashSet::default());
}

impl SharedPath {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedPath {
    fn from(path: &str) -> Self {
        PATHS.with(|paths| {
            let mut paths = paths.borrow_mut();
            if let Some(shared) = paths.get(path) {
                return shared.clone();
            }
            let shared = SharedPath(Arc::new(Box::from(path)));
            paths.insert(shared.clone());
            shared
        })
    }
}

impl From<String> for SharedPath {
    fn from(path: String) -> Self {
        SharedPath::from(path.as_str())
    }
}

impl From<&String> for SharedPath {
    fn from(path: &String) -> Self {
        SharedPath::from(path.as_str())
    }
}

impl From<&SharedPath> for SharedPath {
    fn from(path: &SharedPath) -> Self {
        path.clone()
    }
}

impl From<SharedPath> for String {
    fn from(path: SharedPath) -> Self {
        path.as_str().to_string()
    }
}

impl Deref for SharedPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<std::path::Path> for SharedPath {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(self.as_str())
    }
}

impl Borrow<str> for SharedPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for SharedPath {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedPath {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedPath {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedPath> for String {
    fn eq(&self, other: &SharedPath) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedPath> for str {
    fn eq(&self, other: &SharedPath) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedPath> for &str {
    fn eq(&self, other: &SharedPath) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_of_one_file_share_its_path_and_read_as_text() {
        let a = Location::new("dir/a.ps1", 1, 1, 1);
        let b = Location::new(String::from("dir/a.ps1"), 9, 2, 3);
        assert!(Arc::ptr_eq(&a.path.0, &b.path.0));
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
        // One pointer for the path and three numbers.
        assert_eq!(std::mem::size_of::<Location>(), 24);
    }
}
