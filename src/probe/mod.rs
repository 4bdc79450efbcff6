//! Live probes: the third kind of evidence. A probe run asks DNS and HTTPS endpoints the
//! questions the facts call for, all at once, and writes down what it saw as a `Recording`.
//! Probes never judge: the recording goes through the same loader as a recording file, and the
//! rules judge the model built from it. Nothing here runs unless `--probe` or `probe` asks.

pub mod dns;
pub mod https;
pub mod options;
pub mod plan;
mod resolve;
pub mod tls;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use rustls::RootCertStore;
use rustls::crypto::CryptoProvider;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use options::ProbeOptions;
pub use plan::ProbePlan;

use crate::recording::{
    DnsObservation, DnsOutcome, HttpsObservation, HttpsOutcome, Recording, VERSION,
};

/// What every probe in a run shares.
pub struct Context {
    pub resolver: TokioResolver,
    pub client: reqwest::Client,
    pub roots: Arc<RootCertStore>,
    pub provider: Arc<CryptoProvider>,
    pub connect_to: BTreeMap<String, SocketAddr>,
    pub timeout: Duration,
}

/// The whole run may take this many timeouts (an endpoint probe is a connection, a handshake
/// and a request, each bounded by one timeout), plus a second of slack.
const RUN_BOUND_IN_TIMEOUTS: u32 = 3;

/// Installs the ring crypto provider for the process (reqwest is built without one, to keep
/// aws-lc out of the build). Safe to call more than once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Runs every planned probe concurrently and records what each saw. Builds its own tokio
/// runtime: call it from synchronous code, never from inside a runtime.
pub fn run(
    plan: &ProbePlan,
    options: &ProbeOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Recording, String> {
    install_crypto_provider();
    let observed_at = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .format(&Rfc3339)
        .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the probe runtime: {e}"))?;
    let (dns, https) = runtime.block_on(run_all(plan, options, progress))?;
    // Dropping the runtime here, outside any async context, is what tokio requires.
    drop(runtime);
    Ok(Recording {
        version: VERSION,
        tool: concat!("hybridlint ", env!("CARGO_PKG_VERSION")).to_string(),
        observed_at,
        facts: plan.facts.clone(),
        dns,
        https,
    })
}

async fn run_all(
    plan: &ProbePlan,
    options: &ProbeOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<DnsObservation>, Vec<HttpsObservation>), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in &options.extra_roots {
        roots
            .add(der.clone())
            .map_err(|e| format!("a --ca-cert certificate cannot be used as a root: {e}"))?;
    }
    let resolver = dns::resolver(&options.nameservers, options.timeout)?;
    if !plan.dns.is_empty() {
        dns::check_resolver_answers(&resolver, &options.nameservers, options.timeout).await?;
    }
    let mut context = Context {
        resolver,
        client: reqwest::Client::new(),
        roots: Arc::new(roots),
        provider,
        connect_to: options.connect_to.clone(),
        timeout: options.timeout,
    };
    context.client = https::client(&context)?;
    let context = Arc::new(context);

    let dns_tasks: Vec<_> = plan
        .dns
        .iter()
        .map(|(name, rtype, purpose)| {
            let context = context.clone();
            let (name, rtype, purpose) = (name.clone(), *rtype, *purpose);
            tokio::spawn(async move {
                dns::query(&context.resolver, &name, rtype, purpose, context.timeout).await
            })
        })
        .collect();
    let https_tasks: Vec<_> = plan
        .https
        .iter()
        .map(|(url, purpose)| tokio::spawn(https::probe(context.clone(), url.clone(), *purpose)))
        .collect();

    let bound = options.timeout * RUN_BOUND_IN_TIMEOUTS + Duration::from_secs(1);
    let deadline = tokio::time::Instant::now() + bound;
    let total = dns_tasks.len() + https_tasks.len();
    let mut done = 0;
    progress(done, total);
    let mut dns_out = Vec::with_capacity(dns_tasks.len());
    for (task, (name, rtype, purpose)) in dns_tasks.into_iter().zip(&plan.dns) {
        let abort = task.abort_handle();
        dns_out.push(match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(observation)) => observation,
            outcome => {
                abort.abort();
                DnsObservation {
                    name: name.clone(),
                    record_type: rtype.to_string(),
                    purpose: *purpose,
                    outcome: DnsOutcome::Timeout,
                    error: Some(unfinished(&outcome.err(), bound)),
                    answers: Vec::new(),
                    elapsed_ms: dns::millis(bound),
                }
            }
        });
        done += 1;
        progress(done, total);
    }
    let mut https_out = Vec::with_capacity(https_tasks.len());
    for (task, (url, purpose)) in https_tasks.into_iter().zip(&plan.https) {
        let abort = task.abort_handle();
        https_out.push(match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(observation)) => observation,
            outcome => {
                abort.abort();
                HttpsObservation {
                    error: Some(unfinished(&outcome.err(), bound)),
                    elapsed_ms: dns::millis(bound),
                    ..HttpsObservation::new(url.clone(), *purpose, HttpsOutcome::Timeout)
                }
            }
        });
        done += 1;
        progress(done, total);
    }
    Ok((dns_out, https_out))
}

fn unfinished(elapsed: &Option<tokio::time::error::Elapsed>, bound: Duration) -> String {
    match elapsed {
        Some(_) => format!(
            "the probe run's bound of {} s passed before this probe finished",
            bound.as_secs_f32()
        ),
        None => "the probe stopped unexpectedly".to_string(),
    }
}
