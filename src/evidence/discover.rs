//! Finds the evidence files under the paths a user gave: files as given, folders walked
//! recursively in a stable order. Problems (missing paths, loops, unreadable folders) are returned
//! beside the files, never silently skipped.

use std::path::{Path, PathBuf};

/// A file to read, with the path to show the user (as they gave it, or under the folder they gave).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub display: String,
    pub detail: String,
}

/// Names never read as evidence: version control, build output, and our own config and outputs.
fn skipped(name: &str) -> bool {
    matches!(name, ".git" | "target" | "node_modules" | ".hg" | ".svn")
}

/// Walks `paths`. A path that does not exist is an error for the caller (a usage error, exit 2),
/// so it is reported separately from problems met inside folders.
pub fn discover(paths: &[PathBuf]) -> (Vec<Found>, Vec<WalkProblem>) {
    discover_except(paths, &[])
}

/// `discover`, leaving out the files in `own` when met inside a folder: the files this run reads
/// or writes itself (a baseline, the reports), which are not evidence.
pub fn discover_except(paths: &[PathBuf], own: &[PathBuf]) -> (Vec<Found>, Vec<WalkProblem>) {
    discover_with(paths, own, None)
}

/// The name of hybridlint's own config file: settings, never evidence (`config` reads it, and
/// names it after this, so discovery does not reach up into the settings).
pub const CONFIG_FILE_NAME: &str = "hybridlint.toml";

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// The name standard input is shown under when `--stdin-filename` does not name it.
pub const STDIN_DEFAULT_NAME: &str = "<stdin>";

/// `discover_except`, with `-` standing for standard input, shown as `stdin_name`.
pub fn discover_with(
    paths: &[PathBuf],
    own: &[PathBuf],
    stdin_name: Option<&str>,
) -> (Vec<Found>, Vec<WalkProblem>) {
    let own: Vec<PathBuf> = own
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let is_own =
        |p: &Path| !own.is_empty() && std::fs::canonicalize(p).is_ok_and(|c| own.contains(&c));
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        let display_root = root.to_string_lossy().to_string();
        if root.as_os_str() == STDIN {
            files.push(Found {
                path: root.clone(),
                display: stdin_name.unwrap_or(STDIN_DEFAULT_NAME).to_string(),
            });
            continue;
        }
        // A pipe or device given by name (`/dev/stdin`, `<(…)`) is read like a file: only a
        // folder is walked.
        if root.is_file() || (root.exists() && !root.is_dir()) {
            files.push(Found {
                path: root.clone(),
                display: display_root,
            });
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(crate::walk_order::by_file_name)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(skipped));
        for entry in walker {
            match entry {
                // Our own config file is settings, not evidence.
                Ok(e) if e.file_type().is_file() && e.file_name() == CONFIG_FILE_NAME => {}
                Ok(e) if e.file_type().is_file() && is_own(e.path()) => {}
                Ok(e) if e.file_type().is_file() => {
                    files.push(Found {
                        path: e.path().to_path_buf(),
                        display: display(e.path()),
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let where_ = err
                        .path()
                        .map(display)
                        .unwrap_or_else(|| display_root.clone());
                    let detail = if err.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        err.io_error()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| err.to_string())
                    };
                    problems.push(WalkProblem {
                        display: where_,
                        detail,
                    });
                }
            }
        }
    }
    (files, problems)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
