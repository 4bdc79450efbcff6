//! A progress bar on standard error for long runs (many evidence files). Drawn only where a
//! person is watching: standard error is a terminal, no CI variable is set, the terminal is not
//! `dumb`, no machine-readable report goes to standard output, and `--no-progress` is not given.
//! Short runs never show it, and it is cleared when the run ends.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::outputs::OutputTarget;

/// Runs over fewer files than this finish before a bar would be worth reading.
pub const MIN_FILES: usize = 20;

/// Whether this run may draw a bar at all.
pub fn allowed(no_progress: bool, targets: &[OutputTarget]) -> bool {
    let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    !no_progress
        && std::io::stderr().is_terminal()
        && !env_set("CI")
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        && !targets.iter().any(OutputTarget::is_machine_stdout)
}

/// The bar, created on the first file of a long enough run.
pub struct Progress {
    allowed: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(allowed: bool) -> Self {
        Progress { allowed, bar: None }
    }

    /// Called before reading file `index` (0-based) of `total`, shown as `path`.
    pub fn file(&mut self, index: usize, total: usize, path: &str) {
        if !self.allowed || total < MIN_FILES {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("reading evidence {bar:30} {pos}/{len} {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(index as u64);
        bar.set_message(path.to_string());
    }

    /// Called as probes finish: `done` of `total`. Probes wait on the network, so any run with
    /// probes shows its bar (where bars are allowed at all).
    pub fn probe(&mut self, done: usize, total: usize) {
        if !self.allowed || total == 0 {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("probing {bar:30} {pos}/{len}") {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    }

    /// Clears the bar, if one was drawn.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
