//! Shell completions and man pages, both generated from the clap definitions in `cli`, so they
//! can never disagree with `--help`.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut command = Cli::full_command();
    // Into memory first: `generate` panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "hybridlint", &mut script);
    crate::stdout::write_bytes(&script)?;
    Ok(0)
}

/// Prints `hybridlint.1`, or writes it and one page per command (`hybridlint-check.1`, …) into `dir`.
pub fn man(dir: Option<&Path>) -> Result<u8> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(Cli::full_command(), dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::full_command()).render(&mut page)?;
            crate::stdout::write_bytes(&page)?;
        }
    }
    Ok(0)
}
