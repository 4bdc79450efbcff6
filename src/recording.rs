//! The recorded-probe file format: everything live probes observed, written by `--record FILE` and
//! read back as evidence, so a probe run replays offline to the same findings. Probes write it,
//! the evidence loader reads it; it holds observations only, never judgements (except the TLS
//! verifier's verdicts, which are what a standard client observed).

use serde::{Deserialize, Serialize};

/// The key that marks a JSON file as a recording, with the format version as its value.
pub const MARKER: &str = "hybridlint-recording";
pub const VERSION: u32 = 1;

/// The only response headers a recording keeps (lower-case names). Nothing that can carry a
/// credential (`set-cookie`, `authorization`, …) is ever written, and a recording read back keeps
/// only these too, whatever the file holds.
pub const KEPT_HEADERS: &[&str] = &["content-type", "location", "server", "www-authenticate"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Recording {
    #[serde(rename = "hybridlint-recording")]
    pub version: u32,
    /// The producing tool and version, for people reading the file.
    #[serde(default)]
    pub tool: String,
    /// When the probes ran (RFC 3339, UTC). Certificate validity is judged at this instant.
    pub observed_at: String,
    /// The facts the probes were derived from.
    #[serde(default)]
    pub facts: ProbeFacts,
    #[serde(default)]
    pub dns: Vec<DnsObservation>,
    #[serde(default)]
    pub https: Vec<HttpsObservation>,
}

/// The facts a probe plan was built from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProbeFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub web_fqdns: Vec<String>,
    /// Whether the evidence shows Exchange on premises (its own metadata or autodiscover URL).
    #[serde(default)]
    pub exchange_on_premises: bool,
}

/// Why a name or URL was probed: rules pick observations by purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// `lyncdiscover.<sip domain>`: external autodiscover.
    Lyncdiscover,
    /// `_sip._tls.<sip domain>` SRV: external sign-in.
    SipSrv,
    /// `sip.<sip domain>`: legacy sign-in fallback.
    SipHost,
    /// `_sipfederationtls._tcp.<sip domain>` SRV: federation.
    FederationSrv,
    /// An external web services FQDN (the SPN host).
    WebServices,
    /// `autodiscover.<smtp domain>`: Exchange autodiscover.
    Autodiscover,
    /// The tenant's ACS metadata document.
    AcsMetadata,
    /// The pool's own metadata document.
    PoolMetadata,
    /// Anything else (forward compatible: unknown purposes are read, not judged).
    #[serde(other)]
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DnsObservation {
    pub name: String,
    /// The query type: A, AAAA, CNAME, SRV.
    #[serde(rename = "type")]
    pub record_type: String,
    pub purpose: Purpose,
    pub outcome: DnsOutcome,
    /// The resolver's error text, when the outcome is not an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<DnsAnswer>,
    #[serde(default)]
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DnsOutcome {
    Answered,
    /// The name does not exist (NXDOMAIN).
    Nxdomain,
    /// The name exists but has no record of this type (NODATA).
    NoRecords,
    /// The server failed (SERVFAIL).
    Servfail,
    /// The server refused (REFUSED).
    Refused,
    /// No answer within the timeout.
    Timeout,
    Error,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DnsAnswer {
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: String,
    #[serde(default)]
    pub ttl: u32,
    /// The record data in zone-file form (`0 0 5061 sipfed.online.lync.com.`).
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct HttpsObservation {
    pub url: String,
    pub purpose: Purpose,
    /// The address connected to, when `--resolve` redirected the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_to: Option<String>,
    pub outcome: HttpsOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Redirects followed, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<String>,
    /// The headers that matter (content-type, location, www-authenticate, server), lower-case names.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub headers: std::collections::BTreeMap<String, String>,
    /// The body, for documents hybridlint reads (metadata, lyncdiscover), up to the cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// How many body bytes were read.
    #[serde(default)]
    pub body_bytes: u64,
    /// The body was longer than the cap and reading stopped there.
    #[serde(default)]
    pub body_truncated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsObservation>,
    #[serde(default)]
    pub elapsed_ms: u64,
}

impl HttpsObservation {
    /// An observation of `url` with nothing seen yet.
    pub fn new(url: String, purpose: Purpose, outcome: HttpsOutcome) -> Self {
        HttpsObservation {
            url,
            purpose,
            connected_to: None,
            outcome,
            error: None,
            status: None,
            redirects: Vec::new(),
            headers: std::collections::BTreeMap::new(),
            body: None,
            body_bytes: 0,
            body_truncated: false,
            tls: None,
            elapsed_ms: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HttpsOutcome {
    /// An HTTP response was received (any status).
    Response,
    /// The host name did not resolve.
    Unresolved,
    /// The connection was refused (nothing listens on the port).
    Refused,
    /// No connection, handshake or complete answer within the timeout.
    Timeout,
    /// The peer reset the connection.
    Reset,
    /// The TLS handshake failed for a reason other than the certificate.
    TlsFailed,
    /// The certificate was not accepted, so no request was sent (see `tls`).
    CertificateRejected,
    /// A redirect led back to a URL already visited.
    RedirectLoop,
    /// More redirects than the limit.
    TooManyRedirects,
    Error,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TlsObservation {
    /// The name sent as SNI and checked against the certificate.
    pub server_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The chain as presented, leaf first, each certificate Base64 DER.
    #[serde(default)]
    pub chain: Vec<String>,
    /// Does the chain lead to a trusted root (checked at a time inside the leaf's validity, so
    /// expiry does not hide an untrusted issuer)? `ok` or the verifier's error.
    pub trust: String,
    /// Is the leaf valid for `server_name`? `ok` or the verifier's error.
    pub name: String,
}
