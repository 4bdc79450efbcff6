//! Standard output for everything hybridlint prints. Each write returns its error instead of
//! panicking as `print!` does, so a reader that closes the pipe early (`hybridlint model . | head
//! -1`) ends the run quietly: `main` sees the broken pipe and exits with the status a Unix tool
//! killed by SIGPIPE reports (141), with no message.

use std::io::{self, Write};

/// The exit status after a closed pipe: 128 + SIGPIPE (13), what a shell reports for `cat`, `ls`
/// and other tools that the signal ends.
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> io::Result<()> {
    write_bytes(text.as_bytes())
}

/// Writes `bytes` to standard output and flushes them.
pub fn write_bytes(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Whether `err` (or any error it wraps) is a write to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_recognised_through_context() {
        let err = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe))
            .context("cannot write the report");
        assert!(is_broken_pipe(&err));
        let other = anyhow::Error::from(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(!is_broken_pipe(&other));
    }
}
