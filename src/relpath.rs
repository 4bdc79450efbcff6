//! Paths relative to a folder (the config file's, the baseline's), worked out lexically and
//! written with `/`, so that ignores and baseline fingerprints do not depend on the folder
//! hybridlint runs from or on the operating system.

use std::path::{Component, Path, PathBuf};

/// `path` relative to `base` when it lies under it, else `path` itself; `/` separators, no `.`.
pub fn relative_to(base: &Path, path: &str) -> String {
    RelativeTo::new(base).path(path)
}

/// A base folder worked out once (made absolute, `..` resolved) for the many paths a report
/// shows relative to it: working it out again for every path cost more than the path itself.
pub struct RelativeTo {
    /// `None` when the base cannot be made absolute: paths are then shown as written.
    base: Option<PathBuf>,
    /// Whether the base is the current folder, which relative paths are read from: a plain
    /// relative path (see `is_plain_relative`) is then shown as written, already worked out.
    base_is_current: bool,
}

impl RelativeTo {
    pub fn new(base: &Path) -> RelativeTo {
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        let base = std::path::absolute(base).ok().map(|b| lexically_normal(&b));
        let current = std::path::absolute(".").ok().map(|c| lexically_normal(&c));
        RelativeTo {
            base_is_current: base.is_some() && base == current,
            base,
        }
    }

    /// See `relative_to`.
    pub fn path(&self, path: &str) -> String {
        if self.base_is_current && is_plain_relative(path) {
            return path.to_string();
        }
        self.worked_out(path)
    }

    /// `path` made absolute, its `..` worked out, then shown relative to the base.
    fn worked_out(&self, path: &str) -> String {
        let p = Path::new(path);
        // `..` worked out first: `scripts/../certs/a.cer` is under the folder that holds `certs`.
        let under = match (&self.base, std::path::absolute(p)) {
            (Some(b), Ok(a)) => lexically_normal(&a)
                .strip_prefix(b)
                .ok()
                .map(Path::to_path_buf),
            _ => None,
        };
        let shown = under.as_deref().unwrap_or(p);
        let parts: Vec<String> = shown
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let joined = parts.join("/").replace('\\', "/");
        // A root component is `/` itself: joining it would double the separator.
        joined.replacen("//", "/", 1)
    }
}

/// Whether `path` is relative and already as `relative_to` writes it: names joined by single
/// `/`, none of them `.` or `..`, no `\\`. Such a path, read from the current folder, lies under
/// it as written. Only where `/` alone separates (not Windows, whose paths have prefixes).
fn is_plain_relative(path: &str) -> bool {
    cfg!(unix)
        && !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|name| !name.is_empty() && name != "." && name != "..")
}

/// `path` with `.` and `..` components worked out without the file system (`a/b/../c` is
/// `a/c`), so two spellings of one place compare equal.
pub fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_are_worked_out_as_any_other() {
        let base = RelativeTo::new(Path::new("."));
        assert!(base.base_is_current);
        for path in [
            "a", "a/b.cer", "a//b", "a/./b", "./a", "a/../b", "../a", "a/", "/a", "a\\b", "", ".",
            "..", "a b/c", "é/x", "...", ".a/b.",
        ] {
            assert_eq!(base.path(path), base.worked_out(path), "{path}");
        }
        assert!(is_plain_relative("a/b.cer") && !is_plain_relative("a/./b"));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to(Path::new(""), "a/b.ps1"), "a/b.ps1");
        assert_eq!(relative_to(Path::new("."), "./a/./b.ps1"), "a/b.ps1");
        assert_eq!(relative_to(Path::new("repo"), "repo/a/b.ps1"), "a/b.ps1");
        assert_eq!(relative_to(Path::new("repo/"), "./repo/b.ps1"), "b.ps1");
        assert_eq!(relative_to(Path::new("other"), "repo/b.ps1"), "repo/b.ps1");
        assert_eq!(
            relative_to(Path::new("repo"), "repo/x/../certs/a.cer"),
            "certs/a.cer"
        );
        assert_eq!(
            lexically_normal(Path::new("/r/scripts/../certs/./a.cer")),
            PathBuf::from("/r/certs/a.cer")
        );
        assert_eq!(relative_to(Path::new("repo"), "repo"), "");
        assert_eq!(relative_to(Path::new("x"), "/abs/b.ps1"), "/abs/b.ps1");
    }
}
