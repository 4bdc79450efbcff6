//! The certificate cases public corpora exposed (issue #16), one test per item, over the files
//! `examples/gen_cert_edge_cases.rs` made in `fixtures/cert-edge-cases/`, judged on 2025-06-01.
//! Each test names the findings a file must give and the ones it must not.

use std::path::PathBuf;

use hybridlint::evidence::certificate;
use hybridlint::findings::{Finding, Severity};
use hybridlint::model::{ExpectedFacts, MAX_PER_FILE, Model, NotCertificateKind, PublicKeyInfo};
use hybridlint::rules::{self, RuleSettings, Selection, catalogue};
use time::macros::datetime;

const ROOT: &str = "fixtures/cert-edge-cases";

fn new_model() -> Model {
    Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default())
}

/// The model for one fixture file.
fn model_of(file: &str) -> Model {
    let mut model = new_model();
    hybridlint::evidence::load(&[PathBuf::from(ROOT).join(file)], &mut model);
    model
}

fn judge(model: &Model) -> Vec<Finding> {
    let rules = catalogue::load(&[]).expect("built-in rules load");
    rules::evaluate(
        &rules,
        model,
        &Selection::default(),
        &RuleSettings::default(),
    )
}

/// (rule, message) of every finding for one fixture file.
fn findings(file: &str) -> Vec<(String, String)> {
    judge(&model_of(file))
        .into_iter()
        .map(|f| (f.rule.to_string(), f.message))
        .collect()
}

fn rules_of(found: &[(String, String)]) -> Vec<&str> {
    let mut rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    rules.sort();
    rules
}

fn message<'a>(found: &'a [(String, String)], rule: &str) -> &'a str {
    found
        .iter()
        .find(|(r, _)| r == rule)
        .map(|(_, m)| m.as_str())
        .unwrap_or_else(|| panic!("no {rule} finding in {found:?}"))
}

#[test]
fn item1_a_stray_non_utf8_byte_does_not_hide_the_pem_block() {
    let bytes =
        std::fs::read(PathBuf::from(ROOT).join("1-stray-byte/LyncOAuth.pem")).expect("fixture");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let found = findings("1-stray-byte/LyncOAuth.pem");
    assert_eq!(
        rules_of(&found),
        ["cert/expired", "cert/weak-key"],
        "{found:?}"
    );
    assert!(message(&found, "cert/weak-key").contains("1024-bit RSA key"));
    // The block's line is the line after the three-line dump.
    let model = model_of("1-stray-byte/LyncOAuth.pem");
    assert_eq!(model.certificates[0].location.line, 4);
}

#[test]
fn item2_a_lone_ca_certificate_is_judged_and_named_a_ca() {
    let found = findings("2-ca-alone/LyncOAuth.cer");
    assert_eq!(
        rules_of(&found),
        ["cert/weak-key", "cert/weak-signature"],
        "{found:?}"
    );
    for (_, m) in &found {
        assert!(
            m.starts_with("CA certificate CN=lyncpool01.contoso.com"),
            "{m}"
        );
    }
}

#[test]
fn item2_a_ca_certificate_above_a_leaf_in_its_file_is_the_chain_and_not_judged() {
    let model = model_of("2-ca-alone/LeafWithChain.pem");
    assert_eq!(model.certificates.len(), 2);
    assert!(model.certificates[1].is_ca);
    assert_eq!(
        model.certificates[1].public_key,
        PublicKeyInfo::Rsa { bits: 1024 }
    );
    let found = findings("2-ca-alone/LeafWithChain.pem");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn item3_ecdsa_with_sha1_is_a_weak_signature() {
    let found = findings("3-weak-algorithms/EcdsaSha1.cer");
    assert_eq!(rules_of(&found), ["cert/weak-signature"], "{found:?}");
    assert!(message(&found, "cert/weak-signature").contains("SHA-1 (ecdsa-with-SHA1)"));
}

#[test]
fn item3_rsa_pss_with_sha1_and_an_rsa_pss_key_are_judged() {
    let model = model_of("3-weak-algorithms/RsaPssSha1.cer");
    let cert = &model.certificates[0];
    assert_eq!(cert.public_key, PublicKeyInfo::Rsa { bits: 1024 });
    assert_eq!(cert.signature_algorithm, "rsassa-pss");
    assert_eq!(cert.signature_hash.as_deref(), Some("SHA-1"));
    let found = findings("3-weak-algorithms/RsaPssSha1.cer");
    assert_eq!(
        rules_of(&found),
        ["cert/weak-key", "cert/weak-signature"],
        "{found:?}"
    );
}

#[test]
fn item4_certificates_that_are_not_strict_der_are_not_certificates() {
    for (file, kind, says) in [
        (
            "BerIndefiniteLength.cer",
            NotCertificateKind::Malformed,
            "BER, not DER: an indefinite length",
        ),
        (
            "BerLongLength.cer",
            NotCertificateKind::Malformed,
            "BER, not DER: a length of",
        ),
        (
            "TrailingData.cer",
            NotCertificateKind::Malformed,
            "23 bytes of trailing data",
        ),
        (
            "BadLength.cer",
            NotCertificateKind::Malformed,
            "a bad length",
        ),
        (
            "MissingIssuer.cer",
            NotCertificateKind::Malformed,
            "a missing or misplaced field",
        ),
    ] {
        let path = format!("4-strict-der/{file}");
        let model = model_of(&path);
        assert!(
            model.certificates.is_empty(),
            "{file} read as a certificate"
        );
        assert_eq!(model.not_certificates.len(), 1, "{file}");
        assert_eq!(model.not_certificates[0].kind, kind, "{file}");
        let found = findings(&path);
        assert_eq!(
            rules_of(&found),
            ["cert/not-a-certificate"],
            "{file}: {found:?}"
        );
        let m = message(&found, "cert/not-a-certificate");
        assert!(m.contains(says), "{file}: {m}");
        assert!(!m.contains("cut short"), "{file}: {m}");
    }
}

#[test]
fn item4_a_certificate_cut_short_is_said_to_be() {
    let der =
        std::fs::read(PathBuf::from(ROOT).join("4-strict-der/TrailingData.cer")).expect("fixture");
    let mut model = new_model();
    certificate::load(&der[..500], "LyncOAuth.cer", 0, &mut model);
    let nc = &model.not_certificates[0];
    assert_eq!(nc.kind, NotCertificateKind::Truncated);
    assert!(
        nc.detail.starts_with("cut short: 500 of the 789 bytes"),
        "{}",
        nc.detail
    );
}

#[test]
fn item5_other_pki_objects_are_named_for_what_they_are() {
    for (file, kind, says) in [
        (
            "ContosoLabCA.crl.pem",
            NotCertificateKind::RevocationList,
            "a certificate revocation list",
        ),
        (
            "PublicKey.pem",
            NotCertificateKind::PublicKey,
            "a bare public key",
        ),
        (
            "PublicKey.cer",
            NotCertificateKind::PublicKey,
            "a bare public key",
        ),
        (
            "OcspResponse.der",
            NotCertificateKind::OcspResponse,
            "an OCSP response",
        ),
        (
            "CertificateOnly.p12",
            NotCertificateKind::Pkcs12WithoutKey,
            "a PKCS#12 bundle without a private key",
        ),
    ] {
        let path = format!("5-other-objects/{file}");
        let model = model_of(&path);
        assert!(
            model.private_keys.is_empty(),
            "{file}: {:?}",
            model.private_keys
        );
        assert_eq!(model.not_certificates.len(), 1, "{file}");
        assert_eq!(model.not_certificates[0].kind, kind, "{file}");
        let found = findings(&path);
        assert_eq!(
            rules_of(&found),
            ["cert/not-a-certificate"],
            "{file}: {found:?}"
        );
        let m = message(&found, "cert/not-a-certificate");
        assert!(m.contains(says), "{file}: {m}");
        assert!(!m.contains("damaged"), "{file}: {m}");
    }
    // The bundle without a key is the wrong form, not broken: a warning.
    let p12 = judge(&model_of("5-other-objects/CertificateOnly.p12"));
    assert_eq!(p12[0].severity, Severity::Warning);
}

#[test]
fn item5_a_p12_with_its_key_is_still_private_key_material() {
    let mut model = new_model();
    hybridlint::evidence::load(
        &[PathBuf::from(
            "fixtures/rules/cert/private-key-present/trigger/LyncOAuth.pfx",
        )],
        &mut model,
    );
    assert_eq!(model.private_keys.len(), 1);
    assert!(model.not_certificates.is_empty());
}

#[test]
fn item6_repeated_armour_gives_a_bounded_list_and_a_count() {
    let found = findings("6-bounded-output/RepeatedBegin.pem");
    assert_eq!(found.len(), MAX_PER_FILE + 1, "{found:?}");
    assert!(
        found.iter().any(|(_, m)| m.contains("15 more blocks")),
        "{found:?}"
    );
    let found = findings("6-bounded-output/RetiredCAs.pem");
    let expired: Vec<_> = found.iter().filter(|(r, _)| r == "cert/expired").collect();
    assert_eq!(expired.len(), MAX_PER_FILE + 1, "{found:?}");
    assert!(
        expired
            .iter()
            .any(|(_, m)| m.starts_with("2 more certificates")),
        "{expired:?}"
    );
}

#[test]
fn item6_two_hundred_thousand_begin_lines_stay_bounded() {
    // The 5.6 MB file of the issue, made in memory rather than committed.
    let text = "-----BEGIN CERTIFICATE-----\n".repeat(200_000);
    let mut model = new_model();
    certificate::load(text.as_bytes(), "many.pem", 0, &mut model);
    assert_eq!(model.not_certificates.len(), MAX_PER_FILE);
    let counted: usize = model
        .not_certificates
        .iter()
        .map(|n| 1 + n.more_in_file)
        .sum();
    assert_eq!(counted, 200_000);
    let found = judge(&model);
    assert_eq!(found.len(), MAX_PER_FILE + 1);
    assert!(
        found
            .iter()
            .any(|f| f.message.contains("199990 more blocks"))
    );
    // The same for private key armour.
    let keys = "-----BEGIN PRIVATE KEY-----\n".repeat(50_000);
    let mut model = new_model();
    certificate::load(keys.as_bytes(), "many.key", 0, &mut model);
    assert_eq!(model.private_keys.len(), MAX_PER_FILE);
    assert_eq!(judge(&model).len(), MAX_PER_FILE + 1);
}

#[test]
fn item7_a_modulus_of_3_is_a_2_bit_key() {
    let found = findings("7-small-truths/ModulusThree.cer");
    assert!(
        message(&found, "cert/weak-key").contains("has a 2-bit RSA key"),
        "{found:?}"
    );
}

#[test]
fn item7_expires_soon_fires_at_exactly_the_window() {
    let found = findings("7-small-truths/ThirtyDaysLeft.cer");
    assert_eq!(rules_of(&found), ["cert/expires-soon"], "{found:?}");
    assert!(message(&found, "cert/expires-soon").contains("in 30 days (warning window: 30 days)"));
    // A second later it is outside the window.
    let mut model = model_of("7-small-truths/ThirtyDaysLeft.cer");
    model.now -= time::Duration::seconds(1);
    let later: Vec<_> = judge(&model)
        .into_iter()
        .filter(|f| f.rule == "cert/expires-soon")
        .collect();
    assert!(later.is_empty(), "{later:?}");
}
