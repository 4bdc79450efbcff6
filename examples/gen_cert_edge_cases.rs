//! Generates `fixtures/cert-edge-cases/`: certificates and other PKI objects shaped like the
//! cases public certificate corpora exposed (issue #16), made here from scratch so no third-party
//! certificate is committed. Run with `cargo run --example gen_cert_edge_cases` (it needs the
//! `openssl` command: ring neither makes RSA keys nor signs with SHA-1 or RSA-PSS). Every run
//! regenerates every file; `tests/cert_edge_cases.rs` checks what hybridlint says about each,
//! judged on 2025-06-01.
//!
//! One folder per item of the issue:
//! 1. `1-stray-byte`: a text dump with a Latin-1 byte before the PEM block.
//! 2. `2-ca-alone`: a lone CA:TRUE lab certificate, and the same CA as the chain above a leaf.
//! 3. `3-weak-algorithms`: ECDSA with SHA-1; RSA-PSS key and signature with SHA-1.
//! 4. `4-strict-der`: BER (indefinite and over-long lengths), trailing data, a bad length, a
//!    missing issuer.
//! 5. `5-other-objects`: a CRL, bare public keys (PEM and DER), an OCSP response and a PKCS#12
//!    bundle without its private key.
//! 6. `6-bounded-output`: 25 BEGIN lines with nothing after them, and 12 expired CA certificates.
//! 7. `7-small-truths`: an RSA modulus of 3; a certificate with exactly 30 days left.

use std::path::{Path, PathBuf};
use std::process::Command;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName,
    DnType, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256,
    RevokedCertParams, SerialNumber,
};
use time::OffsetDateTime;
use time::macros::datetime;

const ROOT: &str = "fixtures/cert-edge-cases";
/// Valid around the tests' `--now 2025-06-01`.
const VALID_FROM: OffsetDateTime = datetime!(2024-06-01 0:00 UTC);
const VALID_TO: OffsetDateTime = datetime!(2026-05-31 23:59:59 UTC);

/// A scratch folder for openssl's inputs and outputs.
struct Work(tempfile::TempDir);

impl Work {
    fn path(&self, name: &str) -> String {
        self.0.path().join(name).to_string_lossy().into_owned()
    }
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write scratch file");
        path
    }
    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read scratch file")
    }
}

fn openssl(args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An RSA key of `bits` (or an RSA-PSS key with `pss`), as PKCS#8 PEM, made by openssl.
fn rsa_key_pem(work: &Work, bits: u32, pss: bool) -> String {
    let out = work.path("key.pem");
    let algorithm = if pss { "RSA-PSS" } else { "RSA" };
    openssl(&[
        "genpkey",
        "-algorithm",
        algorithm,
        "-pkeyopt",
        &format!("rsa_keygen_bits:{bits}"),
        "-out",
        &out,
    ]);
    String::from_utf8(work.read("key.pem")).expect("PEM is text")
}

fn ec_key_pem(work: &Work) -> String {
    let out = work.path("ec.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &out,
    ]);
    String::from_utf8(work.read("ec.pem")).expect("PEM is text")
}

fn name(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "Contoso");
    dn
}

fn params(
    common_name: &str,
    ca: bool,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> CertificateParams {
    let sans = if ca {
        Vec::new()
    } else {
        vec![common_name.to_string()]
    };
    let mut p = CertificateParams::new(sans).expect("params");
    p.distinguished_name = name(common_name);
    p.not_before = not_before;
    p.not_after = not_after;
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    }
    p
}

/// A 2048-bit RSA key pair rcgen can sign with.
fn rsa_key_pair(work: &Work) -> KeyPair {
    KeyPair::from_pkcs8_pem_and_sign_algo(&rsa_key_pem(work, 2048, false), &PKCS_RSA_SHA256)
        .expect("load RSA key")
}

/// A self-signed certificate with `params`, then re-signed by openssl with `key_pem` and
/// `sign_args` (`-sha1`, `-sigopt …`): how the weak algorithms ring refuses are made. The dates,
/// names and extensions stay; the key becomes `key_pem`'s.
fn resigned(work: &Work, params: &CertificateParams, key_pem: &str, sign_args: &[&str]) -> String {
    let key = rsa_key_pair(work);
    let cert = params.self_signed(&key).expect("self-sign");
    let input = work.write("in.pem", cert.pem());
    let signer = work.write("signer.pem", key_pem);
    let out = work.path("out.pem");
    let mut args = vec![
        "x509",
        "-in",
        &input,
        "-signkey",
        &signer,
        "-preserve_dates",
        "-out",
        &out,
    ];
    args.extend_from_slice(sign_args);
    openssl(&args);
    String::from_utf8(work.read("out.pem")).expect("PEM is text")
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A DER element: tag, definite minimal length, contents.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend([0x81, len as u8]);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// The elements inside a DER element's contents: (tag, full encoding).
fn children(der: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let (_, content) = split(der);
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (header, body) = split(rest);
        let whole = header + body.len();
        out.push((rest[0], rest[..whole].to_vec()));
        rest = &rest[whole..];
    }
    out
}

/// (header length, contents) of the DER element at the start of `der`.
fn split(der: &[u8]) -> (usize, &[u8]) {
    let first = der[1];
    let (header, len) = if first < 0x80 {
        (2, first as usize)
    } else {
        let n = (first & 0x7f) as usize;
        let len = der[2..2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (2 + n, len)
    };
    (header, &der[header..header + len])
}

/// `cert` with its TBS rebuilt from `tbs_fields` (the signature no longer matches; nothing here
/// verifies it, and openssl still parses such a certificate).
fn with_tbs(cert: &[u8], tbs_fields: &[Vec<u8>]) -> Vec<u8> {
    let parts = children(cert);
    let tbs = tlv(0x30, &tbs_fields.concat());
    tlv(
        0x30,
        &[tbs, parts[1].1.clone(), parts[2].1.clone()].concat(),
    )
}

fn put(folder: &str, name: &str, bytes: impl AsRef<[u8]>) {
    let dir = Path::new(ROOT).join(folder);
    std::fs::create_dir_all(&dir).expect("create folder");
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    println!("generated {}", path.display());
}

fn main() {
    let work = Work(tempfile::tempdir().expect("temporary folder"));
    let leaf = |cn: &str, from, to| params(cn, false, from, to);

    // 1. An `openssl x509 -text`-style dump whose subject has a Latin-1 "é" (byte E9, not UTF-8),
    //    then the PEM block of an expired certificate with a 1024-bit key.
    let weak_1024 = rsa_key_pem(&work, 1024, false);
    let expired = resigned(
        &work,
        &leaf(
            "lyncpool01.contoso.com",
            datetime!(2022-06-01 0:00 UTC),
            datetime!(2024-05-31 23:59:59 UTC),
        ),
        &weak_1024,
        &["-sha256"],
    );
    let mut dumped = b"Certificate:\r\n    Subject: O=Soci\xe9t\xe9 Contoso, CN=lyncpool01.contoso.com\r\n    (dump abridged)\r\n".to_vec();
    dumped.extend(crlf(&expired).into_bytes());
    put("1-stray-byte", "LyncOAuth.pem", dumped);

    // 2. A lab CA made the `openssl req -x509` way (CA:TRUE, 1024 bits, SHA-1), alone; and the
    //    same kind of CA as the chain above a sound leaf in one file.
    let lab_ca = resigned(
        &work,
        &params("lyncpool01.contoso.com", true, VALID_FROM, VALID_TO),
        &weak_1024,
        &["-sha1"],
    );
    put("2-ca-alone", "LyncOAuth.cer", crlf(&lab_ca));
    let chain_ca = params("Contoso Lab CA", true, VALID_FROM, VALID_TO);
    let chain_key = rsa_key_pair(&work);
    let chain_issuer = Issuer::new(chain_ca, chain_key);
    let sound_leaf = leaf("lyncpool01.contoso.com", VALID_FROM, VALID_TO)
        .signed_by(&rsa_key_pair(&work), &chain_issuer)
        .expect("sign leaf");
    let weak_ca = resigned(
        &work,
        &params("Contoso Lab CA", true, VALID_FROM, VALID_TO),
        &weak_1024,
        &["-sha1"],
    );
    put(
        "2-ca-alone",
        "LeafWithChain.pem",
        crlf(&format!("{}{weak_ca}", sound_leaf.pem())),
    );

    // 3. ECDSA with SHA-1, and an RSA-PSS key (1024 bits) signing RSA-PSS with SHA-1.
    let ecdsa_sha1 = resigned(
        &work,
        &leaf("lyncpool01.contoso.com", VALID_FROM, VALID_TO),
        &ec_key_pem(&work),
        &["-sha1"],
    );
    put("3-weak-algorithms", "EcdsaSha1.cer", crlf(&ecdsa_sha1));
    let pss_key = rsa_key_pem(&work, 1024, true);
    let pss_sha1 = resigned(
        &work,
        &leaf("lyncpool01.contoso.com", VALID_FROM, VALID_TO),
        &pss_key,
        &["-sha1", "-sigopt", "rsa_padding_mode:pss"],
    );
    put("3-weak-algorithms", "RsaPssSha1.cer", crlf(&pss_sha1));

    // 4. One sound DER certificate, broken five ways.
    let sound = leaf("lyncpool01.contoso.com", VALID_FROM, VALID_TO)
        .signed_by(&rsa_key_pair(&work), &chain_issuer)
        .expect("sign");
    let der = sound.der().to_vec();
    let (header, content) = split(&der);
    let mut indefinite = vec![0x30, 0x80];
    indefinite.extend_from_slice(content);
    indefinite.extend([0, 0]);
    put("4-strict-der", "BerIndefiniteLength.cer", indefinite);
    let mut long_length = vec![0x30, 0x84];
    long_length.extend((content.len() as u32).to_be_bytes());
    long_length.extend_from_slice(content);
    put("4-strict-der", "BerLongLength.cer", long_length);
    let mut trailing = der.clone();
    trailing.extend(b"\r\nexported 2025-05-30\r\n");
    put("4-strict-der", "TrailingData.cer", trailing);
    let tbs = children(&der)[0].1.clone();
    let fields: Vec<Vec<u8>> = children(&tbs).into_iter().map(|(_, f)| f).collect();
    // The validity SEQUENCE says it is one byte shorter than its two times.
    let mut short_validity = fields.clone();
    short_validity[4][1] -= 1;
    put(
        "4-strict-der",
        "BadLength.cer",
        with_tbs(&der, &short_validity),
    );
    let mut no_issuer = fields.clone();
    no_issuer.remove(3);
    put(
        "4-strict-der",
        "MissingIssuer.cer",
        with_tbs(&der, &no_issuer),
    );
    assert_eq!(header, 4, "a certificate this size has a 4-byte header");

    // 5. Other PKI objects under certificate names.
    let crl = CertificateRevocationListParams {
        this_update: datetime!(2025-05-01 0:00 UTC),
        next_update: datetime!(2025-06-30 0:00 UTC),
        crl_number: SerialNumber::from(7u64),
        issuing_distribution_point: None,
        revoked_certs: vec![RevokedCertParams {
            serial_number: SerialNumber::from(0x1234u64),
            revocation_time: datetime!(2025-04-15 0:00 UTC),
            reason_code: None,
            invalidity_date: None,
        }],
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&chain_issuer)
    .expect("sign CRL");
    put(
        "5-other-objects",
        "ContosoLabCA.crl.pem",
        crlf(&crl.pem().expect("CRL PEM")),
    );
    let key_path = work.write("pub-src.pem", rsa_key_pem(&work, 2048, false));
    let pub_pem = work.path("pub.pem");
    openssl(&["pkey", "-in", &key_path, "-pubout", "-out", &pub_pem]);
    put(
        "5-other-objects",
        "PublicKey.pem",
        crlf(&String::from_utf8(work.read("pub.pem")).expect("PEM is text")),
    );
    let pub_der = work.path("pub.der");
    openssl(&[
        "pkey", "-in", &key_path, "-pubout", "-outform", "DER", "-out", &pub_der,
    ]);
    put("5-other-objects", "PublicKey.cer", work.read("pub.der"));
    // An OCSP response from a one-line index, as `openssl ocsp` would serve it.
    let ca_cert = work.write("ca.pem", chain_issuer_pem(&work));
    let ca_key = work.path("ca.key");
    let target = work.write("target.pem", sound.pem());
    let index = work.write(
        "index.txt",
        format!(
            "V\t300101000000Z\t\t{}\tunknown\t/CN=lyncpool01.contoso.com\n",
            hex_serial(&der)
        ),
    );
    let request = work.path("req.der");
    openssl(&[
        "ocsp",
        "-issuer",
        &ca_cert,
        "-cert",
        &target,
        "-no_nonce",
        "-reqout",
        &request,
    ]);
    let response = work.path("resp.der");
    openssl(&[
        "ocsp", "-index", &index, "-rsigner", &ca_cert, "-rkey", &ca_key, "-CA", &ca_cert,
        "-reqin", &request, "-respout", &response, "-ndays", "1",
    ]);
    put("5-other-objects", "OcspResponse.der", work.read("resp.der"));
    let p12 = work.path("nokey.p12");
    openssl(&[
        "pkcs12",
        "-export",
        "-nokeys",
        "-in",
        &target,
        "-out",
        &p12,
        "-passout",
        "pass:fixture-only",
    ]);
    put(
        "5-other-objects",
        "CertificateOnly.p12",
        work.read("nokey.p12"),
    );

    // 6. A file of 25 BEGIN lines that never end, and a bundle of 12 expired CA certificates.
    put(
        "6-bounded-output",
        "RepeatedBegin.pem",
        "-----BEGIN CERTIFICATE-----\r\n".repeat(25),
    );
    let mut bundle = String::new();
    for i in 0..12 {
        let ca = params(
            &format!("Contoso Retired CA {i}"),
            true,
            datetime!(2015-01-01 0:00 UTC),
            datetime!(2020-01-01 0:00 UTC),
        );
        bundle.push_str(&ca.self_signed(&rsa_key_pair(&work)).expect("sign").pem());
    }
    put("6-bounded-output", "RetiredCAs.pem", crlf(&bundle));

    // 7. An RSA public key whose modulus is 3, and a certificate with exactly 30 days left.
    let tiny_key = tlv(0x30, &[tlv(0x02, &[3]), tlv(0x02, &[3])].concat());
    let mut bit_string = vec![0];
    bit_string.extend(tiny_key);
    let spki_parts = children(&fields[6]);
    let tiny_spki = tlv(
        0x30,
        &[spki_parts[0].1.clone(), tlv(0x03, &bit_string)].concat(),
    );
    let mut tiny_fields = fields.clone();
    tiny_fields[6] = tiny_spki;
    put(
        "7-small-truths",
        "ModulusThree.cer",
        with_tbs(&der, &tiny_fields),
    );
    let thirty_days = leaf(
        "lyncpool01.contoso.com",
        datetime!(2024-07-01 0:00 UTC),
        datetime!(2025-07-01 0:00 UTC),
    )
    .signed_by(&rsa_key_pair(&work), &chain_issuer)
    .expect("sign");
    put(
        "7-small-truths",
        "ThirtyDaysLeft.cer",
        crlf(&thirty_days.pem()),
    );
}

/// The chain CA as PEM with its key written beside it (`ca.key`), for `openssl ocsp`. The CA is
/// re-made from the same parameters: openssl needs a certificate and key on disk, and an OCSP
/// response names its responder, not the exact CA certificate bytes.
fn chain_issuer_pem(work: &Work) -> String {
    let key = rsa_key_pair(work);
    work.write("ca.key", key.serialize_pem());
    params("Contoso Lab CA", true, VALID_FROM, VALID_TO)
        .self_signed(&key)
        .expect("sign CA")
        .pem()
}

/// The serial number of a DER certificate in upper-case hex, as `index.txt` wants it.
fn hex_serial(der: &[u8]) -> String {
    let tbs = children(der)[0].1.clone();
    let serial = children(&tbs)[1].1.clone();
    let (_, value) = split(&serial);
    value.iter().map(|b| format!("{b:02X}")).collect()
}
