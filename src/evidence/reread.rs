//! Reads a file's text again after judging, for the source lines of findings the model no longer
//! holds (`FileLines::Held`): decoded exactly as `load_bytes` did the first time (split it with
//! `SourceText::split`).

use crate::model::Reread;

/// The file's decoded text as it was read, or `None` when it cannot be read again or has changed
/// since (another size or modification time): a snippet is a convenience, never a verdict.
/// Lines whose secrets were blanked are held by the model and must be taken from there.
pub fn text_again(source: &Reread) -> Option<String> {
    let meta = std::fs::metadata(&source.path).ok()?;
    if meta.len() != source.len || meta.modified().ok() != source.modified {
        return None;
    }
    let bytes = super::file_bytes::read_capped(&source.path).ok()?;
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
        let text = text_again(&reread(&path)).expect("unchanged file");
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
        assert_eq!(text_again(&before), None);
    }
}
