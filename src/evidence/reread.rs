//! Reads a file's text again after judging, for the source lines of findings the model no longer
//! holds (`FileLines::Held`): decoded exactly as `load_bytes` did the first time (split it with
//! `SourceText::split`).

use crate::model::Reread;

/// The file's decoded text as it was read, or `None` when it cannot be read again or has changed
/// since (another size or modification time): a snippet is a convenience, never a verdict.
/// Lines whose secrets were blanked are held by the model and must be taken from there. The
/// file is read into `spare`'s memory (taken; hand back the text's with `String::into_bytes`
/// once done with it), so reading file after file reuses one allocation.
pub fn text_again(source: &Reread, spare: &mut Vec<u8>) -> Option<String> {
    let meta = std::fs::metadata(&source.path).ok()?;
    if meta.len() != source.len || meta.modified().ok() != source.modified {
        return None;
    }
    let bytes = super::file_bytes::read_capped_into(&source.path, std::mem::take(spare)).ok()?;
    if bytes.len() as u64 != source.len {
        return None;
    }
    super::text::decode(bytes).map(|d| d.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceText;

    fn reread(path: &std::path::Path) -> Reread {
        let meta = std::fs::metadata(path).expect("written just now");
        Reread {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    #[test]
    fn the_text_is_split_as_when_first_read() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "PS C:\\> Get-Date\r\n\r\nline two\n").expect("written");
        let text = text_again(&reread(&path), &mut Vec::new()).expect("unchanged file");
        assert_eq!(
            SourceText::split(&text).collect::<Vec<_>>(),
            ["PS C:\\> Get-Date", "", "line two"]
        );
    }

    #[test]
    fn a_file_changed_since_is_not_read() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "one\n").expect("written");
        let before = reread(&path);
        std::fs::write(&path, "one\ntwo\n").expect("written");
        assert_eq!(text_again(&before, &mut Vec::new()), None);
    }

    /// A buffer that held a longer file, and one that held a UTF-16 file, give the next file's
    /// text alone.
    #[test]
    fn a_reused_buffer_gives_the_next_file_alone() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let long = dir.path().join("long.txt");
        std::fs::write(&long, "PS C:\\> Get-Date\r\n".repeat(50)).expect("written");
        let utf16 = dir.path().join("utf16.txt");
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("é two\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).expect("written");
        let short = dir.path().join("short.txt");
        std::fs::write(&short, "one\n").expect("written");
        let mut spare = Vec::new();
        let first = text_again(&reread(&long), &mut spare).expect("unchanged file");
        assert_eq!(first.len(), 50 * 18);
        spare = first.into_bytes();
        assert_eq!(
            text_again(&reread(&short), &mut spare).as_deref(),
            Some("one\n")
        );
        let second = text_again(&reread(&utf16), &mut spare).expect("unchanged file");
        assert_eq!(second, "é two\r\n");
        spare = second.into_bytes();
        assert_eq!(
            text_again(&reread(&short), &mut spare).as_deref(),
            Some("one\n")
        );
    }
}
