//! No input makes hybridlint panic: every fixture file truncated at several points and replaced by
//! random bytes is checked beside an intact transcript, whose findings must still be reported.

mod common;

use std::path::{Path, PathBuf};

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read fixtures").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 24) as u8
    }
}

#[test]
fn truncated_and_random_inputs_never_panic_and_good_evidence_is_still_checked() {
    let mut files = Vec::new();
    fixture_files(&common::root().join("fixtures"), &mut files);
    files.sort();
    let seed = common::root()
        .join("fixtures/seed-walkthrough/PowerShell_transcript.LYNCFE01.20170314094512.txt");
    let tmp = tempfile::tempdir().expect("temp dir");
    // Named to come last in evidence order: a failed step that a later file shows succeeding is
    // history (info), and the other fixtures here include successful runs of the same steps.
    std::fs::copy(&seed, tmp.path().join("zz-good-transcript.txt")).expect("copy");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (n, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).expect("read fixture");
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("f")
            .to_string();
        let cuts = [
            0,
            1,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len().saturating_sub(1),
        ];
        for (i, cut) in cuts.iter().enumerate() {
            std::fs::write(tmp.path().join(format!("t{n}-{i}-{name}")), &bytes[..*cut])
                .expect("write");
        }
        let random: Vec<u8> = (0..bytes.len().clamp(16, 4096))
            .map(|_| rng.next())
            .collect();
        std::fs::write(tmp.path().join(format!("r{n}-{name}")), random).expect("write");
    }
    let (code, report) =
        common::check_json(tmp.path(), &["--now", "2017-03-14", "--fail-on", "never"]);
    assert_eq!(code, 0, "the run must complete: {report}");
    assert!(
        common::findings_of(&report, "guid/truncated")
            .iter()
            .any(|f| f["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("zz-good-transcript.txt"))),
        "the intact transcript's findings are still reported"
    );
    assert!(report["summary"]["files"].as_u64().unwrap_or(0) as usize > files.len() * 5);
}
