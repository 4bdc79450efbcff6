//! probe-lab: real DNS and HTTPS servers on 127.0.0.1 with planted faults, for testing
//! hybridlint's live probes without mocks and without the internet.
//!
//! [`Lab::start`] reads `DIR/lab.toml` (format: see the crate README), generates a CA and the
//! endpoints' certificates, and starts everything inside its own tokio runtime on a background
//! thread, so that both synchronous tests and code running in another runtime can use it.
//! Dropping the [`Lab`] stops every server and removes the temporary folder holding `ca.pem`.
//!
//! ```no_run
//! let lab = probe_lab::Lab::start(std::path::Path::new("fixtures/probe-lab/tenant"))?;
//! let args = lab.hybridlint_args(); // --nameserver … --resolve … --ca-cert …
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod certs;
pub mod dns;
pub mod endpoint;
pub mod http;
pub mod spec;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use tokio::sync::oneshot;

pub use spec::{Behaviour, CertKind, Mode};

/// One running endpoint, as started.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Its label in `lab.toml`.
    pub name: String,
    /// The host names it serves (each becomes a `--resolve HOST=ADDR` argument).
    pub hosts: Vec<String>,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The certificate it presents (in `https` mode).
    pub certificate: CertKind,
    /// How it behaves.
    pub mode: Mode,
    /// The paths of its routes.
    pub routes: Vec<String>,
}

/// A running lab. Dropping it stops every server.
pub struct Lab {
    dns_addr: SocketAddr,
    silent_dns_addr: SocketAddr,
    zones: Vec<String>,
    servfail: Vec<String>,
    endpoints: Vec<Endpoint>,
    ca_pem: String,
    ca_path: PathBuf,
    _ca_dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What the background thread reports once everything listens.
struct Started {
    dns_addr: SocketAddr,
    silent_dns_addr: SocketAddr,
    zones: Vec<String>,
    addrs: Vec<SocketAddr>,
}

impl Lab {
    /// Reads `dir/lab.toml`, starts every server, and returns once all of them listen.
    pub fn start(dir: &Path) -> Result<Lab> {
        let loaded = spec::load(dir)?;
        let authorities = certs::Authorities::generate()?;
        let mut identities = Vec::new();
        for ep in &loaded.spec.endpoints {
            identities.push(
                authorities
                    .issue(ep.certificate, &ep.hosts)
                    .with_context(|| format!("endpoint {:?}: certificate", ep.name))?,
            );
        }

        let ca_dir = tempfile::Builder::new()
            .prefix("probe-lab-")
            .tempdir()
            .context("creating the lab's temporary folder")?;
        let ca_path = ca_dir.path().join("ca.pem");
        let ca_pem = authorities.lab_ca_pem();
        std::fs::write(&ca_path, &ca_pem)
            .with_context(|| format!("writing {}", ca_path.display()))?;

        let endpoints_meta: Vec<Endpoint> = loaded
            .spec
            .endpoints
            .iter()
            .map(|ep| Endpoint {
                name: ep.name.clone(),
                hosts: ep.hosts.clone(),
                addr: SocketAddr::from(([127, 0, 0, 1], 0)),
                certificate: ep.certificate,
                mode: ep.mode,
                routes: ep.routes.iter().map(|r| r.path.clone()).collect(),
            })
            .collect();
        let servfail = loaded.spec.dns.servfail.clone();

        let (ready_tx, ready_rx) = mpsc::channel::<Result<Started>>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("probe-lab".into())
            .spawn(move || run(loaded, identities, ready_tx, stop_rx))
            .context("spawning the lab thread")?;

        let started = match ready_rx.recv() {
            Ok(Ok(started)) => started,
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(e);
            }
            Err(_) => {
                let _ = thread.join();
                return Err(anyhow!("the lab thread stopped before it was ready"));
            }
        };
        let endpoints = endpoints_meta
            .into_iter()
            .zip(started.addrs)
            .map(|(ep, addr)| Endpoint { addr, ..ep })
            .collect();
        Ok(Lab {
            dns_addr: started.dns_addr,
            silent_dns_addr: started.silent_dns_addr,
            zones: started.zones,
            servfail,
            endpoints,
            ca_pem,
            ca_path,
            _ca_dir: ca_dir,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The authoritative DNS server (UDP and TCP on the same port).
    pub fn dns_addr(&self) -> SocketAddr {
        self.dns_addr
    }

    /// A DNS port (UDP and TCP) that reads queries and never answers.
    pub fn silent_dns_addr(&self) -> SocketAddr {
        self.silent_dns_addr
    }

    /// The address of the endpoint labelled `name`.
    ///
    /// # Panics
    /// When the lab has no such endpoint (a test-writing error; see [`Lab::try_endpoint`]).
    pub fn endpoint(&self, name: &str) -> SocketAddr {
        self.try_endpoint(name).unwrap_or_else(|| {
            let known: Vec<&str> = self.endpoints.iter().map(|e| e.name.as_str()).collect();
            panic!("probe-lab: no endpoint named {name:?}; the lab has {known:?}")
        })
    }

    /// The address of the endpoint labelled `name`, if there is one.
    pub fn try_endpoint(&self, name: &str) -> Option<SocketAddr> {
        self.endpoints
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.addr)
    }

    /// The address serving `host` (case-insensitive), if any endpoint lists it.
    pub fn endpoint_for_host(&self, host: &str) -> Option<SocketAddr> {
        self.endpoints
            .iter()
            .find(|e| e.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)))
            .map(|e| e.addr)
    }

    /// Every endpoint, in `lab.toml` order.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    /// The PEM file of the lab CA (the only CA a probe should trust).
    pub fn ca_cert_path(&self) -> &Path {
        &self.ca_path
    }

    /// The PEM text of the lab CA.
    pub fn ca_cert_pem(&self) -> &str {
        &self.ca_pem
    }

    /// hybridlint's flags for this lab: `--nameserver 127.0.0.1:P`, one `--resolve HOST=ADDR`
    /// per host of every endpoint, and `--ca-cert FILE`.
    pub fn hybridlint_args(&self) -> Vec<String> {
        let mut args = vec!["--nameserver".to_string(), self.dns_addr.to_string()];
        for ep in &self.endpoints {
            for host in &ep.hosts {
                args.push("--resolve".to_string());
                args.push(format!("{host}={}", ep.addr));
            }
        }
        args.push("--ca-cert".to_string());
        args.push(self.ca_path.display().to_string());
        args
    }

    /// One human-readable line per service: what listens where.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
                "dns        {} udp+tcp  zones: {}{}",
                self.dns_addr,
                if self.zones.is_empty() {
                    "(none)".to_string()
                } else {
                    self.zones.join(", ")
                },
                if self.servfail.is_empty() {
                    String::new()
                } else {
                    format!("; SERVFAIL: {}", self.servfail.join(", "))
                }
            ),
            format!("dns-silent {} udp+tcp  never answers", self.silent_dns_addr),
        ];
        for ep in &self.endpoints {
            let what = match ep.mode {
                Mode::Https => format!(
                    "https, {} certificate, routes: {}",
                    ep.certificate,
                    if ep.routes.is_empty() {
                        "(none)".to_string()
                    } else {
                        ep.routes.join(" ")
                    }
                ),
                Mode::Refuse => "refuses connections".to_string(),
                Mode::Silent => "accepts, never sends a byte".to_string(),
                Mode::Reset => "accepts, then resets".to_string(),
                Mode::Plain => "plain HTTP 400, not TLS".to_string(),
            };
            lines.push(format!(
                "endpoint   {} {}  [{}] {}",
                ep.addr,
                ep.name,
                ep.hosts.join(", "),
                what
            ));
        }
        lines.push(format!("ca-cert    {}", self.ca_path.display()));
        lines
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The background thread: builds the runtime, starts the servers, reports, waits for the stop.
fn run(
    loaded: spec::LoadedSpec,
    identities: Vec<certs::ServerIdentity>,
    ready: mpsc::Sender<Result<Started>>,
    stop: oneshot::Receiver<()>,
) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("probe-lab-worker")
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = ready.send(Err(anyhow!(e).context("building the lab's tokio runtime")));
            return;
        }
    };
    runtime.block_on(async move {
        let started = async {
            let dns = dns::start(&loaded.spec.dns, &loaded.zones).await?;
            let mut endpoints = endpoint::Endpoints::default();
            let mut addrs = Vec::new();
            for ((ep, identity), routes) in loaded
                .spec
                .endpoints
                .iter()
                .zip(identities)
                .zip(loaded.routes)
            {
                addrs.push(endpoints.start(&ep.name, ep.mode, identity, routes).await?);
            }
            anyhow::Ok((dns, endpoints, addrs))
        }
        .await;
        match started {
            Ok((dns, endpoints, addrs)) => {
                let report = Started {
                    dns_addr: dns.addr,
                    silent_dns_addr: dns.silent_addr,
                    zones: dns.origins.clone(),
                    addrs,
                };
                if ready.send(Ok(report)).is_ok() {
                    let _ = stop.await;
                }
                drop(endpoints);
                drop(dns);
            }
            Err(e) => {
                let _ = ready.send(Err(e));
            }
        }
    });
    runtime.shutdown_timeout(Duration::from_secs(2));
}
