//! One test per format the loader reads, plus damaged input, which must be reported, not panic.

use ::time::macros::datetime;
use base64::Engine as _;
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
use sha1::{Digest, Sha1};

use super::*;
use crate::model::{ExpectedFacts, PublicKeyInfo};

struct Made {
    der: Vec<u8>,
    pem: String,
    key_pem: String,
    csr_der: Vec<u8>,
    csr_pem: String,
}

fn make(cn: &str) -> Made {
    let mut params =
        CertificateParams::new(vec![cn.to_string(), "contoso.com".to_string()]).expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    params.distinguished_name = dn;
    params.not_before = datetime!(2024-06-01 0:00 UTC);
    params.not_after = datetime!(2026-06-01 0:00 UTC);
    let key = KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("sign");
    let csr = params.serialize_request(&key).expect("csr");
    Made {
        der: cert.der().to_vec(),
        pem: cert.pem(),
        key_pem: key.serialize_pem(),
        csr_der: csr.der().to_vec(),
        csr_pem: csr.pem().expect("csr pem"),
    }
}

fn new_model() -> Model {
    Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default())
}

fn thumbprint(der: &[u8]) -> String {
    hex::encode_upper(Sha1::digest(der))
}

/// A DER TLV with a definite length (long form when needed).
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

/// A degenerate PKCS#7 SignedData holding `certs`, shaped like `openssl crl2pkcs7 -nocrl` output.
fn p7b(certs: &[&[u8]]) -> Vec<u8> {
    let signed_data_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    let data_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ];
    let mut inner = tlv(0x02, &[1]); // version
    inner.extend(tlv(0x31, &[])); // digestAlgorithms
    inner.extend(tlv(0x30, &data_oid)); // encapContentInfo
    inner.extend(tlv(0xa0, &certs.concat())); // certificates [0] IMPLICIT
    inner.extend(tlv(0x31, &[])); // signerInfos
    let mut content_info = signed_data_oid.to_vec();
    content_info.extend(tlv(0xa0, &tlv(0x30, &inner)));
    tlv(0x30, &content_info)
}

fn armour(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\r\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("ascii"));
        out.push_str("\r\n");
    }
    out.push_str(&format!("-----END {label}-----\r\n"));
    out
}

#[test]
fn der_certificate_whole_file() {
    let m = make("lyncpool01.contoso.com");
    let mut model = new_model();
    let kind = load(&m.der, "a/LyncOAuth.cer", 0, &mut model);
    assert_eq!(kind, Some(EvidenceKind::Certificate));
    let c = &model.certificates[0];
    assert_eq!(c.encoding, CertificateEncoding::Der);
    assert_eq!(c.thumbprint, thumbprint(&m.der));
    assert_eq!(c.location, Location::file("a/LyncOAuth.cer"));
    assert_eq!(c.common_name.as_deref(), Some("lyncpool01.contoso.com"));
    assert_eq!(c.dns_names, ["lyncpool01.contoso.com", "contoso.com"]);
    assert_eq!(
        c.public_key,
        PublicKeyInfo::Ec {
            curve: "prime256v1".to_string()
        }
    );
    assert_eq!(c.signature_algorithm, "ecdsa-with-SHA256");
    assert_eq!(c.signature_hash.as_deref(), Some("SHA-256"));
    assert!(!c.is_ca);
    assert_eq!(c.not_after, datetime!(2026-06-01 0:00 UTC));
}

#[test]
fn pem_bundle_lf_and_crlf_points_at_each_begin_line() {
    let a = make("a.contoso.com");
    let b = make("b.contoso.com");
    for newline in ["\n", "\r\n"] {
        let text = format!("{}{}", a.pem, b.pem)
            .replace("\r\n", "\n")
            .replace('\n', newline);
        let mut model = new_model();
        let kind = load(text.as_bytes(), "bundle.txt", 3, &mut model);
        assert_eq!(kind, Some(EvidenceKind::Certificate));
        assert_eq!(model.certificates.len(), 2);
        assert_eq!(model.certificates[0].thumbprint, thumbprint(&a.der));
        assert_eq!(model.certificates[1].thumbprint, thumbprint(&b.der));
        assert_eq!(model.certificates[0].location.line, 1);
        let second_begin = a.pem.lines().count() as u32 + 1;
        assert_eq!(model.certificates[1].location.line, second_begin);
        assert_eq!(model.certificates[1].location.len, 27);
        assert_eq!(model.certificates[1].file, 3);
        assert!(
            model
                .certificates
                .iter()
                .all(|c| c.encoding == CertificateEncoding::Pem)
        );
    }
}

#[test]
fn bare_base64_with_line_breaks_is_a_credential_value() {
    let m = make("lyncpool01.contoso.com");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&m.der);
    let wrapped: Vec<String> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let mut model = new_model();
    let kind = load(wrapped.join("\r\n").as_bytes(), "value.txt", 0, &mut model);
    assert_eq!(kind, Some(EvidenceKind::Certificate));
    assert_eq!(model.certificates[0].encoding, CertificateEncoding::Base64);
    assert_eq!(model.certificates[0].thumbprint, thumbprint(&m.der));
    assert_eq!(model.certificates[0].der_base64(), b64);
    // The model's printout shows the bytes as Base64 under the name it always had, in place.
    let shown = serde_json::to_value(&model.certificates[0]).expect("serialisable");
    assert_eq!(shown["der_base64"], serde_json::json!(b64));
    let keys: Vec<&String> = shown.as_object().expect("an object").keys().collect();
    assert!(keys.iter().all(|k| *k != "der"), "{keys:?}");
}

#[test]
fn utf16_base64_value_from_out_file() {
    let m = make("lyncpool01.contoso.com");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&m.der) + "\r\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(b64.encode_utf16().flat_map(u16::to_le_bytes));
    let mut model = new_model();
    assert_eq!(
        load(&bytes, "value.txt", 0, &mut model),
        Some(EvidenceKind::Certificate)
    );
    assert_eq!(model.certificates[0].thumbprint, thumbprint(&m.der));
}

#[test]
fn pkcs7_der_and_pem_give_every_certificate() {
    let a = make("a.contoso.com");
    let b = make("b.contoso.com");
    let bundle = p7b(&[&a.der, &b.der]);
    let mut model = new_model();
    assert_eq!(
        load(&bundle, "chain.p7b", 0, &mut model),
        Some(EvidenceKind::Certificate)
    );
    let got: Vec<_> = model.certificates.iter().map(|c| &c.thumbprint).collect();
    assert_eq!(got, [&thumbprint(&a.der), &thumbprint(&b.der)]);
    assert!(
        model
            .certificates
            .iter()
            .all(|c| c.encoding == CertificateEncoding::Pkcs7)
    );

    let mut model = new_model();
    let text = format!("\r\n{}", armour("PKCS7", &bundle));
    load(text.as_bytes(), "chain.p7b", 0, &mut model);
    assert_eq!(model.certificates.len(), 2);
    assert_eq!(model.certificates[1].location.line, 2);
}

#[test]
fn empty_pkcs7_is_not_a_certificate() {
    let mut model = new_model();
    load(&p7b(&[]), "chain.p7b", 0, &mut model);
    assert!(model.certificates.is_empty());
    assert_eq!(model.not_certificates[0].kind, NotCertificateKind::Garbage);
}

#[test]
fn pkcs12_by_structure() {
    let data_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ];
    let mut auth_safe = data_oid.to_vec();
    auth_safe.extend(tlv(0xa0, &tlv(0x04, &[0u8; 200])));
    let mut pfx = tlv(0x02, &[3]);
    pfx.extend(tlv(0x30, &auth_safe));
    let pfx = tlv(0x30, &pfx);
    let mut model = new_model();
    // No certificate-like name: recognised by content alone.
    assert_eq!(
        load(&pfx, "export.bin", 0, &mut model),
        Some(EvidenceKind::PrivateKey)
    );
    assert_eq!(model.private_keys[0].kind, PrivateKeyKind::Pkcs12);
    assert_eq!(model.private_keys[0].location, Location::file("export.bin"));
}

#[test]
fn pem_private_keys_of_every_label() {
    let m = make("a.contoso.com");
    for label in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
    ] {
        let text = m.key_pem.replace("PRIVATE KEY", label);
        let mut model = new_model();
        assert_eq!(
            load(text.as_bytes(), "oauth.key", 0, &mut model),
            Some(EvidenceKind::PrivateKey)
        );
        assert_eq!(model.private_keys[0].kind, PrivateKeyKind::PemPrivateKey);
        assert_eq!(model.private_keys[0].label, label);
    }
    // Certificate and key in one PEM file: both recorded.
    let mut model = new_model();
    let text = format!("{}{}", m.pem, m.key_pem);
    assert_eq!(
        load(text.as_bytes(), "both.pem", 0, &mut model),
        Some(EvidenceKind::Certificate)
    );
    assert_eq!(model.certificates.len(), 1);
    assert_eq!(model.private_keys.len(), 1);
}

#[test]
fn signing_requests_pem_new_and_der() {
    let m = make("a.contoso.com");
    let new_label = m
        .csr_pem
        .replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    for (bytes, path) in [
        (m.csr_pem.as_bytes().to_vec(), "req.csr"),
        (new_label.as_bytes().to_vec(), "req.txt"),
        (m.csr_der.clone(), "req.der"),
    ] {
        let mut model = new_model();
        assert_eq!(
            load(&bytes, path, 0, &mut model),
            Some(EvidenceKind::Certificate),
            "{path}"
        );
        assert!(model.certificates.is_empty());
        assert_eq!(
            model.not_certificates[0].kind,
            NotCertificateKind::SigningRequest
        );
    }
}

#[test]
fn truncated_der_is_reported_not_panicked() {
    let m = make("a.contoso.com");
    for cut in [2, 4, 10, m.der.len() / 2, m.der.len() - 1] {
        let mut model = new_model();
        assert_eq!(
            load(&m.der[..cut], "LyncOAuth.cer", 0, &mut model),
            Some(EvidenceKind::Certificate)
        );
        assert!(model.certificates.is_empty());
        assert_eq!(
            model.not_certificates[0].kind,
            NotCertificateKind::Truncated,
            "cut at {cut}"
        );
    }
    // Without a certificate-like name, damaged DER is not claimed.
    let mut model = new_model();
    assert_eq!(load(&m.der[..100], "blob.bin", 0, &mut model), None);
}

#[test]
fn truncated_pem_points_at_its_begin_line() {
    let m = make("a.contoso.com");
    let cut: String = m.pem.lines().take(4).collect::<Vec<_>>().join("\n");
    let mut model = new_model();
    load(format!("\n{cut}").as_bytes(), "x.pem", 0, &mut model);
    let nc = &model.not_certificates[0];
    assert_eq!(nc.kind, NotCertificateKind::Truncated);
    assert_eq!((nc.location.line, nc.location.column), (2, 1));
}

#[test]
fn random_bytes_never_panic() {
    // A fixed xorshift stream: reproducible "random" input of many lengths and first bytes.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    };
    for len in 0..300 {
        let mut bytes: Vec<u8> = (0..len).map(|_| next()).collect();
        if len > 2 && len % 3 == 0 {
            bytes[0] = 0x30;
            bytes[1] = 0x82;
        }
        let mut model = new_model();
        let kind = load(&bytes, "garbage.cer", 0, &mut model);
        assert_eq!(kind, Some(EvidenceKind::Certificate));
        assert!(model.certificates.is_empty());
        assert_eq!(model.not_certificates.len(), 1);
    }
    let mut model = new_model();
    load(b"hello, not a certificate", "note.cer", 0, &mut model);
    assert_eq!(model.not_certificates[0].kind, NotCertificateKind::Garbage);
}

#[test]
fn plain_text_and_transcripts_are_left_to_the_text_loaders() {
    let m = make("a.contoso.com");
    let mut model = new_model();
    assert_eq!(
        load(b"Get-CsCertificate\r\n", "run.ps1", 0, &mut model),
        None
    );
    // Armour echoed inside a transcript does not make the transcript a certificate.
    let transcript = format!(
        "**********************\r\nWindows PowerShell transcript start\r\nPS C:\\> Get-Content .\\a.cer\r\n{}",
        m.pem
    );
    assert_eq!(
        load(transcript.as_bytes(), "transcript.txt", 0, &mut model),
        None
    );
    assert!(model.certificates.is_empty());
}

/// `bytes` as UTF-16LE with its byte-order mark.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Whether reading `bytes` whole as text, as a file not named like a certificate, finds anything.
fn text_finds_something(bytes: &[u8]) -> bool {
    let mut model = new_model();
    let mut found = Found::default();
    let mut loader = Loader {
        path: "saved.txt",
        file: 0,
        named: false,
        model: &mut model,
        found: &mut found,
    };
    if let Some(text) = as_text(bytes) {
        loader.text(&text);
    }
    !found.is_empty()
}

#[test]
fn a_utf16_transcript_is_known_for_no_certificate_from_its_start() {
    let line = "PS C:\\Users\\lyncadmin> Get-CsOAuthConfiguration\r\n";
    let transcript = format!(
        "**********************\r\nWindows PowerShell transcript start\r\n{}",
        line.repeat(100)
    );
    let bytes = utf16le(&transcript);
    assert!(starts_as_plain_utf16_text(&bytes));
    assert!(!text_finds_something(&bytes));
    assert_eq!(load(&bytes, "transcript.txt", 0, &mut new_model()), None);
    // The same in UTF-16BE.
    let mut be = vec![0xfe, 0xff];
    be.extend(transcript.encode_utf16().flat_map(u16::to_be_bytes));
    assert!(starts_as_plain_utf16_text(&be));
    // Short, or UTF-8: read whole, as before.
    assert!(!starts_as_plain_utf16_text(&utf16le(line)));
    let mut utf8 = vec![0xef, 0xbb, 0xbf];
    utf8.extend(transcript.as_bytes());
    assert!(!starts_as_plain_utf16_text(&utf8));
}

#[test]
fn a_utf16_file_that_may_hold_a_certificate_is_read_whole() {
    let m = make("lyncpool01.contoso.com");
    let padding = "\r\n".repeat(3000);
    // Armour after blank lines; armour whose first line the start cuts short (`-----`); a
    // Base64 value followed by blank lines: the start cannot rule them out, and each is found.
    let cut = " ".repeat((UTF16_PREFIX_BYTES - 10) / 2);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&m.der);
    for text in [
        format!("\r\n  \r\n{}{padding}", m.pem),
        format!("{cut}{}{padding}", m.pem),
        format!("{b64}{padding}"),
    ] {
        let bytes = utf16le(&text);
        assert!(bytes.len() > UTF16_PREFIX_BYTES + 2);
        assert!(!starts_as_plain_utf16_text(&bytes), "{:?}", &text[..40]);
        let mut model = new_model();
        assert_eq!(
            load(&bytes, "saved.txt", 0, &mut model),
            Some(EvidenceKind::Certificate)
        );
        assert_eq!(model.certificates[0].thumbprint, thumbprint(&m.der));
    }
}

proptest::proptest! {
    /// Whatever UTF-16 text a file holds, a start that rules certificates out is right: reading
    /// the whole finds nothing either. Texts are built of pieces around the start's edge.
    #[test]
    fn a_start_that_rules_certificates_out_agrees_with_the_whole(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                " ", "\r\n", "\n", "\r", "\t", "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----",
                "-----BEGIN ", "-----", "MIIB", "QUJD", "==", "+/", "PS C:\\> ", "*", "é", "\u{3000}",
                "\u{1F600}",
            ]),
            0..40,
        ),
        spaces in 1900usize..2100,
        odd in proptest::bool::ANY,
    ) {
        let text = format!("{}{}", " ".repeat(spaces), pieces.concat()) + &"x\r\n".repeat(800);
        let mut bytes = utf16le(&text);
        if odd {
            // A lone high surrogate right at the start's edge: a bad sequence in the whole.
            let at = 2 + UTF16_PREFIX_BYTES - 2;
            bytes.splice(at..at, [0x00, 0xd8]);
        }
        if starts_as_plain_utf16_text(&bytes) {
            proptest::prop_assert!(!text_finds_something(&bytes), "{:?}", &text[..]);
        }
    }
}
