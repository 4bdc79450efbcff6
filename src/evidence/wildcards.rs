//! Wildcards in the paths given (`PowerShell_transcript.*.txt`): cmd.exe and PowerShell hand them
//! to native programs unexpanded, so hybridlint expands them itself, in the last part of a path
//! (`*`, `?`, `[abc]`), sorted by name. A path that exists is taken as it is, wildcard or not.

use std::path::{Path, PathBuf};

/// `paths` with each wildcard path replaced by the files and folders it matches. `Err` names a
/// pattern that matches nothing (a usage error, as a missing path is).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.exists() || !name.contains(['*', '?', '[']) {
            out.push(p.clone());
            continue;
        }
        let matcher = globset::GlobBuilder::new(name)
            .case_insensitive(cfg!(windows))
            .literal_separator(true)
            .build()
            .map_err(|e| format!("`{}` is not a valid wildcard pattern: {e}", p.display()))?
            .compile_matcher();
        let folder = match p.parent() {
            Some(f) if !f.as_os_str().is_empty() => f.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| format!("path `{}`: {e}", p.display()))?
            .flatten()
            .filter(|e| matcher.is_match(Path::new(&e.file_name())))
            .map(|e| match p.parent() {
                Some(f) if !f.as_os_str().is_empty() => f.join(e.file_name()),
                _ => PathBuf::from(e.file_name()),
            })
            .collect();
        if found.is_empty() {
            return Err(format!("no file matches `{}`", p.display()));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_in_the_last_part() {
        let dir = tempfile::tempdir().expect("temp dir");
        for n in [
            "PowerShell_transcript.A.1.txt",
            "PowerShell_transcript.B.2.txt",
            "other.txt",
        ] {
            std::fs::write(dir.path().join(n), "x").expect("write");
        }
        let pattern = dir.path().join("PowerShell_transcript.*.txt");
        let got = expand(std::slice::from_ref(&pattern)).expect("matches");
        assert_eq!(
            got,
            vec![
                dir.path().join("PowerShell_transcript.A.1.txt"),
                dir.path().join("PowerShell_transcript.B.2.txt")
            ]
        );
        let none = dir.path().join("*.cer");
        assert!(
            expand(&[none])
                .expect_err("no match")
                .contains("no file matches")
        );
        let plain = dir.path().join("missing.txt");
        assert_eq!(
            expand(std::slice::from_ref(&plain)).expect("as is"),
            vec![plain]
        );
    }
}
