//! Generates the test certificates under `fixtures/`, with explicit dates (rcgen's defaults of
//! 1975–4096 would make every validity rule fire). Run with
//! `cargo run --example gen_fixture_certs [-- --force]`.
//!
//! Existing files are kept unless `--force` is given: transcripts in the fixtures quote these
//! certificates' thumbprints and Base64 values, so regenerating means updating those too.

use std::path::Path;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    PKCS_RSA_SHA256,
};
use time::OffsetDateTime;
use time::macros::datetime;

/// How a certificate is written to disk.
#[derive(Clone, Copy)]
enum Encoding {
    Der,
    Pem,
}

struct Spec<'a> {
    path: &'a str,
    common_name: &'a str,
    sans: &'a [&'a str],
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    encoding: Encoding,
}

/// ring cannot generate RSA keys, so the generator asks the openssl command (only the generator
/// needs it; tests read the committed certificates).
fn rsa_key_bits(bits: u32) -> KeyPair {
    let out = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt"])
        .arg(format!("rsa_keygen_bits:{bits}"))
        .output()
        .expect("run openssl genpkey");
    assert!(out.status.success(), "openssl genpkey failed");
    let pem = String::from_utf8(out.stdout).expect("PEM is text");
    KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &PKCS_RSA_SHA256).expect("load RSA key")
}

fn rsa_key() -> KeyPair {
    rsa_key_bits(2048)
}

fn ca(common_name: &str) -> (CertificateParams, KeyPair) {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "Contoso");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.not_before = datetime!(2010-01-01 0:00 UTC);
    params.not_after = datetime!(2035-01-01 0:00 UTC);
    (params, rsa_key())
}

fn write(spec: &Spec, issuer: &Issuer<'_, KeyPair>, force: bool) {
    let path = Path::new(spec.path);
    if path.exists() && !force {
        println!("kept      {}", spec.path);
        return;
    }
    let mut params =
        CertificateParams::new(spec.sans.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, spec.common_name);
    dn.push(DnType::OrganizationName, "Contoso");
    params.distinguished_name = dn;
    params.not_before = spec.not_before;
    params.not_after = spec.not_after;
    let key = rsa_key();
    let cert = params.signed_by(&key, issuer).expect("sign");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    match spec.encoding {
        Encoding::Der => std::fs::write(path, cert.der()).expect("write"),
        Encoding::Pem => std::fs::write(path, cert.pem().replace('\n', "\r\n")).expect("write"),
    }
    println!("generated {}", spec.path);
}

fn main() {
    let force = std::env::args().any(|a| a == "--force");
    let (ca_params, ca_key) = ca("Contoso Issuing CA");
    let issuer = Issuer::new(ca_params, ca_key);
    let specs = [
        // The 2014 walkthrough as an administrator followed it in March 2017 (WMF 5.1 on the Lync
        // front end): exported as DER ("DER encoded binary X.509"), two-year validity.
        Spec {
            path: "fixtures/seed-walkthrough/LyncOAuth.cer",
            common_name: "lyncpool01.contoso.com",
            sans: &["lyncpool01.contoso.com", "contoso.com"],
            not_before: datetime!(2017-03-01 0:00 UTC),
            not_after: datetime!(2019-02-28 23:59:59 UTC),
            encoding: Encoding::Der,
        },
        // The clean runs: Base64 (PEM, CRLF as Windows writes it), valid around the test date 2025-06-01.
        Spec {
            path: "fixtures/clean-msonline/LyncOAuth.cer",
            common_name: "lyncpool01.contoso.com",
            sans: &["lyncpool01.contoso.com", "contoso.com"],
            not_before: datetime!(2024-06-01 0:00 UTC),
            not_after: datetime!(2026-05-31 23:59:59 UTC),
            encoding: Encoding::Pem,
        },
        Spec {
            path: "fixtures/clean-graph/LyncOAuth.cer",
            common_name: "lyncpool01.contoso.com",
            sans: &["lyncpool01.contoso.com", "contoso.com"],
            not_before: datetime!(2024-06-01 0:00 UTC),
            not_after: datetime!(2026-05-31 23:59:59 UTC),
            encoding: Encoding::Pem,
        },
    ];
    for spec in &specs {
        write(spec, &issuer, force);
    }
}
