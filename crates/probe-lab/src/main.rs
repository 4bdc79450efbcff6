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

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("building the waiting runtime")?;
    let reason = runtime.block_on(wait(!cli.ignore_stdin));
    drop(lab);
    // A blocked stdin read must not hold the process open.
    runtime.shutdown_background();
    eprintln!("probe-lab: stopped ({reason})");
    Ok(())
}

/// Waits for the first stop condition and names it.
async fn wait(watch_stdin: bool) -> &'static str {
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
        _ = tokio::signal::ctrl_c() => "Ctrl-C",
        _ = terminate() => "SIGTERM",
    }
}

#[cfg(unix)]
async fn terminate() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending().await
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
