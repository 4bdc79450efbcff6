//! A file's decoded lines held compactly: one string for the whole text and the offset where each
//! line starts, instead of one heap string per line (on a large transcript folder the per-line
//! strings cost more than the text itself).

/// The lines of one file, without their line endings, in one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceText {
    /// Every line, one after another, with nothing between them.
    text: String,
    /// Where each line starts in `text`, plus one last entry for the end: line `i` is
    /// `text[starts[i]..starts[i + 1]]`. Empty when there are no lines.
    starts: Vec<u32>,
}

impl SourceText {
    /// The lines given, joined into one string with exactly the room they need. Evidence files
    /// are at most 64 MiB (`evidence::MAX_FILE_BYTES`), so their offsets fit in a `u32`; text past
    /// `u32::MAX` bytes is not kept (snippets are a convenience, never a verdict).
    pub fn from_lines<S: AsRef<str>>(lines: &[S]) -> SourceText {
        let bytes: usize = lines.iter().map(|l| l.as_ref().len()).sum();
        if u32::try_from(bytes).is_err() {
            return SourceText::default();
        }
        let mut text = String::with_capacity(bytes);
        let mut starts = Vec::with_capacity(lines.len() + 1);
        for line in lines {
            // Cannot truncate: the total was checked above.
            starts.push(text.len() as u32);
            text.push_str(line.as_ref());
        }
        if !lines.is_empty() {
            starts.push(text.len() as u32);
        }
        SourceText { text, starts }
    }

    /// A decoded file's text split into lines as `evidence::text::lines` splits it (at LF, one
    /// CR before it dropped, a last empty line not counted), the line endings removed in place:
    /// the text is not copied. Text past `u32::MAX` bytes is not kept, as in `from_lines`.
    pub fn from_text(text: String) -> SourceText {
        if u32::try_from(text.len()).is_err() {
            return SourceText::default();
        }
        let mut bytes = text.into_bytes();
        let len = bytes.len();
        // memchr's vectorised searches: a byte-at-a-time scan was a sixteenth of a transcript run.
        let mut starts: Vec<u32> =
            Vec::with_capacity(memchr::memchr_iter(b'\n', &bytes).count() + 2);
        let (mut read, mut write) = (0, 0);
        loop {
            let end = memchr::memchr(b'\n', &bytes[read..]).map_or(len, |p| read + p);
            let line_end = if end > read && bytes[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            // Cannot truncate: the length was checked above.
            starts.push(write as u32);
            // Until the first CR is dropped every line is already in place.
            if write != read {
                bytes.copy_within(read..line_end, write);
            }
            write += line_end - read;
            if end == len {
                break;
            }
            read = end + 1;
        }
        // The piece after the last line ending (or of an empty text) is not a line when empty.
        if starts.last().is_some_and(|&s| s as usize == write) {
            starts.pop();
        }
        if !starts.is_empty() {
            starts.push(write as u32);
        }
        bytes.truncate(write);
        bytes.shrink_to_fit();
        // Only ASCII CR and LF bytes were removed and every other byte moved in order, so the
        // bytes are still UTF-8; the check costs one pass and keeps this free of `unsafe`.
        match String::from_utf8(bytes) {
            Ok(text) => SourceText { text, starts },
            Err(_) => SourceText::default(),
        }
    }

    /// The lines `from_text` would make of `text`, borrowed from it, without building the
    /// whole split: for reading a few lines of a file again (`source_lines`).
    pub fn split(text: &str) -> impl Iterator<Item = &str> + '_ {
        let mut rest = Some(text);
        std::iter::from_fn(move || {
            let piece = rest?;
            let (line, next) = match memchr::memchr(b'\n', piece.as_bytes()) {
                Some(p) => (&piece[..p], Some(&piece[p + 1..])),
                None => (piece, None),
            };
            rest = next;
            let line = line.strip_suffix('\r').unwrap_or(line);
            // The piece after the last line ending (or of an empty text) is not a line when empty.
            if next.is_none() && line.is_empty() {
                return None;
            }
            Some(line)
        })
    }

    /// The lines as borrowed strings, for loaders that index and slice them.
    pub fn lines(&self) -> Vec<&str> {
        self.iter().collect()
    }

    /// The same lines with some replaced (`(line, new text)`, in line order): one rebuild for
    /// all of them, as blanking a file's secrets needs.
    pub fn with_replaced(&self, replaced: &[(usize, String)]) -> SourceText {
        let mut next = replaced.iter().peekable();
        let lines: Vec<&str> = self
            .iter()
            .enumerate()
            .map(|(i, line)| match next.peek() {
                Some((n, new)) if *n == i => {
                    next.next();
                    new.as_str()
                }
                _ => line,
            })
            .collect();
        SourceText::from_lines(&lines)
    }

    /// Line `i` (0-based), if the file has that many lines.
    pub fn get(&self, i: usize) -> Option<&str> {
        let start = *self.starts.get(i)? as usize;
        let end = *self.starts.get(i + 1)? as usize;
        self.text.get(start..end)
    }

    /// How many lines the file has.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lines in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.starts
            .windows(2)
            .map(|w| self.text.get(w[0] as usize..w[1] as usize).unwrap_or(""))
    }

    /// The lines as owned strings, for the loaders that read a file as `&[String]`.
    pub fn to_lines(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_back_as_given_including_empty_and_non_ascii_ones() {
        let given = [
            "PS C:\\> Get-CsOAuthConfiguration",
            "",
            "Realm : contoso.com",
            "é€",
        ];
        let text = SourceText::from_lines(&given);
        assert_eq!(text.len(), 4);
        assert_eq!(text.get(0), Some(given[0]));
        assert_eq!(text.get(1), Some(""));
        assert_eq!(text.get(3), Some("é€"));
        assert_eq!(text.get(4), None);
        assert_eq!(text.iter().collect::<Vec<_>>(), given);
        assert_eq!(text.to_lines(), given.map(String::from));
    }

    #[test]
    fn split_borrows_the_lines_from_text_makes() {
        for text in [
            "",
            "\n",
            "\r\n",
            "a",
            "a\n",
            "a\r\nb\r\n",
            "a\r\n\r\nb",
            "a\n\r",
            "a\r",
            "\r",
            "a\r\r\nb\n\n",
            "é€\r\nx\ry\n",
        ] {
            let made = SourceText::from_text(text.to_string());
            assert_eq!(
                SourceText::split(text).collect::<Vec<_>>(),
                made.iter().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn no_lines_and_one_empty_line_differ() {
        let none = SourceText::from_lines::<&str>(&[]);
        assert!(none.is_empty());
        assert_eq!(none.get(0), None);
        assert_eq!(none.iter().count(), 0);
        let one = SourceText::from_lines(&[""]);
        assert_eq!(one.len(), 1);
        assert_eq!(one.get(0), Some(""));
    }

    #[test]
    fn the_text_is_one_allocation_of_exactly_its_size() {
        let text = SourceText::from_lines(&["abc", "de"]);
        assert_eq!(text.text.capacity(), 5);
        assert_eq!(text.starts, [0, 3, 5]);
    }
}
