//! The `hybridlint` binary: parses the command line and maps errors to exit codes.

use std::process::ExitCode;

use hybridlint::app::{self, EXIT_USAGE};
use hybridlint::cli::Cli;

mod allocator;

fn main() -> ExitCode {
    allocator::give_back_freed_memory_soon();
    allocator::route_tree_sitter_here();
    // reqwest is built without a crypto provider (ring only, no aws-lc): install it first.
    hybridlint::probe::install_crypto_provider();
    let cli = Cli::parse_args();
    match app::run(cli) {
        Ok(code) => ExitCode::from(code),
        // The reader closed the pipe (`| head -1`): it has what it wanted; say nothing.
        Err(err) if hybridlint::stdout::is_broken_pipe(&err) => {
            ExitCode::from(hybridlint::stdout::EXIT_BROKEN_PIPE)
        }
        // Usage errors, bad config or rule files, and failures such as an unwritable --output all
        // end the run abnormally; like ruff, that is exit status 2 (1 means "findings").
        Err(err) => {
            eprintln!("hybridlint: error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
