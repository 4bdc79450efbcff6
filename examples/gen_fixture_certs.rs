//! Generates the test certificates under `fixtures/`, with explicit dates (rcgen's defaults of
//! 1975–4096 would make every validity rule fire). Run with
//! `cargo run --example gen_fixture_certs [-- --force]`.
//!
//! Existing files are kept unless `--force` is given: transcripts in the fixtures quote these
//! certificates' thumbprints and Base64 values, so regenerating means updating those too.

use std::path::Path;

use base64::Engine as _;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    PKCS_RSA_SHA256,
};
use sha1::Digest as _;
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

/// Runs openssl with `args` (only the generator does; tests read the committed files).
fn openssl(args: &[&str]) {
    let status = std::process::Command::new("openssl")
        .args(args)
        .status()
        .expect("run openssl");
    assert!(status.success(), "openssl {args:?} failed");
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
    rule_fixtures(&issuer, force);
}

/// A leaf like the OAuthTokenIssuer certificate: `lyncpool01.contoso.com`, signed by the CA.
fn leaf(
    issuer: &Issuer<'_, KeyPair>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    bits: u32,
) -> (rcgen::Certificate, KeyPair) {
    let mut params = CertificateParams::new(vec![
        "lyncpool01.contoso.com".to_string(),
        "contoso.com".to_string(),
    ])
    .expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "lyncpool01.contoso.com");
    dn.push(DnType::OrganizationName, "Contoso");
    params.distinguished_name = dn;
    params.not_before = not_before;
    params.not_after = not_after;
    let key = rsa_key_bits(bits);
    let cert = params.signed_by(&key, issuer).expect("sign");
    (cert, key)
}

/// Valid around the tests' `--now 2025-06-01`.
const VALID_FROM: OffsetDateTime = datetime!(2024-06-01 0:00 UTC);
const VALID_TO: OffsetDateTime = datetime!(2026-05-31 23:59:59 UTC);

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Writes `files` (path under `dir`, contents) unless `dir`'s first file exists and `--force` is
/// not given. A folder is kept or regenerated whole, because its scripts quote its certificates.
fn put(dir: &str, files: &[(&str, Vec<u8>)], force: bool) {
    let first = Path::new(dir).join(files[0].0);
    if first.exists() && !force {
        println!("kept      {dir}");
        return;
    }
    std::fs::create_dir_all(dir).expect("create folder");
    for (name, bytes) in files {
        std::fs::write(Path::new(dir).join(name), bytes).expect("write");
    }
    println!("generated {dir}");
}

fn valid_pem(issuer: &Issuer<'_, KeyPair>) -> Vec<u8> {
    crlf(&leaf(issuer, VALID_FROM, VALID_TO, 2048).0.pem()).into_bytes()
}

/// One trigger and one pass folder per `cert/*` rule, under `fixtures/rules/cert/`.
fn rule_fixtures(issuer: &Issuer<'_, KeyPair>, force: bool) {
    let root = "fixtures/rules/cert";
    let dir = |rule: &str, side: &str| format!("{root}/{rule}/{side}");
    let tmp = tempfile::tempdir().expect("temporary folder");
    let tmp_path = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();

    // der-encoded: a DER export (warning), and a DER file whose raw text a script uploads (error).
    let der = leaf(issuer, VALID_FROM, VALID_TO, 2048).0.der().to_vec();
    let uploaded = leaf(issuer, VALID_FROM, VALID_TO, 2048).0.der().to_vec();
    let script = "$credentialsValue = Get-Content C:\\OAuth\\Uploaded.cer\r\n\
                  New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type Asymmetric -Usage Verify -Value $credentialsValue\r\n";
    put(
        &dir("der-encoded", "trigger"),
        &[
            ("LyncOAuth.cer", der),
            ("Uploaded.cer", uploaded),
            ("upload.ps1", script.as_bytes().to_vec()),
        ],
        force,
    );
    put(
        &dir("der-encoded", "pass"),
        &[("LyncOAuth.cer", valid_pem(issuer))],
        force,
    );

    // not-a-certificate: a signing request, a certificate cut short, and a text note.
    let mut params =
        CertificateParams::new(vec!["lyncpool01.contoso.com".to_string()]).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, "lyncpool01.contoso.com");
    let csr = params
        .serialize_request(&rsa_key())
        .expect("csr")
        .pem()
        .expect("csr pem");
    let mut cut = leaf(issuer, VALID_FROM, VALID_TO, 2048).0.der().to_vec();
    cut.truncate(cut.len() / 2);
    put(
        &dir("not-a-certificate", "trigger"),
        &[
            ("LyncOAuth.csr", crlf(&csr).into_bytes()),
            ("LyncOAuth.cer", cut),
            ("readme.crt", b"certificate goes here\r\n".to_vec()),
        ],
        force,
    );
    put(
        &dir("not-a-certificate", "pass"),
        &[("LyncOAuth.cer", valid_pem(issuer))],
        force,
    );

    // private-key-present: a .pfx made by openssl (rcgen writes no PKCS#12) and a PEM key.
    let (cert, key) = leaf(issuer, VALID_FROM, VALID_TO, 2048);
    std::fs::write(tmp_path("c.pem"), cert.pem()).expect("write");
    std::fs::write(tmp_path("k.pem"), key.serialize_pem()).expect("write");
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        &tmp_path("c.pem"),
        "-inkey",
        &tmp_path("k.pem"),
        "-out",
        &tmp_path("p.pfx"),
        "-passout",
        "pass:fixture-only",
    ]);
    put(
        &dir("private-key-present", "trigger"),
        &[
            (
                "LyncOAuth.pfx",
                std::fs::read(tmp_path("p.pfx")).expect("read pfx"),
            ),
            ("LyncOAuth.key", crlf(&key.serialize_pem()).into_bytes()),
        ],
        force,
    );
    put(
        &dir("private-key-present", "pass"),
        &[("LyncOAuth.cer", crlf(&cert.pem()).into_bytes())],
        force,
    );

    // Validity: expired, not yet valid, and expiring 14 days after 2025-06-01.
    for (rule, from, to) in [
        (
            "expired",
            datetime!(2022-06-01 0:00 UTC),
            datetime!(2024-05-31 23:59:59 UTC),
        ),
        (
            "not-yet-valid",
            datetime!(2025-07-01 0:00 UTC),
            datetime!(2027-06-30 23:59:59 UTC),
        ),
        (
            "expires-soon",
            datetime!(2023-06-15 0:00 UTC),
            datetime!(2025-06-15 0:00 UTC),
        ),
    ] {
        let pem = crlf(&leaf(issuer, from, to, 2048).0.pem()).into_bytes();
        put(&dir(rule, "trigger"), &[("LyncOAuth.cer", pem)], force);
        put(
            &dir(rule, "pass"),
            &[("LyncOAuth.cer", valid_pem(issuer))],
            force,
        );
    }

    // weak-key and weak-signature: ring neither loads 1024-bit RSA keys nor signs with SHA-1, so
    // openssl re-signs an rcgen certificate (self-signed, dates kept) with a 1024-bit key, or
    // with SHA-1.
    let resign = |key_pem: &str, digest: &str| {
        let (cert, _) = leaf(issuer, VALID_FROM, VALID_TO, 2048);
        std::fs::write(tmp_path("in.pem"), cert.pem()).expect("write");
        std::fs::write(tmp_path("key.pem"), key_pem).expect("write");
        openssl(&[
            "x509",
            "-in",
            &tmp_path("in.pem"),
            "-signkey",
            &tmp_path("key.pem"),
            digest,
            "-preserve_dates",
            "-out",
            &tmp_path("out.pem"),
        ]);
        crlf(&std::fs::read_to_string(tmp_path("out.pem")).expect("read")).into_bytes()
    };
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        &tmp_path("weak.pem"),
    ]);
    let weak_key = std::fs::read_to_string(tmp_path("weak.pem")).expect("read");
    put(
        &dir("weak-key", "trigger"),
        &[("LyncOAuth.cer", resign(&weak_key, "-sha256"))],
        force,
    );
    put(
        &dir("weak-key", "pass"),
        &[("LyncOAuth.cer", valid_pem(issuer))],
        force,
    );
    let strong_key = rsa_key().serialize_pem();
    put(
        &dir("weak-signature", "trigger"),
        &[("LyncOAuth.cer", resign(&strong_key, "-sha1"))],
        force,
    );
    put(
        &dir("weak-signature", "pass"),
        &[("LyncOAuth.cer", valid_pem(issuer))],
        force,
    );

    // thumbprint-mismatch: SfB signs with A and A was exported, but B was uploaded.
    let a = leaf(issuer, VALID_FROM, VALID_TO, 2048).0;
    let b = leaf(issuer, VALID_FROM, VALID_TO, 2048).0;
    let thumb = |der: &[u8]| hex::encode_upper(sha1::Sha1::digest(der));
    let b64 = |der: &[u8]| base64::engine::general_purpose::STANDARD.encode(der);
    let script = |uploaded: &[u8]| {
        format!(
            "Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint {}\r\n\
             New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type Asymmetric -Usage Verify -Value \"{}\"\r\n",
            thumb(a.der()),
            b64(uploaded)
        )
        .into_bytes()
    };
    let a_pem = crlf(&a.pem()).into_bytes();
    put(
        &dir("thumbprint-mismatch", "trigger"),
        &[
            ("LyncOAuth.cer", a_pem.clone()),
            ("upload.ps1", script(b.der())),
        ],
        force,
    );
    put(
        &dir("thumbprint-mismatch", "pass"),
        &[("LyncOAuth.cer", a_pem), ("upload.ps1", script(a.der()))],
        force,
    );
}
