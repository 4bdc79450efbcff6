//! Certificates for the lab: one lab CA (the one written to `ca.pem`), one "untrusted" CA that is
//! never written anywhere, and per-endpoint leaves of each [`CertKind`].
//!
//! Every date is set explicitly (rcgen's defaults, 1975 .. 4096, would trip validity checks).
//! Keys are ECDSA P-256, generated fresh for every lab.

use anyhow::{Context, Result};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, date_time_ymd,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::spec::CertKind;

/// The SAN a `wrong-name` leaf carries instead of the endpoint's hosts.
pub const WRONG_NAME: &str = "wrong-name.invalid";

/// A certificate chain and its private key, ready for a rustls `ServerConfig`.
#[derive(Debug)]
pub struct ServerIdentity {
    /// Leaf first, then its issuing CA.
    pub chain: Vec<CertificateDer<'static>>,
    /// The leaf's private key.
    pub key: PrivateKeyDer<'static>,
}

/// The two certificate authorities of one lab.
pub struct Authorities {
    lab: CertifiedIssuer<'static, KeyPair>,
    untrusted: CertifiedIssuer<'static, KeyPair>,
}

impl Authorities {
    /// Generates both CAs (valid 2020-01-01 .. 2099-12-31).
    pub fn generate() -> Result<Self> {
        Ok(Self {
            lab: make_ca("probe-lab CA")?,
            untrusted: make_ca("probe-lab untrusted CA")?,
        })
    }

    /// PEM of the lab CA: the only trust anchor a probe should be given.
    pub fn lab_ca_pem(&self) -> String {
        self.lab.pem()
    }

    /// DER of the lab CA.
    pub fn lab_ca_der(&self) -> CertificateDer<'static> {
        self.lab.der().clone()
    }

    /// Issues a leaf of `kind` for `hosts`, and returns it with its chain of 2.
    pub fn issue(&self, kind: CertKind, hosts: &[String]) -> Result<ServerIdentity> {
        let (sans, from, to) = match kind {
            CertKind::Valid | CertKind::Untrusted => (hosts.to_vec(), (2020, 1, 1), (2099, 12, 31)),
            CertKind::Expired => (hosts.to_vec(), (2020, 1, 1), (2021, 1, 1)),
            CertKind::NotYetValid => (hosts.to_vec(), (2090, 1, 1), (2099, 12, 31)),
            CertKind::WrongName => (vec![WRONG_NAME.to_string()], (2020, 1, 1), (2099, 12, 31)),
        };
        let issuer = match kind {
            CertKind::Untrusted => &self.untrusted,
            _ => &self.lab,
        };
        let mut params = CertificateParams::new(sans.clone())
            .with_context(|| format!("certificate names {sans:?}"))?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, sans[0].clone());
        dn.push(DnType::OrganizationName, "probe-lab");
        params.distinguished_name = dn;
        params.not_before = date_time_ymd(from.0, from.1, from.2);
        params.not_after = date_time_ymd(to.0, to.1, to.2);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;

        let key = KeyPair::generate().context("generating a leaf key")?;
        let leaf = params
            .signed_by(&key, issuer)
            .with_context(|| format!("signing the {kind} leaf for {hosts:?}"))?;
        Ok(ServerIdentity {
            chain: vec![leaf.der().clone(), issuer.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        })
    }
}

fn make_ca(common_name: &str) -> Result<CertifiedIssuer<'static, KeyPair>> {
    let mut params = CertificateParams::new(Vec::<String>::new()).context("CA parameters")?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "probe-lab");
    params.distinguished_name = dn;
    params.not_before = date_time_ymd(2020, 1, 1);
    params.not_after = date_time_ymd(2099, 12, 31);
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().context("generating a CA key")?;
    CertifiedIssuer::self_signed(params, key).with_context(|| format!("self-signing {common_name}"))
}
