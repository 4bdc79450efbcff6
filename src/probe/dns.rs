//! DNS probes: one query per planned name, through hickory-resolver (the system's resolvers, or
//! `--nameserver` over UDP falling back to TCP), recorded as an observation: answers in zone-file
//! form, or exactly how the lookup failed (NXDOMAIN, NODATA, SERVFAIL, REFUSED, timeout).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RecordType;
use hickory_resolver::{Resolver, TokioResolver};

use crate::recording::{DnsAnswer, DnsObservation, DnsOutcome, Purpose};

/// Builds the resolver every DNS probe (and every HTTPS connection) uses.
pub fn resolver(nameservers: &[SocketAddr], timeout: Duration) -> Result<TokioResolver, String> {
    let mut builder = if nameservers.is_empty() {
        Resolver::builder_tokio()
            .map_err(|e| format!("cannot read the system's DNS configuration: {e}"))?
    } else {
        let servers = nameservers
            .iter()
            .map(|addr| {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
            })
            .collect();
        Resolver::builder_with_config(
            ResolverConfig::from_name_servers(servers),
            TokioRuntimeProvider::default(),
        )
    };
    let options = builder.options_mut();
    options.timeout = timeout;
    options.attempts = 1;
    builder
        .build()
        .map_err(|e| format!("cannot build the DNS resolver: {e}"))
}

/// Looks up `name` (absolute: no search domains are tried) and records what happened.
pub async fn query(
    resolver: &TokioResolver,
    name: &str,
    record_type: RecordType,
    purpose: Purpose,
    timeout: Duration,
) -> DnsObservation {
    let started = Instant::now();
    let absolute = if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    };
    let result =
        tokio::time::timeout(timeout, resolver.lookup(absolute.as_str(), record_type)).await;
    let mut observation = DnsObservation {
        name: name.trim_end_matches('.').to_ascii_lowercase(),
        record_type: record_type.to_string(),
        purpose,
        outcome: DnsOutcome::Answered,
        error: None,
        answers: Vec::new(),
        elapsed_ms: 0,
    };
    match result {
        Err(_) => {
            observation.outcome = DnsOutcome::Timeout;
            observation.error = Some(format!("no answer within {} s", timeout.as_secs_f32()));
        }
        Ok(Ok(lookup)) => {
            observation.answers = lookup
                .answers()
                .iter()
                .map(|r| DnsAnswer {
                    name: r.name.to_string().to_ascii_lowercase(),
                    record_type: r.record_type().to_string(),
                    ttl: r.ttl,
                    data: r.data.to_string(),
                })
                .collect();
        }
        Ok(Err(e)) => {
            observation.outcome = classify(&e);
            observation.error = Some(describe(&e, &record_type.to_string()));
        }
    }
    observation.elapsed_ms = elapsed_ms(started);
    observation
}

/// A name every hybrid OAuth token request resolves, and so one any working resolver on a
/// connected machine can answer: asking it first tells "the customer's DNS is wrong" from "this
/// machine cannot reach DNS at all".
pub const WELL_KNOWN_NAME: &str = "login.microsoftonline.com";

/// Asks the resolver for `WELL_KNOWN_NAME` before any probe is judged. With the system's resolver
/// the name must resolve (an offline stub resolver answers everything with no records); with
/// `--nameserver` servers, which may be authoritative for the customer's zones only, any DNS
/// response will do (a refusal too): only silence or a network error means they are unavailable.
/// The error is the one message the run ends with.
pub async fn check_resolver_answers(
    resolver: &TokioResolver,
    nameservers: &[SocketAddr],
    timeout: Duration,
) -> Result<(), String> {
    let absolute = format!("{WELL_KNOWN_NAME}.");
    let result =
        tokio::time::timeout(timeout, resolver.lookup(absolute.as_str(), RecordType::A)).await;
    let explicit = !nameservers.is_empty();
    let problem = match result {
        Err(_) => format!("no answer within {} s", timeout.as_secs_f32()),
        Ok(Ok(lookup)) if explicit || !lookup.answers().is_empty() => return Ok(()),
        Ok(Ok(_)) => "an empty answer".to_string(),
        Ok(Err(e)) => {
            let responded = e.is_nx_domain()
                || e.is_no_records_found()
                || matches!(e, NetError::Dns(DnsError::ResponseCode(_)));
            if explicit && responded {
                return Ok(());
            }
            describe(&e, "A")
        }
    };
    let who = if explicit {
        let list: Vec<String> = nameservers.iter().map(ToString::to_string).collect();
        format!("the DNS server {}", list.join(", "))
    } else {
        "the system's DNS resolver".to_string()
    };
    Err(format!(
        "the network or the DNS resolver is unavailable: asked {who} for the well-known name {WELL_KNOWN_NAME}: {problem}. No probe was judged, so no dns/* or endpoint/* finding is reported. Check the network connection, or name a working DNS server with --nameserver IP:PORT."
    ))
}

/// A failed lookup in words a report can show. hickory's own text for "no records" prints the
/// query with Rust's debug formatting (`Query { name: Name(…) … }`), which no user should see.
pub fn describe(e: &NetError, record_type: &str) -> String {
    if e.is_nx_domain() {
        return "no such name (NXDOMAIN)".to_string();
    }
    if e.is_no_records_found() {
        return format!("no {record_type} record (NODATA)");
    }
    match e {
        NetError::Timeout => "no answer in time".to_string(),
        NetError::Dns(DnsError::ResponseCode(code)) => {
            format!("an error response ({})", code.to_str().to_ascii_uppercase())
        }
        NetError::Io(io) => format!("a network error ({io})"),
        NetError::NoConnections => "no connection to any DNS server".to_string(),
        other => format!("an error ({other})"),
    }
}

fn classify(e: &NetError) -> DnsOutcome {
    if e.is_nx_domain() {
        return DnsOutcome::Nxdomain;
    }
    if e.is_no_records_found() {
        return DnsOutcome::NoRecords;
    }
    match e {
        NetError::Timeout => DnsOutcome::Timeout,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)) => DnsOutcome::Servfail,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => DnsOutcome::Refused,
        _ => {
            let text = e.to_string().to_ascii_lowercase();
            if text.contains("timed out") || text.contains("timeout") {
                DnsOutcome::Timeout
            } else if text.contains("servfail") || text.contains("server failure") {
                DnsOutcome::Servfail
            } else {
                DnsOutcome::Error
            }
        }
    }
}

pub fn elapsed_ms(started: Instant) -> u64 {
    millis(started.elapsed())
}

/// A duration in whole milliseconds, as recordings store it.
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
