//! The HTTPS probe: a TLS handshake that records the chain (see `tls`), then, when a standard
//! client would accept the certificate, one GET through reqwest with the same roots, the same
//! DNS and a bounded read: redirects are followed up to a limit and loops are named, the body is
//! read up to a cap, and the whole request is bounded by the timeout.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;

use super::Context;
use super::dns::elapsed_ms;
use super::tls;
use crate::domain::limits::MAX_BODY_BYTES;
use crate::recording::{HttpsObservation, HttpsOutcome, KEPT_HEADERS, Purpose};

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// Builds the one HTTP client a probe run shares.
pub fn client(context: &Context) -> Result<reqwest::Client, String> {
    let tls = rustls::ClientConfig::builder_with_provider(context.provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot configure TLS: {e}"))?
        .with_root_certificates(context.roots.clone())
        .with_no_client_auth();
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().iter().any(|u| u == attempt.url()) {
            let looped = attempt.url().to_string();
            attempt.error(format!("redirect loop: {looped} was already visited"))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .redirect(redirects)
        .timeout(context.timeout)
        .connect_timeout(context.timeout)
        .no_proxy()
        .user_agent(concat!("hybridlint/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(super::resolve::HickoryResolve(
            context.resolver.clone(),
        )));
    for (host, addr) in &context.connect_to {
        builder = builder.resolve(host, *addr);
    }
    builder
        .build()
        .map_err(|e| format!("cannot build the HTTPS client: {e}"))
}

/// Probes one URL: handshake, then GET.
pub async fn probe(context: Arc<Context>, url: String, purpose: Purpose) -> HttpsObservation {
    let started = Instant::now();
    let mut observation = HttpsObservation::new(url.clone(), purpose, HttpsOutcome::Error);
    run(&context, &url, &mut observation).await;
    observation.elapsed_ms = elapsed_ms(started);
    observation
}

async fn run(context: &Context, url: &str, observation: &mut HttpsObservation) {
    let fail = |o: &mut HttpsObservation, outcome: HttpsOutcome, error: String| {
        o.outcome = outcome;
        o.error = Some(error);
    };
    let Ok(mut parsed) = Url::parse(url) else {
        return fail(
            observation,
            HttpsOutcome::Error,
            format!("`{url}` is not a URL"),
        );
    };
    let Some(host) = parsed.host_str().map(str::to_ascii_lowercase) else {
        return fail(
            observation,
            HttpsOutcome::Error,
            format!("`{url}` names no host"),
        );
    };
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addr = match context.connect_to.get(&host) {
        Some(addr) => {
            observation.connected_to = Some(addr.to_string());
            // reqwest lets the URL's port win over an override, so carry the port in the URL.
            if parsed.set_port(Some(addr.port())).is_err() {
                return fail(
                    observation,
                    HttpsOutcome::Error,
                    format!("cannot set the port of `{url}`"),
                );
            }
            *addr
        }
        None => match resolve(context, &host, port).await {
            Ok(addr) => addr,
            Err(e) => return fail(observation, HttpsOutcome::Unresolved, e),
        },
    };

    let handshake = match tls::handshake(
        addr,
        &host,
        context.roots.clone(),
        context.provider.clone(),
        context.timeout,
    )
    .await
    {
        Ok(h) => h,
        Err(f) => return fail(observation, f.outcome, f.error),
    };
    observation.tls = Some(handshake.observation);
    if let Err(why) = handshake.accepted_now {
        return fail(
            observation,
            HttpsOutcome::CertificateRejected,
            format!("the certificate is not accepted ({why}); no request was sent"),
        );
    }

    let response = match context.client.get(parsed.clone()).send().await {
        Ok(r) => r,
        Err(e) => {
            let (outcome, text) = classify(&e, context.timeout);
            return fail(observation, outcome, text);
        }
    };
    observation.status = Some(response.status().as_u16());
    if response.url() != &parsed {
        observation.redirects.push(response.url().to_string());
    }
    for name in KEPT_HEADERS {
        if let Some(v) = response.headers().get(*name) {
            observation.headers.insert(
                (*name).to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            );
        }
    }
    observation.outcome = HttpsOutcome::Response;
    read_body(response, observation, context.timeout).await;
}

/// Reads the body up to the cap; a body that does not end in time is recorded as a timeout.
async fn read_body(
    mut response: reqwest::Response,
    observation: &mut HttpsObservation,
    timeout: Duration,
) {
    let mut body: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_BODY_BYTES.saturating_sub(body.len());
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    observation.body_truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                let (outcome, text) = classify(&e, timeout);
                observation.outcome = outcome;
                observation.error = Some(format!(
                    "{text} while reading the body, after {} bytes",
                    body.len()
                ));
                break;
            }
        }
    }
    observation.body_bytes = body.len() as u64;
    if !observation.body_truncated && observation.error.is_none() {
        observation.body = Some(String::from_utf8_lossy(&body).into_owned());
    }
}

/// Resolves `host` through the probe run's resolver (the same `--nameserver` as DNS probes).
async fn resolve(context: &Context, host: &str, port: u16) -> Result<SocketAddr, String> {
    let absolute = format!("{}.", host.trim_end_matches('.'));
    match tokio::time::timeout(
        context.timeout,
        context.resolver.lookup_ip(absolute.as_str()),
    )
    .await
    {
        Err(_) => Err(format!(
            "`{host}` did not resolve within {} s",
            context.timeout.as_secs_f32()
        )),
        Ok(Err(e)) => Err(format!(
            "`{host}` does not resolve: {}",
            super::dns::describe(&e, "A or AAAA")
        )),
        Ok(Ok(ips)) => ips
            .iter()
            .next()
            .map(|ip| SocketAddr::new(ip, port))
            .ok_or_else(|| format!("`{host}` has no address")),
    }
}

/// Names a reqwest error by what a person would call it.
fn classify(e: &reqwest::Error, timeout: Duration) -> (HttpsOutcome, String) {
    let chain = error_chain(e);
    if e.is_redirect() {
        let outcome = if chain.contains("redirect loop") {
            HttpsOutcome::RedirectLoop
        } else {
            HttpsOutcome::TooManyRedirects
        };
        return (outcome, chain);
    }
    if e.is_timeout() {
        return (
            HttpsOutcome::Timeout,
            format!("no complete answer within {} s", timeout.as_secs_f32()),
        );
    }
    let lower = chain.to_ascii_lowercase();
    if lower.contains("connection refused") {
        (HttpsOutcome::Refused, chain)
    } else if lower.contains("reset") {
        (HttpsOutcome::Reset, chain)
    } else {
        (HttpsOutcome::Error, chain)
    }
}

/// The error and its sources, joined: reqwest's top-level text alone rarely says what happened.
fn error_chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}
