//! Proof that the plain-shape walk changes no answer: `strict::check` (which trusts the walk)
//! must equal `strict::check_by_decoding` (which decodes and re-encodes every certificate) on
//! every certificate in the fixtures and the fuzz corpora, in PKCS#7 bundles too, and on
//! mutations of each at its tags, lengths and first content bytes. `HYBRIDLINT_CERT_CORPUS`
//! (folders, `:`-separated) adds a public corpus, read in place and never committed.

use std::path::{Path, PathBuf};

use super::super::{armour, container, plain_shape, strict};

/// Every DER object the loader would try as a certificate, from every file under `roots`.
fn candidates(roots: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for root in roots {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            let mut found: Vec<Vec<u8>> = Vec::new();
            if bytes.first() == Some(&0x30) {
                found.push(bytes.clone());
            }
            let text = String::from_utf8_lossy(&bytes);
            found.extend(armour::blocks(&text).filter_map(|b| b.der));
            if armour::is_bare_base64(&text)
                && let Some(der) = armour::decode_base64(&text)
            {
                found.push(der);
            }
            for der in found {
                if let Some(members) = container::pkcs7_certificates(&der) {
                    out.extend(members.into_iter().map(<[u8]>::to_vec));
                }
                out.push(der);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Offsets of every tag and length byte in `der`, and of the first two content bytes of each
/// primitive element: where a change reaches the structure the walk reads.
fn structural_offsets(der: &[u8], base: usize, out: &mut Vec<usize>) {
    let mut at = 0;
    while at + 2 <= der.len() {
        let tag = der[at];
        let first = der[at + 1];
        let (len, header) = match first {
            0..=0x7f => (usize::from(first), 2),
            0x81 => match der.get(at + 2) {
                Some(l) => (usize::from(*l), 3),
                None => return,
            },
            0x82 => match der.get(at + 2..at + 4) {
                Some(l) => (usize::from(l[0]) << 8 | usize::from(l[1]), 4),
                None => return,
            },
            _ => return,
        };
        out.extend((at..at + header).map(|o| base + o));
        let Some(contents) = der.get(at + header..at + header + len) else {
            return;
        };
        if tag & 0x20 != 0 {
            structural_offsets(contents, base + at + header, out);
        } else {
            out.extend((0..len.min(2)).map(|o| base + at + header + o));
        }
        at += header + len;
    }
}

fn corpus_roots() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![here.join("fixtures"), here.join("fuzz/corpus")];
    if let Ok(extra) = std::env::var("HYBRIDLINT_CERT_CORPUS") {
        roots.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    roots
}

/// Certificates made the way rcgen makes them (as `openssl req -x509` and PowerShell's
/// `New-SelfSignedCertificate` do, give or take the extensions): a CA, leaves with several kinds
/// of alternative name and key usage, and names in several string types.
fn made() -> Vec<Vec<u8>> {
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
        ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType,
    };
    let mut out = Vec::new();
    for variant in 0..8 {
        let mut params = CertificateParams::new(vec![
            format!("lyncpool0{variant}.contoso.com"),
            "contoso.com".to_string(),
        ])
        .expect("params");
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            format!("lyncpool0{variant}.contoso.com"),
        );
        match variant {
            1 => dn.push(
                DnType::OrganizationName,
                DnValue::PrintableString("Contoso".try_into().expect("printable")),
            ),
            2 => dn.push(
                DnType::OrganizationName,
                DnValue::Utf8String("Contoso Ünïcode Ltd".into()),
            ),
            3 => dn.push(
                DnType::CountryName,
                DnValue::PrintableString("GB".try_into().expect("printable")),
            ),
            _ => {}
        }
        params.distinguished_name = dn;
        params.not_before = time::macros::datetime!(2024-06-01 0:00 UTC);
        params.not_after = match variant {
            4 => time::macros::datetime!(2050-06-01 0:00 UTC),
            _ => time::macros::datetime!(2026-06-01 0:00 UTC),
        };
        if variant == 5 {
            params.is_ca = IsCa::Ca(BasicConstraints::Constrained(1));
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        }
        if variant == 6 {
            params.extended_key_usages = vec![
                ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsagePurpose::ClientAuth,
            ];
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            params
                .subject_alt_names
                .push(SanType::IpAddress([10, 0, 0, 1].into()));
        }
        if variant == 7 {
            params.subject_alt_names.push(SanType::Rfc822Name(
                "admin@contoso.com".try_into().expect("email"),
            ));
            params.distinguished_name = DistinguishedName::new();
        }
        let key = KeyPair::generate().expect("key");
        out.push(params.self_signed(&key).expect("sign").der().to_vec());
    }
    out
}

#[test]
fn the_plain_shape_walk_changes_no_answer() {
    let mut candidates = candidates(&corpus_roots());
    candidates.extend(made());
    let (mut strict_ok, mut plain, mut mutations) = (0, 0, 0);
    for der in &candidates {
        let full = strict::check_by_decoding(der);
        assert_eq!(strict::check(der), full, "{}", hex::encode(der));
        if full.is_ok() {
            strict_ok += 1;
            plain += usize::from(plain_shape::is_plain_certificate(der));
        }
        // Mutations of the certificates the walk takes: each changed byte must leave the two
        // answers equal, whether the change breaks the DER or makes another valid certificate.
        if !plain_shape::is_plain_certificate(der) {
            continue;
        }
        let mut offsets = Vec::new();
        structural_offsets(der, 0, &mut offsets);
        let mut mutated = der.clone();
        for at in offsets {
            let was = der[at];
            for value in [
                0x00,
                0x01,
                0x80,
                0xff,
                was ^ 0x20,
                was.wrapping_add(1),
                was.wrapping_sub(1),
            ] {
                if value == was {
                    continue;
                }
                mutated[at] = value;
                mutations += 1;
                assert_eq!(
                    strict::check(&mutated),
                    strict::check_by_decoding(&mutated),
                    "byte {at} set to {value:#04x} in {}",
                    hex::encode(der)
                );
            }
            mutated[at] = was;
        }
    }
    eprintln!(
        "{} DER objects, {strict_ok} strict certificates, {plain} of them plain ({:.1}%), {mutations} mutations",
        candidates.len(),
        100.0 * plain as f64 / strict_ok.max(1) as f64
    );
    // The walk is worth having only if it takes nearly every certificate.
    assert!(strict_ok >= 50, "too few certificates found: {strict_ok}");
    assert!(plain * 10 >= strict_ok * 9, "{plain} of {strict_ok} plain");
}

#[test]
fn what_the_walk_leaves_to_the_full_check() {
    // Each is a form DER forbids that decoding alone lets through, or a shape the walk does not
    // read; the full check answers for it.
    let base = plain_base();
    assert!(plain_shape::is_plain_certificate(&base));
    assert_eq!(strict::check(&base), Ok(()));
    for (what, der) in [
        ("version 1 written out", with_version(0)),
        ("critical FALSE written out", with_critical(0x00)),
    ] {
        assert!(!plain_shape::is_plain_certificate(&der), "{what}");
        let err = strict::check(&der).expect_err(what);
        assert!(
            err.starts_with("BER, not DER: a value is not in its one DER form"),
            "{what}: {err}"
        );
    }
    assert!(plain_shape::is_plain_certificate(&with_critical(0xff)));
}

/// DER TLV with a definite, minimal length.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match contents.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(contents);
    out
}

/// A small certificate of the plain shape, built by hand: version as given (`None`: left out),
/// one basicConstraints extension whose `critical` byte is as given (`None`: left out).
fn certificate(version: Option<u8>, critical: Option<u8>) -> Vec<u8> {
    let sha256_rsa = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
            ),
            tlv(0x05, &[]),
        ]
        .concat(),
    );
    let name = tlv(
        0x30,
        &tlv(
            0x31,
            &tlv(
                0x30,
                &[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x0c, b"contoso.com")].concat(),
            ),
        ),
    );
    let validity = tlv(
        0x30,
        &[tlv(0x17, b"240601000000Z"), tlv(0x18, b"20260601000000Z")].concat(),
    );
    let rsa = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            tlv(0x05, &[]),
        ]
        .concat(),
    );
    let key = tlv(
        0x30,
        &[
            rsa,
            tlv(
                0x03,
                &[0x00, 0x30, 0x06, 0x02, 0x01, 0x03, 0x02, 0x01, 0x03],
            ),
        ]
        .concat(),
    );
    let mut extension = tlv(0x06, &[0x55, 0x1d, 0x13]);
    if let Some(c) = critical {
        extension.extend(tlv(0x01, &[c]));
    }
    extension.extend(tlv(0x04, &tlv(0x30, &[])));
    let mut tbs = Vec::new();
    if let Some(v) = version {
        tbs.extend(tlv(0xa0, &tlv(0x02, &[v])));
    }
    tbs.extend(tlv(0x02, &[0x01]));
    tbs.extend(&sha256_rsa);
    tbs.extend(&name);
    tbs.extend(validity);
    tbs.extend(&name);
    tbs.extend(key);
    tbs.extend(tlv(0xa3, &tlv(0x30, &tlv(0x30, &extension))));
    tlv(
        0x30,
        &[tlv(0x30, &tbs), sha256_rsa, tlv(0x03, &[0x00, 0x01, 0x02])].concat(),
    )
}

fn plain_base() -> Vec<u8> {
    certificate(Some(2), None)
}

fn with_version(v: u8) -> Vec<u8> {
    certificate(Some(v), None)
}

fn with_critical(c: u8) -> Vec<u8> {
    certificate(Some(2), Some(c))
}
