//! Inner loops under criterion: certificate decoding (DER and PEM), text decoding and line
//! splitting, the secret scan, the transcript loader and the PowerShell parser, each on fixture
//! evidence. Whole-process comparisons with peers are in `benches/run.sh`.
//!
//!     cargo bench --bench inner

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use hybridlint::evidence::{certificate, powershell, secrets, text, transcript};
use hybridlint::model::{EvidenceKind, Model, SourceFile};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture")
}

fn model() -> Model {
    Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default())
}

fn certificates(c: &mut Criterion) {
    let mut group = c.benchmark_group("certificate");
    for (name, path) in [
        ("der", "fixtures/seed-walkthrough/LyncOAuth.cer"),
        ("pem", "fixtures/clean-graph/LyncOAuth.cer"),
    ] {
        let bytes = fixture(path);
        group.throughput(Throughput::Elements(1));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut m = model();
                certificate::load(black_box(&bytes), "LyncOAuth.cer", 0, &mut m);
                m
            })
        });
    }
    group.finish();
}

/// The seed transcript repeated to about 10,000 lines.
fn long_transcript() -> String {
    let one = String::from_utf8_lossy(&fixture(
        "fixtures/seed-walkthrough/PowerShell_transcript.LYNCFE01.20170314094512.txt",
    ))
    .into_owned();
    one.repeat(10_000 / one.lines().count().max(1))
}

fn transcripts(c: &mut Criterion) {
    let text_ = long_transcript();
    let bytes = text_.as_bytes().to_vec();
    let lines = text::lines(&text_);
    let mut group = c.benchmark_group("transcript");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("decode+source-text", |b| {
        // The bytes are the decoder's to keep (valid UTF-8 becomes the text in place): each
        // iteration gets its own copy, made outside the timing.
        b.iter_batched(
            || bytes.clone(),
            |bytes| {
                let d = text::decode(black_box(bytes)).expect("text");
                hybridlint::model::SourceText::from_text(d.text)
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("secret-scan", |b| {
        b.iter(|| secrets::scan(black_box(&lines)))
    });
    group.bench_function("load", |b| {
        b.iter(|| {
            let mut m = model();
            m.files.push(SourceFile {
                path: "t.txt".into(),
                kind: EvidenceKind::Transcript,
                encoding: None,
                bom: false,
                lines: Default::default(),
                suppressions: Vec::new(),
            });
            transcript::load(black_box(&lines), "t.txt", 0, &mut m);
            m
        })
    });
    group.finish();
}

fn scripts(c: &mut Criterion) {
    let script = String::from_utf8_lossy(&fixture(
        "fixtures/rules/secret/plaintext-credential/pass/Connect-Tenant.ps1",
    ))
    .into_owned();
    let mut group = c.benchmark_group("powershell");
    group.throughput(Throughput::Bytes(script.len() as u64));
    group.bench_function("parse-script", |b| {
        b.iter(|| powershell::parse(black_box(&script)))
    });
    let command = "New-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier 00000002-0000-0ff1-ce00-000000000000 -ApplicationTrustLevel Full -UseOAuthServer";
    group.throughput(Throughput::Elements(1));
    group.bench_function("parse-command", |b| {
        b.iter(|| powershell::parse(black_box(command)))
    });
    group.finish();
}

criterion_group!(benches, certificates, transcripts, scripts);
criterion_main!(benches);
