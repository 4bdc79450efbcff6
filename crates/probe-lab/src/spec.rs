//! The lab specification: `lab.toml` parsed into typed structures, validated, and with every
//! file it names (zone files, response bodies) read into memory.
//!
//! Nothing here touches the network. Errors carry the path of `lab.toml` and the name of the
//! endpoint or route they concern, so a broken fixture says what to fix.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;

/// A whole lab: DNS plus any number of HTTPS (or faulty) endpoints.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabSpec {
    /// The authoritative DNS server's configuration (optional: without it the server knows no zone).
    #[serde(default)]
    pub dns: DnsSpec,
    /// The endpoints, in file order.
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<EndpointSpec>,
}

/// `[dns]`: the in-process authoritative server.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DnsSpec {
    /// Zone files, relative to `lab.toml`. Each must set `$ORIGIN`.
    #[serde(default)]
    pub zones: Vec<PathBuf>,
    /// Names answered with SERVFAIL, whatever the query type.
    #[serde(default)]
    pub servfail: Vec<String>,
    /// Delay before every answer, in milliseconds.
    #[serde(default)]
    pub delay_ms: u64,
}

/// `[[endpoint]]`: one listening port with one certificate and one way of behaving.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EndpointSpec {
    /// The label used with `Lab::endpoint(name)`; unique within the lab.
    pub name: String,
    /// Host names the probe asks for; they become the leaf's SANs and `--resolve` arguments.
    pub hosts: Vec<String>,
    /// Which kind of certificate the endpoint presents.
    #[serde(default)]
    pub certificate: CertKind,
    /// How the port behaves at the transport level.
    #[serde(default)]
    pub mode: Mode,
    /// The HTTP routes (only used in `https` mode).
    #[serde(default, rename = "route")]
    pub routes: Vec<RouteSpec>,
}

/// The certificate an endpoint presents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertKind {
    /// Lab CA, SAN = hosts, 2020-01-01 .. 2099-12-31.
    #[default]
    Valid,
    /// Lab CA, SAN = hosts, 2020-01-01 .. 2021-01-01.
    Expired,
    /// Lab CA, SAN = hosts, 2090-01-01 .. 2099-12-31.
    NotYetValid,
    /// Lab CA, SAN = `wrong-name.invalid`, valid dates.
    WrongName,
    /// A second CA that is not in `ca.pem`, SAN = hosts, valid dates.
    Untrusted,
}

/// How an endpoint's port behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// TLS, then the routes over HTTP/1.1.
    #[default]
    Https,
    /// The port is bound but never listens: connections are refused.
    Refuse,
    /// Accepts TCP connections and never sends a byte.
    Silent,
    /// Accepts, reads what the client sends first, then closes with RST (SO_LINGER 0).
    Reset,
    /// Not TLS: answers whatever arrives with a plain HTTP/1.1 400.
    Plain,
}

/// `[[endpoint.route]]`: the answer for one exact path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RouteSpec {
    /// Exact path (the query string of a request is ignored when matching).
    pub path: String,
    /// HTTP status code (default 200).
    #[serde(default = "default_status")]
    pub status: u16,
    /// `Content-Type` header; defaults from the body file's extension (see README).
    pub content_type: Option<String>,
    /// Body file, relative to `lab.toml`.
    pub body: Option<PathBuf>,
    /// Inline body text (mutually exclusive with `body`).
    pub body_text: Option<String>,
    /// Delay before the response headers, in milliseconds.
    #[serde(default)]
    pub delay_ms: u64,
    /// Extra response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A faulty way of answering.
    #[serde(default, alias = "behavior")]
    pub behaviour: Behaviour,
}

fn default_status() -> u16 {
    200
}

/// How a route answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Behaviour {
    /// Status, headers and the whole body with `Content-Length`.
    #[default]
    Normal,
    /// The status with a chunked body that never ends (a chunk every 10 ms).
    EndlessBody,
    /// `Content-Length: 67108864` of `{`, streamed.
    Huge,
    /// 302 to the same path and query, forever.
    RedirectLoop,
    /// Headers at once, then the body one byte per second.
    SlowBody,
}

impl fmt::Display for CertKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CertKind::Valid => "valid",
            CertKind::Expired => "expired",
            CertKind::NotYetValid => "not-yet-valid",
            CertKind::WrongName => "wrong-name",
            CertKind::Untrusted => "untrusted",
        })
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Https => "https",
            Mode::Refuse => "refuse",
            Mode::Silent => "silent",
            Mode::Reset => "reset",
            Mode::Plain => "plain",
        })
    }
}

/// A zone file, read.
#[derive(Debug, Clone)]
pub struct ZoneFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// A route with its body loaded and its content type decided.
#[derive(Debug, Clone)]
pub struct Route {
    /// Exact path.
    pub path: String,
    /// Status code.
    pub status: u16,
    /// `Content-Type` header value.
    pub content_type: String,
    /// Body bytes (empty when the route names none).
    pub body: Vec<u8>,
    /// Delay before the headers.
    pub delay_ms: u64,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// How to answer.
    pub behaviour: Behaviour,
}

/// A lab specification with every referenced file read and every value checked.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The folder holding `lab.toml`.
    pub dir: PathBuf,
    /// The parsed spec as written.
    pub spec: LabSpec,
    /// Zone files, in `[dns] zones` order.
    pub zones: Vec<ZoneFile>,
    /// Routes per endpoint, in the same order as `spec.endpoints`.
    pub routes: Vec<Vec<Route>>,
}

/// Reads `dir/lab.toml` and everything it names.
pub fn load(dir: &Path) -> Result<LoadedSpec> {
    let path = dir.join("lab.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let spec: LabSpec =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    validate(&spec).with_context(|| format!("checking {}", path.display()))?;

    let mut zones = Vec::new();
    for zone in &spec.dns.zones {
        let zpath = dir.join(zone);
        let text = std::fs::read_to_string(&zpath)
            .with_context(|| format!("reading zone file {}", zpath.display()))?;
        zones.push(ZoneFile { path: zpath, text });
    }

    let mut routes = Vec::new();
    for endpoint in &spec.endpoints {
        let mut loaded = Vec::new();
        for route in &endpoint.routes {
            loaded.push(load_route(dir, route).with_context(|| {
                format!(
                    "{}: endpoint {:?}, route {:?}",
                    path.display(),
                    endpoint.name,
                    route.path
                )
            })?);
        }
        routes.push(loaded);
    }

    Ok(LoadedSpec {
        dir: dir.to_path_buf(),
        spec,
        zones,
        routes,
    })
}

fn validate(spec: &LabSpec) -> Result<()> {
    for name in &spec.dns.servfail {
        ensure!(
            !name.trim().is_empty(),
            "[dns] servfail: an empty name is not allowed"
        );
    }
    let mut names = BTreeSet::new();
    let mut hosts = BTreeMap::new();
    for endpoint in &spec.endpoints {
        ensure!(
            !endpoint.name.is_empty(),
            "an [[endpoint]] has an empty name"
        );
        ensure!(
            names.insert(endpoint.name.as_str()),
            "endpoint name {:?} is used twice",
            endpoint.name
        );
        ensure!(
            !endpoint.hosts.is_empty(),
            "endpoint {:?}: hosts must name at least one host",
            endpoint.name
        );
        for host in &endpoint.hosts {
            check_host(host).with_context(|| format!("endpoint {:?}", endpoint.name))?;
            if let Some(other) = hosts.insert(host.to_ascii_lowercase(), endpoint.name.as_str()) {
                bail!(
                    "host {host:?} is served by both endpoint {other:?} and endpoint {:?}",
                    endpoint.name
                );
            }
        }
        if endpoint.mode != Mode::Https && !endpoint.routes.is_empty() {
            bail!(
                "endpoint {:?}: routes are only served in mode \"https\", not {:?}",
                endpoint.name,
                endpoint.mode.to_string()
            );
        }
        let mut paths = BTreeSet::new();
        for route in &endpoint.routes {
            ensure!(
                route.path.starts_with('/'),
                "endpoint {:?}: route path {:?} must start with '/'",
                endpoint.name,
                route.path
            );
            ensure!(
                paths.insert(route.path.as_str()),
                "endpoint {:?}: route path {:?} is listed twice",
                endpoint.name,
                route.path
            );
        }
    }
    Ok(())
}

fn check_host(host: &str) -> Result<()> {
    ensure!(
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '*')),
        "host {host:?} is not a DNS name (letters, digits, '-', '.', '_', '*')"
    );
    ensure!(
        !host.ends_with('.'),
        "host {host:?}: write it without the trailing dot"
    );
    Ok(())
}

fn load_route(dir: &Path, route: &RouteSpec) -> Result<Route> {
    ensure!(
        (100..=999).contains(&route.status),
        "status {} is not a three-digit HTTP status",
        route.status
    );
    let body = match (&route.body, &route.body_text) {
        (Some(_), Some(_)) => bail!("give either body or body-text, not both"),
        (Some(file), None) => {
            let p = dir.join(file);
            std::fs::read(&p).with_context(|| format!("reading body file {}", p.display()))?
        }
        (None, Some(text)) => text.clone().into_bytes(),
        (None, None) => Vec::new(),
    };
    if route.behaviour == Behaviour::SlowBody {
        ensure!(
            !body.is_empty(),
            "behaviour \"slow-body\" needs a body (body or body-text) to trickle"
        );
    }
    let content_type = match &route.content_type {
        Some(ct) => ct.clone(),
        None => default_content_type(route.body.as_deref()).to_string(),
    };
    check_header("Content-Type", &content_type)?;
    let mut headers = Vec::new();
    for (name, value) in &route.headers {
        check_header(name, value)?;
        headers.push((name.clone(), value.clone()));
    }
    Ok(Route {
        path: route.path.clone(),
        status: route.status,
        content_type,
        body,
        delay_ms: route.delay_ms,
        headers,
        behaviour: route.behaviour,
    })
}

/// The `Content-Type` used when a route gives none: from the body file's extension.
pub fn default_content_type(body: Option<&Path>) -> &'static str {
    match body
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("json") => "application/json; charset=utf-8",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

fn check_header(name: &str, value: &str) -> Result<()> {
    ensure!(
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)),
        "header name {name:?} is not an HTTP token"
    );
    ensure!(
        !value.contains(['\r', '\n']),
        "header {name}: the value must not contain CR or LF"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys_and_duplicate_hosts() {
        let unknown = toml::from_str::<LabSpec>("[dns]\nzone = []\n");
        assert!(unknown.is_err(), "a misspelt key must be an error");

        let spec: LabSpec = toml::from_str(
            r#"
            [[endpoint]]
            name = "a"
            hosts = ["x.test"]
            [[endpoint]]
            name = "b"
            hosts = ["X.test"]
            "#,
        )
        .expect("valid TOML");
        let err = validate(&spec).expect_err("the same host twice must be refused");
        assert!(err.to_string().contains("served by both"), "{err}");
    }
}
