//! The `hybridlint` binary: parses the command line and maps errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use hybridlint::app::{self, EXIT_USAGE, UsageError};
use hybridlint::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("hybridlint: error: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::from(EXIT_USAGE)
            }
        }
    }
}
