//! The TLS probe: connects to an endpoint, completes a handshake while recording the chain the
//! server presents, and asks the standard verifier (webpki, the same roots as the HTTPS client)
//! two separate questions: does the chain lead to a trusted root, and is the leaf valid for the
//! name asked for. Asking them apart is what lets a report say "expired" and "untrusted" and
//! "wrong name" precisely instead of the first error a client meets.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use x509_parser::prelude::*;

use crate::recording::{HttpsOutcome, TlsObservation};

/// How a connection attempt ended before any HTTP was spoken.
#[derive(Debug)]
pub struct ConnectFailure {
    pub outcome: HttpsOutcome,
    pub error: String,
}

/// The result of a successful handshake.
pub struct Handshake {
    pub observation: TlsObservation,
    /// Whether a standard client, at the time of the probe, accepts the certificate.
    pub accepted_now: Result<(), String>,
}

/// Connects to `addr`, sends `server_name` as SNI, and records the presented chain and the
/// verifier's verdicts. The handshake always completes (the recording verifier accepts), so a
/// rejected certificate is observed in full rather than as a bare handshake error.
pub async fn handshake(
    addr: SocketAddr,
    server_name: &str,
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
    timeout: Duration,
) -> Result<Handshake, ConnectFailure> {
    let sni = ServerName::try_from(server_name.to_string()).map_err(|e| ConnectFailure {
        outcome: HttpsOutcome::Error,
        error: format!("`{server_name}` is not a valid TLS server name: {e}"),
    })?;
    let inner = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
        .build()
        .map_err(|e| ConnectFailure {
            outcome: HttpsOutcome::Error,
            error: format!("cannot build the certificate verifier: {e}"),
        })?;
    let recorder = Arc::new(Recorder {
        inner,
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConnectFailure {
            outcome: HttpsOutcome::Error,
            error: format!("cannot configure TLS: {e}"),
        })?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));

    let tcp = match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
        Err(_) => {
            return Err(ConnectFailure {
                outcome: HttpsOutcome::Timeout,
                error: format!(
                    "no TCP connection to {addr} within {} s",
                    timeout.as_secs_f32()
                ),
            });
        }
        Ok(Err(e)) => return Err(io_failure(&e, &format!("connecting to {addr}"))),
        Ok(Ok(s)) => s,
    };
    let tls = match tokio::time::timeout(timeout, connector.connect(sni, tcp)).await {
        Err(_) => {
            return Err(ConnectFailure {
                outcome: HttpsOutcome::Timeout,
                error: format!(
                    "connected to {addr}, but the TLS handshake did not finish within {} s",
                    timeout.as_secs_f32()
                ),
            });
        }
        Ok(Err(e)) => return Err(io_failure(&e, "during the TLS handshake")),
        Ok(Ok(s)) => s,
    };
    let version = tls.get_ref().1.protocol_version().map(|v| format!("{v:?}"));
    drop(tls);
    let seen = recorder
        .seen
        .lock()
        .map_err(|_| ConnectFailure {
            outcome: HttpsOutcome::Error,
            error: "the certificate recorder was poisoned".to_string(),
        })?
        .take();
    let Some(seen) = seen else {
        return Err(ConnectFailure {
            outcome: HttpsOutcome::TlsFailed,
            error: "the handshake finished without a server certificate".to_string(),
        });
    };
    Ok(Handshake {
        observation: TlsObservation {
            server_name: server_name.to_string(),
            version,
            chain: seen
                .chain
                .iter()
                .map(|c| base64::engine::general_purpose::STANDARD.encode(c.as_ref()))
                .collect(),
            trust: seen.trust,
            name: seen.name,
        },
        accepted_now: seen.accepted_now,
    })
}

/// Says how an I/O error ended the connection: refused, reset, or a TLS failure.
fn io_failure(e: &std::io::Error, when: &str) -> ConnectFailure {
    use std::io::ErrorKind;
    let outcome = match e.kind() {
        ErrorKind::ConnectionRefused => HttpsOutcome::Refused,
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
            HttpsOutcome::Reset
        }
        ErrorKind::UnexpectedEof => HttpsOutcome::Reset,
        ErrorKind::TimedOut => HttpsOutcome::Timeout,
        ErrorKind::InvalidData => HttpsOutcome::TlsFailed,
        _ => HttpsOutcome::Error,
    };
    let what = match outcome {
        HttpsOutcome::Refused => "connection refused",
        HttpsOutcome::Reset if e.kind() == ErrorKind::UnexpectedEof => {
            "the server closed the connection"
        }
        HttpsOutcome::Reset => "connection reset by the server",
        HttpsOutcome::TlsFailed => {
            return ConnectFailure {
                outcome,
                error: e.to_string(),
            };
        }
        _ => "connection failed",
    };
    ConnectFailure {
        outcome,
        error: format!("{what} {when}: {e}"),
    }
}

struct Seen {
    chain: Vec<CertificateDer<'static>>,
    trust: String,
    name: String,
    accepted_now: Result<(), String>,
}

/// A verifier that asks the real one, writes down its answers, and lets the handshake go on.
#[derive(Debug)]
struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<Seen>>,
}

impl std::fmt::Debug for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seen").field("trust", &self.trust).finish()
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let accepted_now = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map(|_| ())
            .map_err(|e| describe(&e));
        let (inside_validity, own_name) = leaf_facts(end_entity);
        // Trust, asked at a time the leaf is valid and for a name it carries, so that neither
        // expiry nor a name mismatch hides the answer.
        let trust_name = own_name
            .and_then(|n| ServerName::try_from(n).ok())
            .unwrap_or_else(|| server_name.to_owned());
        let trust = match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            &trust_name,
            ocsp_response,
            inside_validity.unwrap_or(now),
        ) {
            Ok(_) => "ok".to_string(),
            Err(e) => describe(&e),
        };
        let name = match webpki::EndEntityCert::try_from(end_entity) {
            Ok(cert) => match cert.verify_is_valid_for_subject_name(server_name) {
                Ok(()) => "ok".to_string(),
                // webpki's errors display as their Debug form: say it in words instead.
                Err(_) => "not valid for the name".to_string(),
            },
            Err(_) => "the certificate cannot be parsed".to_string(),
        };
        let mut chain = vec![end_entity.clone().into_owned()];
        chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Seen {
                chain,
                trust,
                name,
                accepted_now,
            });
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The middle of the leaf's validity period, and its first DNS name.
fn leaf_facts(der: &CertificateDer<'_>) -> (Option<UnixTime>, Option<String>) {
    let Ok((_, cert)) = X509Certificate::from_der(der.as_ref()) else {
        return (None, None);
    };
    let validity = cert.validity();
    let from = validity.not_before.timestamp();
    let to = validity.not_after.timestamp();
    let middle = from.checked_add(to.saturating_sub(from) / 2);
    let time = middle
        .and_then(|t| u64::try_from(t).ok())
        .map(|t| UnixTime::since_unix_epoch(Duration::from_secs(t)));
    let name = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .and_then(|san| {
            san.value.general_names.iter().find_map(|g| match g {
                GeneralName::DNSName(n) => Some(n.to_string()),
                _ => None,
            })
        });
    (time, name)
}

/// The verifier's error in words a report can use; the kebab-case tag first so rules can match it.
fn describe(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::UnknownIssuer => {
                "unknown-issuer: the chain does not lead to a trusted root".to_string()
            }
            CertificateError::BadSignature => {
                "bad-signature: a signature in the chain does not verify".to_string()
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "expired".to_string()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "not-yet-valid".to_string()
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "name-mismatch".to_string()
            }
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                "invalid-purpose: the certificate is not for TLS server authentication".to_string()
            }
            CertificateError::Revoked => "revoked".to_string(),
            other => format!("invalid-certificate: {other}"),
        },
        other => format!("error: {other}"),
    }
}
