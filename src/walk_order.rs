//! The order folder walks list a folder's entries in: by file name, byte for byte, as walkdir's
//! `sort_by_file_name` orders them, but without parsing each path's components again at every
//! comparison (on a folder of 2,000 certificates that parsing was a fifteenth of a `check`).

use std::cmp::Ordering;

use walkdir::DirEntry;

/// Orders two entries of one folder by file name, for `WalkDir::sort_by`. walkdir sorts the
/// entries of one folder at a time, each path being that folder's path joined with the entry's
/// name: the paths share every byte before the names, so comparing them whole as bytes compares
/// the names, as `OsStr` compares them.
pub fn by_file_name(a: &DirEntry, b: &DirEntry) -> Ordering {
    debug_assert_eq!(
        a.path().parent(),
        b.path().parent(),
        "walkdir sorts one folder's entries at a time"
    );
    fn bytes(e: &DirEntry) -> &[u8] {
        e.path().as_os_str().as_encoded_bytes()
    }
    bytes(a).cmp(bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_in_walkdirs_file_name_order() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let names = [
            "b", "a", "ab", "a.b", "a-b", "A", "Z", "é", "e", "10", "9", "a b", "_", "~",
        ];
        for (i, name) in names.iter().enumerate() {
            let path = dir.path().join(name);
            if i % 3 == 0 {
                std::fs::create_dir(&path).expect("a folder");
                std::fs::write(path.join("x"), "").expect("a file");
                std::fs::write(path.join("X"), "").expect("a file");
            } else {
                std::fs::write(path, "").expect("a file");
            }
        }
        let walk = |w: walkdir::WalkDir| -> Vec<std::path::PathBuf> {
            w.into_iter()
                .map(|e| e.expect("readable").path().to_path_buf())
                .collect()
        };
        let want = walk(walkdir::WalkDir::new(dir.path()).sort_by_file_name());
        let got = walk(walkdir::WalkDir::new(dir.path()).sort_by(by_file_name));
        assert_eq!(got.len(), names.len() + 1 + 2 * names.len().div_ceil(3));
        assert_eq!(got, want);
    }
}
