//! The network options of a probe run (`--nameserver`, `--resolve`, `--ca-cert`, `--timeout`),
//! checked up front so a typo is a usage error, not a probe that silently asks the wrong server.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustls::pki_types::CertificateDer;

/// Everything a probe run needs besides the plan.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    pub nameservers: Vec<SocketAddr>,
    /// Host (lower case) → address to connect to instead of resolving it.
    pub connect_to: BTreeMap<String, SocketAddr>,
    /// Extra trusted roots, DER.
    pub extra_roots: Vec<CertificateDer<'static>>,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum OptionError {
    #[error("--nameserver `{0}` is not IP:PORT (for example 127.0.0.1:53 or [::1]:53)")]
    Nameserver(String),
    #[error("--resolve `{0}` is not HOST=IP:PORT (for example lyncweb.contoso.com=127.0.0.1:8443)")]
    Resolve(String),
    #[error("--timeout `{0}` is not a number of seconds between 0.1 and 300")]
    Timeout(String),
    #[error("cannot read --ca-cert {path}: {message}")]
    CaCert { path: PathBuf, message: String },
}

impl ProbeOptions {
    pub fn parse(
        nameservers: &[String],
        resolve: &[String],
        ca_certs: &[PathBuf],
        timeout: f64,
    ) -> Result<Self, OptionError> {
        let nameservers = nameservers
            .iter()
            .map(|s| {
                s.parse::<SocketAddr>()
                    .map_err(|_| OptionError::Nameserver(s.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut connect_to = BTreeMap::new();
        for entry in resolve {
            let (host, addr) = entry
                .split_once('=')
                .ok_or_else(|| OptionError::Resolve(entry.clone()))?;
            let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
            let addr: SocketAddr = addr
                .trim()
                .parse()
                .map_err(|_| OptionError::Resolve(entry.clone()))?;
            if host.is_empty() || host.contains(['/', ':', ' ']) {
                return Err(OptionError::Resolve(entry.clone()));
            }
            connect_to.insert(host, addr);
        }
        if !(0.1..=300.0).contains(&timeout) || timeout.is_nan() {
            return Err(OptionError::Timeout(timeout.to_string()));
        }
        let mut extra_roots = Vec::new();
        for path in ca_certs {
            extra_roots.extend(read_roots(path)?);
        }
        Ok(ProbeOptions {
            nameservers,
            connect_to,
            extra_roots,
            timeout: Duration::from_secs_f64(timeout),
        })
    }
}

/// Reads PEM (one or more certificates) or a single DER certificate.
fn read_roots(path: &Path) -> Result<Vec<CertificateDer<'static>>, OptionError> {
    let error = |message: String| OptionError::CaCert {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    if bytes.first() == Some(&0x30) {
        return Ok(vec![CertificateDer::from(bytes)]);
    }
    let text = String::from_utf8_lossy(&bytes);
    let ders: Vec<CertificateDer<'static>> = crate::evidence::certificate::armour::blocks(&text)
        .filter(|b| b.label == "CERTIFICATE")
        .filter_map(|b| b.der)
        .map(CertificateDer::from)
        .collect();
    if ders.is_empty() {
        return Err(error(
            "no certificate in it (expected PEM `-----BEGIN CERTIFICATE-----` or DER)".to_string(),
        ));
    }
    Ok(ders)
}
