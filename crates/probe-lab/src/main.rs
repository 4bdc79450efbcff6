//! `probe-lab DIR`: starts the lab described by `DIR/lab.toml`, prints what listens where and a
//! ready-to-paste `hybridlint-args:` line, and runs until stdin closes, Ctrl-C or SIGTERM.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;
use tokio::io::AsyncReadExt;

/// Loopback DNS and HTTPS servers with planted faults, for hybridlint's live probes.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// Folder holding lab.toml (e.g. fixtures/probe-lab/tenant)
    dir: PathBuf,
    /// Also write hybridlint's arguments to FILE, one per line
    #[arg(long, value_name = "FILE")]
    args_file: Option<PathBuf>,
    /// Do not stop when stdin closes; only Ctrl-C or SIGTERM stop the lab (for `probe-lab DIR &`)
    #[arg(long)]
    ignore_stdin: bool,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("building the waiting runtime")?;
    // Catch the signals before anything is printed, so a caller that kills the lab as soon as it
    // reads the banner still gets a clean stop (and the temporary CA folder removed).
    let stop = {
        let _context = runtime.enter();
        Signals::catch()?
    };
    let lab = probe_lab::Lab::start(&cli.dir)
        .with_context(|| format!("starting the lab in {}", cli.dir.display()))?;

    let args = lab.hybridlint_args();
    if let Some(file) = &cli.args_file {
        let mut text = args.join("\n");
        text.push('\n');
        std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
    }
    let mut out = std::io::stdout().lock();
    for line in lab.describe() {
        writeln!(out, "{line}")?;
    }
    let quoted: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
    writeln!(out, "hybridlint-args: {}", quoted.join(" "))?;
    if cli.ignore_stdin {
        writeln!(out, "probe-lab: running; Ctrl-C or SIGTERM stops it")?;
    } else {
        writeln!(
            out,
            "probe-lab: running; close stdin (Ctrl-D) or Ctrl-C to stop"
        )?;
    }
    out.flush()?;
    drop(out);

    let reason = runtime.block_on(wait(stop, !cli.ignore_stdin));
    drop(lab);
    // A blocked stdin read must not hold the process open.
    runtime.shutdown_background();
    eprintln!("probe-lab: stopped ({reason})");
    Ok(())
}

/// The stop signals, registered up front.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn catch() -> Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt()).context("catching SIGINT")?,
            terminate: signal(SignalKind::terminate()).context("catching SIGTERM")?,
        })
    }

    #[cfg(not(unix))]
    fn catch() -> Result<Self> {
        Ok(Self {})
    }

    /// Returns the name of the first signal received.
    async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "Ctrl-C",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

/// Waits for the first stop condition and names it.
async fn wait(mut signals: Signals, watch_stdin: bool) -> &'static str {
    let stdin_closed = async {
        if !watch_stdin {
            return std::future::pending().await;
        }
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 1024];
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
    };
    tokio::select! {
        _ = stdin_closed => "stdin closed",
        name = signals.recv() => name,
    }
}

/// Quotes an argument for a POSIX shell when it holds anything but safe characters.
fn shell_quote(arg: &str) -> String {
    let safe = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c));
    if safe {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
