//! A file's lines as the model holds them once the file is read: all of them, or only the few
//! that judging reads, with where to read the others again. On a large evidence folder the text
//! is as big as the folder, and findings quote only a few of its lines (issue #14).

use std::path::PathBuf;
use std::time::SystemTime;

use super::SourceText;

/// A file's lines, whole or in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileLines {
    /// Every line: standard input, bundles, `diagnose` (which searches every line), tests.
    Whole(SourceText),
    /// Only some lines (`evidence::judged_lines` picks them); findings' other source lines are
    /// read again from the file after judging.
    Held(HeldLines),
}

impl Default for FileLines {
    fn default() -> Self {
        FileLines::Whole(SourceText::default())
    }
}

impl From<SourceText> for FileLines {
    fn from(text: SourceText) -> Self {
        FileLines::Whole(text)
    }
}

impl FileLines {
    /// Line `i` (0-based), if the file has it and it is held.
    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            FileLines::Whole(text) => text.get(i),
            FileLines::Held(held) => held.get(i),
        }
    }

    /// The lines held, each with its 0-based number, in order.
    pub fn numbered(&self) -> Box<dyn Iterator<Item = (usize, &str)> + '_> {
        match self {
            FileLines::Whole(text) => Box::new(text.iter().enumerate()),
            FileLines::Held(held) => Box::new(
                held.numbers
                    .iter()
                    .map(|&n| n as usize)
                    .zip(held.text.iter()),
            ),
        }
    }

    /// Where the lines not held can be read again; `None` when every line is held.
    pub fn reread(&self) -> Option<&Reread> {
        match self {
            FileLines::Whole(_) => None,
            FileLines::Held(held) => Some(&held.source),
        }
    }
}

/// Some lines of a file, by their 0-based numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldLines {
    /// Each held line's number, ascending; `text` holds the lines in the same order.
    numbers: Vec<u32>,
    text: SourceText,
    source: Reread,
}

impl HeldLines {
    /// The lines of `whole` whose numbers `numbers` gives (ascending, without repeats; numbers
    /// past the end are left out).
    pub fn new(whole: &SourceText, numbers: &[u32], source: Reread) -> HeldLines {
        let numbers: Vec<u32> = numbers
            .iter()
            .copied()
            .filter(|&n| (n as usize) < whole.len())
            .collect();
        let lines: Vec<&str> = numbers
            .iter()
            .filter_map(|&n| whole.get(n as usize))
            .collect();
        HeldLines {
            text: SourceText::from_lines(&lines),
            numbers,
            source,
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        let i = u32::try_from(i).ok()?;
        let k = self.numbers.binary_search(&i).ok()?;
        self.text.get(k)
    }
}

/// Where a file was read from, and what it looked like then: its lines are read again only while
/// its size and modification time are unchanged (otherwise a snippet would show other text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reread {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Reread {
        Reread {
            path: PathBuf::from("t.txt"),
            len: 0,
            modified: None,
        }
    }

    #[test]
    fn held_lines_answer_only_for_their_numbers() {
        let whole = SourceText::from_lines(&["a", "b", "c", "d"]);
        let held = FileLines::Held(HeldLines::new(&whole, &[1, 3, 9], source()));
        assert_eq!(held.get(0), None);
        assert_eq!(held.get(1), Some("b"));
        assert_eq!(held.get(2), None);
        assert_eq!(held.get(3), Some("d"));
        assert_eq!(held.get(9), None);
        assert_eq!(held.numbered().collect::<Vec<_>>(), [(1, "b"), (3, "d")]);
        assert!(held.reread().is_some());
    }

    #[test]
    fn whole_lines_are_numbered_from_zero() {
        let whole = FileLines::from(SourceText::from_lines(&["a", "", "c"]));
        assert_eq!(
            whole.numbered().collect::<Vec<_>>(),
            [(0, "a"), (1, ""), (2, "c")]
        );
        assert_eq!(whole.get(1), Some(""));
        assert!(whole.reread().is_none());
    }
}
