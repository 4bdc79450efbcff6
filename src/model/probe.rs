//! What live probes (or a replayed recording of them) observed: DNS answers, HTTPS endpoints with
//! the TLS chain they presented and the metadata documents they served, decoded for rules.

use serde::Serialize;
use time::OffsetDateTime;

use super::{Certificate, Location};
use crate::recording::{DnsObservation, HttpsObservation, ProbeFacts};

/// All probe evidence in a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProbeEvidence {
    /// The facts the (first) probe run was planned from; rules fall back to these when the user
    /// stated none, so a recording replayed alone is judged as it was live.
    pub facts: ProbeFacts,
    pub dns: Vec<DnsProbe>,
    pub endpoints: Vec<EndpointProbe>,
}

impl ProbeEvidence {
    pub fn is_empty(&self) -> bool {
        self.dns.is_empty() && self.endpoints.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DnsProbe {
    #[serde(flatten)]
    pub observation: DnsObservation,
    pub location: Location,
}

impl DnsProbe {
    /// The names this lookup's answers lead to (CNAME and SRV targets), lower case, no final dot.
    pub fn targets(&self) -> Vec<String> {
        self.observation
            .answers
            .iter()
            .filter_map(|a| match a.record_type.as_str() {
                "CNAME" => Some(a.data.clone()),
                "SRV" => a.data.split_whitespace().nth(3).map(str::to_string),
                _ => None,
            })
            .map(|t| t.trim_end_matches('.').to_ascii_lowercase())
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointProbe {
    #[serde(flatten)]
    pub observation: HttpsObservation,
    /// The host the URL names.
    pub host: String,
    #[serde(with = "time::serde::rfc3339")]
    pub observed_at: OffsetDateTime,
    /// The presented chain, decoded, leaf first.
    pub chain: Vec<Certificate>,
    /// Chain entries that did not decode.
    pub chain_problems: Vec<String>,
    /// The body read as an OAuth metadata document, when it was read.
    pub metadata: Option<MetadataParse>,
    pub location: Location,
}

/// What a body turned out to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MetadataParse {
    Document(MetadataDocument),
    /// Not JSON at all (an HTML error page, a login form).
    NotJson {
        detail: String,
    },
    /// JSON, but not shaped like a metadata document.
    NotMetadata {
        detail: String,
    },
}

/// An OAuth metadata document (`/metadata/json/1`), read tolerantly: key names in any case,
/// extra fields ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetadataDocument {
    pub realm: Option<String>,
    pub service_name: Option<String>,
    pub issuer: Option<String>,
    pub keys: Vec<MetadataKey>,
    pub endpoints: Vec<MetadataEndpoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetadataKey {
    pub usage: Option<String>,
    pub key_type: Option<String>,
    /// SHA-1 thumbprint of the certificate in `keyValue.value`, upper-case hex.
    pub thumbprint: Option<String>,
    pub subject: Option<String>,
    /// Why `keyValue.value` gave no certificate.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetadataEndpoint {
    pub location: Option<String>,
    pub protocol: Option<String>,
    pub usage: Option<String>,
}
