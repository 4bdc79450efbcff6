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
    let walk = walk(paths, stdin_name).without(own);
    (walk.files, walk.problems)
}

/// What one walk of the PATHs found: the evidence files, the problems met, and the config files
/// inside the folders, so that the folders are listed once for both (a folder of thousands of
/// certificates cost as much to list twice as to read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    pub files: Vec<Found>,
    pub problems: Vec<WalkProblem>,
    /// The `hybridlint.toml` files met inside the folders (never evidence), reached without
    /// passing through a symbolic link below the PATH, in walk order: the settings for part of
    /// the evidence that `config::discover::unused_among` tells the user a run does not apply.
    pub configs: Vec<PathBuf>,
    /// Which files were met inside a folder (rather than given as PATHs), by index in `files`:
    /// only those can be the run's own files (`without`).
    inside: Vec<bool>,
}

impl Walk {
    /// The walk without the files in `own` met inside a folder: the files this run reads or
    /// writes itself (a baseline, the reports), which are not evidence.
    pub fn without(mut self, own: &[PathBuf]) -> Walk {
        let own: Vec<PathBuf> = own
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        if own.is_empty() {
            return self;
        }
        let is_own = |p: &Path| std::fs::canonicalize(p).is_ok_and(|c| own.contains(&c));
        let mut inside = self.inside.iter();
        self.files
            .retain(|f| !(inside.next().copied().unwrap_or(false) && is_own(&f.path)));
        self.inside = vec![false; self.files.len()];
        self
    }
}

/// Walks `paths` (see `discover`), `-` standing for standard input shown as `stdin_name`,
/// keeping every file found (see `Walk::without`) and the config files inside the folders.
pub fn walk(paths: &[PathBuf], stdin_name: Option<&str>) -> Walk {
    let mut out = Walk::default();
    for root in paths {
        let display_root = root.to_string_lossy().to_string();
        if root.as_os_str() == STDIN {
            out.files.push(Found {
                path: root.clone(),
                display: stdin_name.unwrap_or(STDIN_DEFAULT_NAME).to_string(),
            });
            out.inside.push(false);
            continue;
        }
        // A pipe or device given by name (`/dev/stdin`, `<(…)`) is read like a file: only a
        // folder is walked.
        if root.is_file() || (root.exists() && !root.is_dir()) {
            out.files.push(Found {
                path: root.clone(),
                display: display_root,
            });
            out.inside.push(false);
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(crate::walk_order::by_file_name)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(skipped));
        // For each folder depth of the current path, whether a symbolic link below the root led
        // there (entries come folder first, then its contents, depth by depth).
        let mut linked: Vec<bool> = Vec::new();
        for entry in walker {
            let e = match entry {
                Ok(e) => e,
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
                    out.problems.push(WalkProblem {
                        display: where_,
                        detail,
                    });
                    continue;
                }
            };
            let depth = e.depth();
            let through_link = depth > 0
                && (e.path_is_symlink() || linked.get(depth - 1).copied().unwrap_or(false));
            if e.file_type().is_dir() {
                linked.truncate(depth);
                linked.push(through_link);
            } else if e.file_type().is_file() && e.file_name() == CONFIG_FILE_NAME {
                // Our own config file is settings, not evidence.
                if !through_link {
                    out.configs.push(e.path().to_path_buf());
                }
            } else if e.file_type().is_file() {
                out.files.push(Found {
                    path: e.path().to_path_buf(),
                    display: display(e.path()),
                });
                out.inside.push(true);
            }
        }
    }
    out
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folder the tests walk: evidence, a config file at each depth, a folder skipped, and
    /// (on Unix) a config file reached only through a link to another folder.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        for sub in ["certs/inner", "target", "other"] {
            std::fs::create_dir_all(root.join(sub)).expect("folders");
        }
        for file in [
            "a.cer",
            CONFIG_FILE_NAME,
            "certs/b.cer",
            "certs/inner/c.cer",
            "certs/inner/hybridlint.toml",
            "target/hybridlint.toml",
            "other/hybridlint.toml",
        ] {
            std::fs::write(root.join(file), "x").expect("a file");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("other"), root.join("linked"))
            .expect("a link to a folder");
        dir
    }

    #[test]
    fn config_files_are_named_but_not_evidence_and_links_do_not_lead_to_them() {
        let dir = folder();
        let root = dir.path().to_path_buf();
        let walk = walk(std::slice::from_ref(&root), None);
        let configs: Vec<_> = walk
            .configs
            .iter()
            .map(|p| p.strip_prefix(&root).expect("under the root").to_path_buf())
            .collect();
        // `linked/` is read for evidence, but its config file is reached only through the link
        // (`other/` holds it where it is), and `target/` is skipped.
        assert_eq!(
            configs,
            [
                PathBuf::from("certs/inner/hybridlint.toml"),
                PathBuf::from(CONFIG_FILE_NAME),
                PathBuf::from("other/hybridlint.toml"),
            ]
        );
        let files: Vec<_> = walk
            .files
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(&root)
                    .expect("under the root")
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            files,
            [
                PathBuf::from("a.cer"),
                PathBuf::from("certs/b.cer"),
                PathBuf::from("certs/inner/c.cer"),
            ]
        );
    }

    #[test]
    fn the_runs_own_files_are_left_out_only_inside_folders() {
        let dir = folder();
        let root = dir.path().to_path_buf();
        let own = root.join("certs/b.cer");
        let (files, problems) = discover_except(
            &[root.clone(), own.clone()],
            &[own.clone(), root.join("a.cer")],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let paths: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
        // Inside the folder `a.cer` and `b.cer` are the run's own; given by name, `b.cer` is read.
        assert_eq!(paths, [root.join("certs/inner/c.cer"), own]);
    }
}
