//! Which `hybridlint.toml` a run uses, found as ruff finds its settings: from each PATH (a file's
//! folder, or the folder itself) up through its parents to the repository root (the first folder
//! holding `.git`), the nearest file wins. The current folder plays no part beyond being where
//! relative PATHs start, and PATHs are considered as a set, so the same evidence gives the same
//! result from any working folder and in any order.
//!
//! A run has one configuration (its facts, rule selection and baseline are run-wide): PATHs that
//! find no file use the one the others found, and PATHs that find different files are a usage
//! error naming them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::FILE_NAME;

/// The nearest `hybridlint.toml` above `path`, up to the repository root; `None` when there is
/// none. Paths are made absolute lexically (no symbolic links resolved), so the file found does
/// not depend on how PATH was written.
pub fn nearest(path: &Path) -> Option<PathBuf> {
    let absolute = crate::relpath::lexically_normal(&std::path::absolute(path).ok()?);
    let mut folder = if absolute.is_dir() {
        Some(absolute.as_path())
    } else {
        absolute.parent()
    };
    while let Some(dir) = folder {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
        folder = dir.parent();
    }
    None
}

/// The one config file for `paths`: `Ok(None)` when none is found, `Err` (a message naming each
/// file and a PATH that found it) when they find different files.
pub fn for_paths(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let mut found: BTreeMap<PathBuf, &Path> = BTreeMap::new();
    for p in paths {
        if let Some(file) = nearest(p) {
            found.entry(file).or_insert(p);
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.into_keys().next()),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|(file, p)| format!("{} (for {})", shown(file), p.display()))
                .collect();
            Err(format!(
                "the PATHs belong to different config files: {}; check them in separate runs, or name one with --config FILE (or none with --isolated)",
                list.join(", ")
            ))
        }
    }
}

/// The `hybridlint.toml` files among `found` (those the evidence walk met inside the folders
/// among the PATHs, `evidence::discover::Walk::configs`) other than `used`: settings for part of
/// the evidence that this run does not apply (it has one configuration), which the user should
/// hear about rather than have ignored in silence. The walk skips version control and build
/// folders, and what it reaches only through a symbolic link; the folders are listed once, for
/// the evidence and for this.
pub fn unused_among(found: &[PathBuf], used: Option<&Path>) -> Vec<PathBuf> {
    let normal = |p: &Path| {
        std::path::absolute(p)
            .ok()
            .map(|a| crate::relpath::lexically_normal(&a))
    };
    let used = used.and_then(normal);
    let mut out: Vec<PathBuf> = found
        .iter()
        .filter(|p| normal(p) != used)
        .cloned()
        .collect();
    out.sort();
    out.dedup_by(|a, b| normal(a) == normal(b));
    out
}

/// A config file's path as messages and reports show it: relative to the current folder when
/// under it, with `/` separators.
pub fn shown(file: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::relpath::relative_to(&cwd, &file.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_file_above_wins_and_the_repository_root_stops_the_walk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = dir.path().join("repo");
        let sub = repo.join("evidence/certs");
        std::fs::create_dir_all(&sub).expect("folders");
        std::fs::create_dir(repo.join(".git")).expect(".git");
        // Above the repository root: never used.
        std::fs::write(dir.path().join(FILE_NAME), "").expect("outer config");
        assert_eq!(nearest(&sub), None);
        std::fs::write(repo.join(FILE_NAME), "").expect("root config");
        assert_eq!(nearest(&sub), Some(repo.join(FILE_NAME)));
        std::fs::write(repo.join("evidence").join(FILE_NAME), "").expect("inner config");
        let file = sub.join("a.cer");
        std::fs::write(&file, "x").expect("file");
        assert_eq!(nearest(&file), Some(repo.join("evidence").join(FILE_NAME)));
        assert_eq!(nearest(&repo), Some(repo.join(FILE_NAME)));
    }

    #[test]
    fn paths_finding_different_files_are_an_error_in_any_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).expect("a");
        std::fs::create_dir_all(&b).expect("b");
        std::fs::create_dir(dir.path().join(".git")).expect(".git");
        std::fs::write(a.join(FILE_NAME), "").expect("a config");
        assert_eq!(
            for_paths(&[a.clone(), b.clone()]),
            Ok(Some(a.join(FILE_NAME)))
        );
        assert_eq!(
            for_paths(&[b.clone(), a.clone()]),
            Ok(Some(a.join(FILE_NAME)))
        );
        std::fs::write(b.join(FILE_NAME), "").expect("b config");
        let e1 = for_paths(&[a.clone(), b.clone()]).expect_err("two files");
        let e2 = for_paths(&[b, a]).expect_err("two files");
        assert!(e1.contains("different config files"), "{e1}");
        assert_eq!(e1.len(), e2.len());
    }
}
