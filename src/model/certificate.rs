//! Certificates and key material found in the evidence, decoded into the facts rules need.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use super::Location;

/// How the certificate was stored in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertificateEncoding {
    /// Binary DER (what "DER encoded binary X.509 (.CER)" in the Windows export wizard writes).
    Der,
    /// `-----BEGIN CERTIFICATE-----` armour ("Base-64 encoded X.509 (.CER)").
    Pem,
    /// Base64 of DER without armour (a credential value saved to a file).
    Base64,
    /// Inside a PKCS#7 `.p7b` bundle.
    Pkcs7,
}

/// What kind of public key, and how strong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
pub enum PublicKeyInfo {
    Rsa { bits: u32 },
    Ec { curve: String },
    Other { oid: String },
}

/// One decoded certificate: what it says, shared, and where it was found.
///
/// Each deployment judged apart copies its part of the run's model (`evidence::split`): with
/// what the certificate says behind one shared pointer, a copy is that pointer, where it was a
/// dozen strings and lists (on 2,000 certificates, a sixth of the memory a run touched). Its
/// facts read as fields of the certificate (`cert.subject`), through `Deref`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    #[serde(flatten, serialize_with = "details")]
    pub details: Arc<CertificateDetails>,
    pub location: Location,
    pub file: usize,
}

impl std::ops::Deref for Certificate {
    type Target = CertificateDetails;

    fn deref(&self) -> &CertificateDetails {
        &self.details
    }
}

/// Written out as the fields of the certificate itself, first, as before they were shared.
fn details<S: serde::Serializer>(
    details: &Arc<CertificateDetails>,
    s: S,
) -> Result<S::Ok, S::Error> {
    details.as_ref().serialize(s)
}

/// What a decoded certificate says, whichever file and deployment it is met in. (Cloned only
/// to change one copy, `Arc::make_mut`.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateDetails {
    pub encoding: CertificateEncoding,
    /// Windows thumbprint: SHA-1 over the DER bytes, upper-case hex.
    pub thumbprint: String,
    pub subject: String,
    /// The subject's first common name (`lyncpool01.contoso.com`), for fixes that find the
    /// certificate in the Windows store by name.
    pub common_name: Option<String>,
    pub issuer: String,
    pub serial: String,
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    pub public_key: PublicKeyInfo,
    /// Signature algorithm name (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, …) or its OID.
    pub signature_algorithm: String,
    /// The hash inside the signature algorithm (`MD5`, `SHA-1`, `SHA-256`, …), when the algorithm
    /// names one; `None` for algorithms whose hash sits in parameters (RSASSA-PSS) or is unknown.
    pub signature_hash: Option<String>,
    /// Basic constraints say this is a CA certificate. Rules skip it when the same file holds a
    /// leaf (it is then the chain above that leaf); alone, it is judged like any other (`openssl
    /// req -x509` makes CA certificates, and lab OAuth certificates are made that way).
    pub is_ca: bool,
    /// DNS names from the subject alternative name extension.
    pub dns_names: Vec<String>,
    /// The DER bytes. Shown as `der_base64`, the exact form a credential value should take,
    /// written out only when a finding or the model's printout shows it.
    #[serde(rename = "der_base64", serialize_with = "as_base64")]
    pub der: Box<[u8]>,
}

impl CertificateDetails {
    /// The DER bytes as Base64 (standard alphabet, padded): the credential value's form.
    pub fn der_base64(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&self.der)
    }
}

fn as_base64<S: serde::Serializer>(der: &[u8], s: S) -> Result<S::Ok, S::Error> {
    use base64::Engine as _;
    s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(der))
}

/// What a file that should hold a certificate holds instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCertificateKind {
    /// A certificate signing request (`-----BEGIN CERTIFICATE REQUEST-----` or DER CSR).
    SigningRequest,
    /// Certificate armour or DER that does not decode completely (cut short, damaged).
    Truncated,
    /// DER that parses loosely but not as strict DER (BER encodings, bad lengths, trailing data,
    /// missing or misplaced fields): openssl and Windows may read it differently, or not at all.
    Malformed,
    /// A certificate revocation list (`-----BEGIN X509 CRL-----` or DER).
    RevocationList,
    /// A bare public key (`-----BEGIN PUBLIC KEY-----`, `RSA PUBLIC KEY`, or DER
    /// SubjectPublicKeyInfo): the key without the certificate around it.
    PublicKey,
    /// An OCSP response (DER).
    OcspResponse,
    /// A PKCS#12 bundle with no private key among its unencrypted contents.
    Pkcs12WithoutKey,
    /// Nothing recognisable.
    Garbage,
}

/// At most this many not-certificates and private keys are recorded per file (the rest are
/// counted in the last one's `more_in_file`), and certificate rules report at most this many
/// findings per file and rule, then one that says how many more: a file of repeated armour must
/// not turn into hundreds of thousands of findings.
pub const MAX_PER_FILE: usize = 10;

/// A certificate-named file (or certificate armour) that is not a usable certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCertificate {
    pub kind: NotCertificateKind,
    pub detail: String,
    pub location: Location,
    pub file: usize,
    /// Further not-certificates in the same file, after `MAX_PER_FILE`, that were counted here
    /// instead of recorded one by one.
    #[serde(skip_serializing_if = "is_zero")]
    pub more_in_file: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Private key material: a PKCS#12 bundle or a PEM private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrivateKeyKind {
    Pkcs12,
    PemPrivateKey,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivateKey {
    pub kind: PrivateKeyKind,
    /// The PEM label or container kind, for the message (`RSA PRIVATE KEY`, `PKCS#12`).
    pub label: String,
    pub location: Location,
    pub file: usize,
    /// Further private keys in the same file, after `MAX_PER_FILE`, counted here.
    #[serde(skip_serializing_if = "is_zero")]
    pub more_in_file: usize,
}
