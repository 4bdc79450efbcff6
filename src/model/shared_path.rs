//! The paths of evidence files, each kept once for the whole run and named by a number four
//! bytes wide, which every location in that file holds.
//!
//! A large evidence folder holds hundreds of thousands of locations (every command, argument,
//! value, printed field and error record has one) in a few dozen files. A pointer to a shared
//! copy made a location 24 bytes; a number makes it 16, a twentieth of a failing transcript
//! folder's model (issue #14). The paths live until the process ends: a run reads each file
//! once, so the table holds as many paths as the run has files.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;
use std::sync::{LazyLock, PoisonError, RwLock};

/// A file's path, shared by every location in that file. It compares, orders, hashes, prints
/// and serialises as its text; equal texts are always the same number, so comparing two paths
/// compares two numbers. (Not `Copy`, so that a path is passed on as the shared copy it was
/// before it became a number: `clone` where it is kept.)
#[derive(Clone, PartialEq, Eq)]
pub struct SharedPath(NonZeroU32);

/// Every path of the run, in the order first met: a path's number is its position plus one.
struct Table {
    texts: Vec<&'static str>,
    numbers: HashMap<&'static str, NonZeroU32, foldhash::fast::FixedState>,
}

static TABLE: LazyLock<RwLock<Table>> = LazyLock::new(|| {
    RwLock::new(Table {
        texts: Vec::new(),
        numbers: HashMap::default(),
    })
});

thread_local! {
    /// The last path this thread named: a file's locations are made one after another, so
    /// nearly every lookup is this one and takes no lock.
    static LAST: Cell<Option<(&'static str, NonZeroU32)>> = const { Cell::new(None) };
}

impl SharedPath {
    /// The number of `text`, given it when first met.
    fn of(text: &str) -> SharedPath {
        if let Some((last, number)) = LAST.get()
            && last == text
        {
            return SharedPath(number);
        }
        let known = TABLE
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .numbers
            .get_key_value(text)
            .map(|(kept, number)| (*kept, *number));
        let (kept, number) = known.unwrap_or_else(|| {
            let mut table = TABLE.write().unwrap_or_else(PoisonError::into_inner);
            // Another thread may have added it between the two locks.
            if let Some((kept, number)) = table.numbers.get_key_value(text) {
                return (*kept, *number);
            }
            let kept: &'static str = Box::leak(Box::from(text));
            table.texts.push(kept);
            // More than four thousand million paths do not fit in memory before they fit here.
            let number = u32::try_from(table.texts.len())
                .ok()
                .and_then(NonZeroU32::new)
                .unwrap_or(NonZeroU32::MAX);
            table.numbers.insert(kept, number);
            (kept, number)
        });
        LAST.set(Some((kept, number)));
        SharedPath(number)
    }

    /// The path's number in this run: equal paths, equal numbers. A key for an index of
    /// locations, not an order (numbers follow the order files were met, not their paths').
    pub fn number(&self) -> u32 {
        self.0.get()
    }

    pub fn as_str(&self) -> &'static str {
        let table = TABLE.read().unwrap_or_else(PoisonError::into_inner);
        // Every number was given by `of`, after its text was added.
        table
            .texts
            .get(self.0.get() as usize - 1)
            .copied()
            .unwrap_or_default()
    }
}

impl From<&str> for SharedPath {
    fn from(text: &str) -> Self {
        SharedPath::of(text)
    }
}

impl From<String> for SharedPath {
    fn from(text: String) -> Self {
        SharedPath::of(&text)
    }
}

impl From<&String> for SharedPath {
    fn from(text: &String) -> Self {
        SharedPath::of(text)
    }
}

impl From<&SharedPath> for SharedPath {
    fn from(path: &SharedPath) -> Self {
        path.clone()
    }
}

/// As text, so that the order of locations (and of findings) is the order of their paths.
impl Ord for SharedPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for SharedPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// As text, so that a set of paths can be searched with a `&str` (`Borrow<str>`).
impl Hash for SharedPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

super::shared_text::reads_as_text!(SharedPath);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_are_one_number_on_every_thread() {
        let here = SharedPath::from("shared_path/a.txt");
        let there = std::thread::spawn(|| SharedPath::from(String::from("shared_path/a.txt")))
            .join()
            .expect("the thread ends");
        assert_eq!(here, there);
        assert_ne!(here, SharedPath::from("shared_path/b.txt"));
        // Named again after another path: found in the table, not only as the last one named.
        assert_eq!(SharedPath::from("shared_path/a.txt"), here);
        assert_eq!(here.as_str(), "shared_path/a.txt");
        assert_eq!(std::mem::size_of::<Option<SharedPath>>(), 4);
    }

    #[test]
    fn paths_order_and_hash_as_their_text() {
        // Named in the opposite order to their texts: the numbers do not decide.
        let (z, a) = (
            SharedPath::from("shared_path/z.txt"),
            SharedPath::from("shared_path/0.txt"),
        );
        assert!(a < z);
        let set: std::collections::HashSet<SharedPath> = [z].into_iter().collect();
        assert!(set.contains("shared_path/z.txt"));
        assert!(!set.contains("shared_path/0.txt"));
    }
}
