//! Every certificate under `fixtures/` and in the fuzz corpus (`fuzz/corpus/certificate`), plus
//! one-byte mutants of the fixtures' certificates, read twice: by hybridlint's loader and by a
//! second, independent parser inside this test (RustCrypto's `x509-cert`, strict DER, with its
//! own PEM and Base64 reading here). Thumbprint, validity and RSA key size must agree, and
//! hybridlint must accept no certificate the strict parser rejects. Where the `openssl` command
//! is installed, every certificate hybridlint accepts is also shown to openssl, which must accept
//! it with the same values. The figures are printed (`cargo test --test cert_corpus --
//! --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use hybridlint::evidence::certificate;
use hybridlint::model::{CertificateEncoding, ExpectedFacts, Model, PublicKeyInfo};
use sha1::{Digest, Sha1};
use time::OffsetDateTime;
use time::macros::datetime;
use x509_cert::Certificate;
use x509_cert::der::asn1::{Any, UintRef};
use x509_cert::der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};

/// What a certificate's facts are, by either reader.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    not_before: i64,
    not_after: i64,
    /// RSA modulus bits; `None` for other key types (not compared).
    rsa_bits: Option<u32>,
}

/// Agreement counts, printed at the end.
#[derive(Debug, Default)]
struct Tally {
    files: usize,
    /// Candidate DER objects the independent reader found (whole file, PEM blocks, Base64).
    candidates: usize,
    independent: usize,
    hybridlint: usize,
    both: usize,
    /// Read by x509-cert but refused by hybridlint, with the DER: hybridlint is stricter than
    /// x509-cert's decoding in a few ways openssl shares (a name value that is not a valid
    /// string, a constructed value whose contents are not elements).
    only_independent: Vec<(String, Vec<u8>)>,
    only_hybridlint: Vec<String>,
    validity_agree: usize,
    rsa_compared: usize,
    rsa_agree: usize,
    disagreements: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Candidate certificate DER in `bytes`, found without hybridlint's code: the whole file when it
/// starts like DER, every `CERTIFICATE` PEM block, or the whole file as Base64.
fn candidates(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if bytes.first() == Some(&0x30) {
        out.push(bytes.to_vec());
    }
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let mut at = 0;
    while let Some(start) = find(&bytes[at..], BEGIN).map(|p| at + p + BEGIN.len()) {
        let Some(stop) = find(&bytes[start..], END).map(|p| start + p) else {
            break;
        };
        // A block cut short runs into the next BEGIN: not a candidate.
        let body = &bytes[start..stop];
        if find(body, b"-----").is_none() {
            let compact: Vec<u8> = body
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(compact) {
                out.push(der);
            }
        }
        at = stop + END.len();
    }
    let trimmed: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if out.is_empty()
        && !trimmed.is_empty()
        && let Ok(der) = base64::engine::general_purpose::STANDARD.decode(&trimmed)
    {
        out.push(der);
    }
    out
}

fn names(list: &[(String, Vec<u8>)]) -> Vec<&str> {
    list.iter().map(|(n, _)| n.as_str()).collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn thumbprint(der: &[u8]) -> String {
    hex::encode_upper(Sha1::digest(der))
}

/// The independent reading: strict DER by x509-cert, thumbprint over its own re-encoding.
fn independent(der: &[u8]) -> Option<(String, Facts)> {
    let cert = Certificate::from_der(der).ok()?;
    let encoded = cert.to_der().ok()?;
    let tbs = cert.tbs_certificate();
    let validity = tbs.validity();
    let spki = tbs.subject_public_key_info();
    let rsa = matches!(
        spki.algorithm.oid.to_string().as_str(),
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10"
    );
    let rsa_bits = if rsa {
        spki.subject_public_key.as_bytes().and_then(modulus_bits)
    } else {
        None
    };
    Some((
        thumbprint(&encoded),
        Facts {
            not_before: validity.not_before.to_unix_duration().as_secs() as i64,
            not_after: validity.not_after.to_unix_duration().as_secs() as i64,
            rsa_bits,
        },
    ))
}

/// Bits of the modulus in an RSAPublicKey `SEQUENCE { INTEGER n, INTEGER e }`.
fn modulus_bits(key: &[u8]) -> Option<u32> {
    let seq = Any::from_der(key).ok()?;
    if seq.tag() != Tag::Sequence {
        return None;
    }
    let mut reader = SliceReader::new(seq.value()).ok()?;
    let modulus: UintRef = reader.decode().ok()?;
    let _exponent: UintRef = reader.decode().ok()?;
    reader.finish().ok()?;
    let bytes = modulus.as_bytes();
    let first = bytes.first()?;
    Some(bytes.len() as u32 * 8 - first.leading_zeros())
}

fn hybridlint_facts(model: &Model) -> BTreeMap<String, Facts> {
    model
        .certificates
        .iter()
        // The independent reader does not open PKCS#7 bundles.
        .filter(|c| c.encoding != CertificateEncoding::Pkcs7)
        .map(|c| {
            let rsa_bits = match c.public_key {
                PublicKeyInfo::Rsa { bits } => Some(bits),
                _ => None,
            };
            (
                c.thumbprint.clone(),
                Facts {
                    not_before: c.not_before.unix_timestamp(),
                    not_after: c.not_after.unix_timestamp(),
                    rsa_bits,
                },
            )
        })
        .collect()
}

fn new_model() -> Model {
    Model::new(datetime!(2025-06-01 0:00 UTC), ExpectedFacts::default())
}

/// Reads `bytes` both ways under a certificate name (as the fuzz target does, so armour anywhere
/// in the file is read) and counts the agreement.
fn compare(name: &str, bytes: &[u8], tally: &mut Tally) -> BTreeMap<String, (Vec<u8>, Facts)> {
    tally.files += 1;
    let mut model = new_model();
    certificate::load(bytes, "corpus.cer", 0, &mut model);
    let ours = hybridlint_facts(&model);
    let mut theirs: BTreeMap<String, (Vec<u8>, Facts)> = BTreeMap::new();
    for der in candidates(bytes) {
        tally.candidates += 1;
        if let Some((thumb, facts)) = independent(&der) {
            theirs.insert(thumb, (der, facts));
        }
    }
    tally.independent += theirs.len();
    tally.hybridlint += ours.len();
    for (thumb, (der, facts)) in &theirs {
        let Some(mine) = ours.get(thumb) else {
            tally
                .only_independent
                .push((format!("{name} {thumb}"), der.clone()));
            continue;
        };
        tally.both += 1;
        if (mine.not_before, mine.not_after) == (facts.not_before, facts.not_after) {
            tally.validity_agree += 1;
        } else {
            tally
                .disagreements
                .push(format!("{name} {thumb}: validity {mine:?} vs {facts:?}"));
        }
        if let (Some(a), Some(b)) = (mine.rsa_bits, facts.rsa_bits) {
            tally.rsa_compared += 1;
            if a == b {
                tally.rsa_agree += 1;
            } else {
                tally
                    .disagreements
                    .push(format!("{name} {thumb}: RSA bits {a} vs {b}"));
            }
        } else if mine.rsa_bits != facts.rsa_bits {
            tally
                .disagreements
                .push(format!("{name} {thumb}: key {mine:?} vs {facts:?}"));
        }
    }
    for thumb in ours.keys().filter(|t| !theirs.contains_key(*t)) {
        let why = candidates(bytes)
            .iter()
            .find(|d| thumbprint(d) == *thumb)
            .and_then(|d| Certificate::from_der(d).err())
            .map(|e| e.to_string())
            .unwrap_or_else(|| {
                let c = model.certificates.iter().find(|c| c.thumbprint == *thumb);
                format!("{:?} {:?}", c.map(|c| c.encoding), bytes.get(..4))
            });
        tally
            .only_hybridlint
            .push(format!("{name} {thumb} ({why})"));
    }
    theirs
        .into_iter()
        .filter(|(t, _)| ours.contains_key(t))
        .collect()
}

/// openssl's reading of one DER certificate: (thumbprint, facts), or `None` when it refuses it.
fn openssl_reads(der: &[u8], scratch: &Path) -> Option<(String, Facts)> {
    std::fs::write(scratch, der).ok()?;
    let out = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-noout", "-fingerprint", "-sha1"])
        .args(["-startdate", "-enddate", "-text", "-in"])
        .arg(scratch)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(str::to_string))
    };
    // "SHA1 Fingerprint=" in OpenSSL 1.1, "sha1 Fingerprint=" in 3.x.
    let thumb = text.lines().find_map(|l| {
        l.split_once(" Fingerprint=")
            .map(|(_, t)| t.replace(':', ""))
    })?;
    let date = |s: String| openssl_date(&s).map(OffsetDateTime::unix_timestamp);
    let rsa_bits = if text.contains("Public Key Algorithm: rsaEncryption")
        || text.contains("Public Key Algorithm: rsassaPss")
    {
        field("Public-Key: (")
            .or_else(|| field("RSA Public-Key: ("))
            .and_then(|s| s.split(' ').next()?.parse().ok())
    } else {
        None
    };
    Some((
        thumb,
        Facts {
            not_before: date(field("notBefore=")?)?,
            not_after: date(field("notAfter=")?)?,
            rsa_bits,
        },
    ))
}

/// `Jun  1 00:00:00 2024 GMT` → the instant.
fn openssl_date(s: &str) -> Option<OffsetDateTime> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [month, day, clock, year, _] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u8
        + 1;
    let hms: Vec<u8> = clock.split(':').filter_map(|p| p.parse().ok()).collect();
    let date = time::Date::from_calendar_date(
        year.parse().ok()?,
        time::Month::try_from(month).ok()?,
        day.parse().ok()?,
    )
    .ok()?;
    let t = time::Time::from_hms(*hms.first()?, *hms.get(1)?, *hms.get(2)?).ok()?;
    Some(date.with_time(t).assume_utc())
}

fn openssl_installed() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One-byte mutants of `der`: each byte XORed with 0x01, 0x20, 0x80 and 0xFF.
fn mutants(der: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    (0..der.len()).flat_map(move |i| {
        [0x01u8, 0x20, 0x80, 0xff].into_iter().map(move |flip| {
            let mut m = der.to_vec();
            m[i] ^= flip;
            m
        })
    })
}

#[test]
fn hybridlint_agrees_with_an_independent_parser_on_every_corpus_certificate() {
    let mut paths = Vec::new();
    files_under(&root().join("fixtures"), &mut paths);
    let fixture_files = paths.len();
    files_under(&root().join("fuzz/corpus/certificate"), &mut paths);
    let mut tally = Tally::default();
    let mut accepted: Vec<(String, Vec<u8>, Facts)> = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).expect("read corpus file");
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        for (thumb, (der, facts)) in compare(&name, &bytes, &mut tally) {
            accepted.push((thumb, der, facts));
        }
    }
    println!(
        "corpus: {} files ({fixture_files} under fixtures/, {} in the fuzz corpus), {} candidate DER objects",
        tally.files,
        tally.files - fixture_files,
        tally.candidates
    );
    println!(
        "certificates: x509-cert {}, hybridlint {}, both {}; only x509-cert {:?}; only hybridlint {:?}",
        tally.independent,
        tally.hybridlint,
        tally.both,
        names(&tally.only_independent),
        tally.only_hybridlint
    );
    println!(
        "agreement on certificates both read: thumbprint {}/{}, validity {}/{}, RSA key size {}/{}",
        tally.both,
        tally.both,
        tally.validity_agree,
        tally.both,
        tally.rsa_agree,
        tally.rsa_compared
    );
    assert!(tally.both >= 30, "too few certificates compared: {tally:?}");
    assert!(
        tally.only_hybridlint.is_empty(),
        "{:?}",
        tally.only_hybridlint
    );
    assert!(tally.disagreements.is_empty(), "{:?}", tally.disagreements);

    // One-byte mutants of the fixtures' certificates: hybridlint accepts a mutant only when the
    // strict parser does, with the same facts.
    let mut mutant_tally = Tally::default();
    let originals: Vec<Vec<u8>> = accepted
        .iter()
        .filter(|(_, der, _)| der.len() < 2000)
        .take(4)
        .map(|(_, der, _)| der.clone())
        .collect();
    let mut accepted_mutants = Vec::new();
    for original in &originals {
        for mutant in mutants(original) {
            for (_, (der, facts)) in compare("mutant", &mutant, &mut mutant_tally) {
                accepted_mutants.push((der, facts));
            }
        }
    }
    println!(
        "mutants: {} of {} certificates, x509-cert accepts {}, hybridlint {}, both {}; only x509-cert {}; disagreements {}",
        mutant_tally.files,
        originals.len(),
        mutant_tally.independent,
        mutant_tally.hybridlint,
        mutant_tally.both,
        mutant_tally.only_independent.len(),
        mutant_tally.disagreements.len()
    );
    for d in mutant_tally.disagreements.iter().take(8) {
        println!("  {d}");
    }
    for d in mutant_tally.only_hybridlint.iter().take(8) {
        println!("  only hybridlint: {d}");
    }
    assert!(mutant_tally.files > 1000);
    assert!(
        mutant_tally.only_hybridlint.is_empty(),
        "{:?}",
        mutant_tally.only_hybridlint
    );
    assert!(
        mutant_tally.disagreements.is_empty(),
        "{:?}",
        mutant_tally.disagreements
    );

    if !openssl_installed() {
        println!("openssl: not installed, comparison skipped");
        return;
    }
    let scratch = tempfile::NamedTempFile::new().expect("scratch file");
    let mut openssl_agree = 0;
    let mut problems = Vec::new();
    // Every corpus certificate and one mutant in 25 (an openssl process each takes time).
    let everything = accepted.iter().map(|(_, der, facts)| (der, facts)).chain(
        accepted_mutants
            .iter()
            .step_by(25)
            .map(|(der, facts)| (der, facts)),
    );
    let mut shown = 0;
    let mut damaged_keys = 0;
    for (der, facts) in everything {
        shown += 1;
        let from_corpus = shown <= accepted.len();
        match openssl_reads(der, scratch.path()) {
            Some((thumb, theirs)) if thumb == thumbprint(der) && theirs == *facts => {
                openssl_agree += 1
            }
            // A mutant's RSA key that is not strict DER (a negative modulus, say): openssl
            // still gives a size, hybridlint and x509-cert call it unreadable.
            Some((thumb, theirs))
                if !from_corpus
                    && thumb == thumbprint(der)
                    && facts.rsa_bits.is_none()
                    && (theirs.not_before, theirs.not_after)
                        == (facts.not_before, facts.not_after) =>
            {
                damaged_keys += 1
            }
            Some((thumb, theirs)) => problems.push(format!(
                "{}: openssl says {thumb} {theirs:?}, hybridlint {facts:?}",
                thumbprint(der)
            )),
            None => problems.push(format!(
                "{}: openssl refuses it (or its output was not understood)",
                thumbprint(der)
            )),
        }
    }
    println!(
        "openssl: agrees on thumbprint, validity and RSA key size for {openssl_agree} of the {shown} certificates hybridlint accepts shown to it (every corpus certificate, one mutant in 25); {damaged_keys} mutant(s) with a damaged RSA key openssl sizes anyway"
    );
    // What hybridlint refuses and x509-cert reads, openssl refuses too.
    // (Every one from the corpus, one mutant in 3.)
    let stricter: Vec<_> = tally
        .only_independent
        .iter()
        .chain(mutant_tally.only_independent.iter().step_by(3))
        .collect();
    let (mut openssl_refuses, mut der_violations, mut x509_parser_gaps) = (0, 0, 0);
    for (name, der) in &stricter {
        if openssl_reads(der, scratch.path()).is_none() {
            openssl_refuses += 1;
            continue;
        }
        // openssl reads it: then hybridlint must name a DER violation openssl tolerates (a
        // default value written out, garbage inside algorithm parameters it keeps raw), or
        // x509-parser (which reads the facts) must be unable to read it.
        let mut model = new_model();
        certificate::load(der, "corpus.cer", 0, &mut model);
        let why = model
            .not_certificates
            .first()
            .map(|n| n.detail.clone())
            .unwrap_or_default();
        if why.starts_with("BER, not DER") || why.starts_with("not DER") {
            der_violations += 1;
        } else if why.starts_with("a certificate x509-parser cannot read") {
            x509_parser_gaps += 1;
        } else {
            problems.push(format!(
                "{name}: hybridlint refuses it ({why}), openssl reads it"
            ));
        }
    }
    println!(
        "openssl: of the {} certificates x509-cert reads and hybridlint refuses, openssl refuses {openssl_refuses}; of the rest, {der_violations} are DER violations openssl tolerates and {x509_parser_gaps} are ones x509-parser cannot read",
        stricter.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
}
