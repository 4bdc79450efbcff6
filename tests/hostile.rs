//! Hostile input: empty files, a file over the size cap, binary files named like evidence, broken
//! encodings, absurdly nested or long command lines, symbolic link loops, unreadable files and a
//! folder of 10,000 files. Nothing panics or hangs; every problem is a finding (or a clear
//! error), and the good evidence beside it is still checked.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run may take this long before it counts as hung (generous: debug build, busy machine).
const HUNG: Duration = Duration::from_secs(300);

const SEED: &str = "fixtures/seed-walkthrough/PowerShell_transcript.LYNCFE01.20170314094512.txt";

/// Runs `check DIR --format json` with a watchdog; returns the report.
fn check(dir: &Path) -> serde_json::Value {
    // Output goes to files, not pipes: a report larger than a pipe's buffer would block the
    // child while this loop waits for it to exit.
    let out_dir = tempfile::tempdir().expect("temp dir");
    let (stdout, stderr) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let file = |p: &Path| Stdio::from(std::fs::File::create(p).expect("create output file"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(common::root())
        .arg("check")
        .arg(dir)
        .args([
            "--format",
            "json",
            "--now",
            "2017-03-14",
            "--fail-on",
            "never",
        ])
        .stdout(file(&stdout))
        .stderr(file(&stderr))
        .spawn()
        .expect("run hybridlint");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > HUNG {
            let _ = child.kill();
            panic!("hybridlint hung on {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().expect("wait");
    let err = std::fs::read_to_string(&stderr).unwrap_or_default();
    assert_eq!(status.code(), Some(0), "the run must complete: {err}");
    let out = std::fs::read(&stdout).expect("read the report");
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("a JSON report ({e}): {err}"))
}

/// A folder holding the seed transcript (whose `guid/truncated` finding proves the good evidence
/// is still checked) and whatever the test adds.
fn folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::copy(common::root().join(SEED), tmp.path().join("good.txt")).expect("copy seed");
    tmp
}

fn assert_good_evidence_checked(report: &serde_json::Value) {
    assert!(
        common::findings_of(report, "guid/truncated")
            .iter()
            .any(|f| f["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("good.txt"))),
        "the good transcript is still checked: {report}"
    );
}

/// The finding of `rule` about the file named `name`, with its message.
fn finding<'a>(report: &'a serde_json::Value, rule: &str, name: &str) -> &'a serde_json::Value {
    common::findings_of(report, rule)
        .into_iter()
        .find(|f| {
            f["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(name))
        })
        .unwrap_or_else(|| panic!("no {rule} finding for {name}: {report}"))
}

#[test]
fn empty_binary_and_broken_encodings_are_findings() {
    let tmp = folder();
    let d = tmp.path();
    for name in ["empty.cer", "empty.txt", "empty.ps1"] {
        std::fs::write(d.join(name), b"").expect("write");
    }
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    for name in ["binary.cer", "binary.txt", "binary.ps1"] {
        std::fs::write(d.join(name), &binary).expect("write");
    }
    // UTF-16LE with a BOM and one byte too many.
    let mut odd: Vec<u8> = vec![0xFF, 0xFE];
    odd.extend(
        "PS C:\\> Get-CsOAuthConfiguration\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    odd.push(0x41);
    std::fs::write(d.join("odd-utf16.txt"), odd).expect("write");
    // Not UTF-8 (read as Windows-1252, as files saved with the ANSI code page are).
    std::fs::write(
        d.join("ansi.txt"),
        b"PS C:\\> Set-CsOAuthConfiguration -Realm caf\xe9.com\r\n\xff\xfe\xc3\x28\r\n",
    )
    .expect("write");
    let report = check(d);
    assert_good_evidence_checked(&report);
    assert!(
        finding(&report, "cert/not-a-certificate", "empty.cer")["message"]
            .as_str()
            .is_some_and(|m| m.contains("empty")),
        "{report}"
    );
    for name in ["empty.txt", "empty.ps1"] {
        assert_eq!(
            finding(&report, "input/unreadable", name)["message"],
            "the file is empty"
        );
    }
    assert!(finding(&report, "cert/not-a-certificate", "binary.cer").is_object());
    for name in ["binary.txt", "binary.ps1"] {
        assert!(
            finding(&report, "input/unreadable", name)["message"]
                .as_str()
                .is_some_and(|m| m.contains("binary")),
            "{report}"
        );
    }
    assert!(
        finding(&report, "input/unreadable", "odd-utf16.txt")["message"]
            .as_str()
            .is_some_and(|m| m.contains("UTF-16LE")),
        "{report}"
    );
}

#[test]
fn a_file_over_the_size_cap_is_a_finding_and_is_not_read() {
    let tmp = folder();
    let huge = tmp.path().join("huge-transcript.txt");
    // Sparse: no disk space or time is spent on the bytes.
    let f = std::fs::File::create(&huge).expect("create");
    f.set_len(hybridlint::evidence::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let report = check(tmp.path());
    assert_good_evidence_checked(&report);
    assert!(
        finding(&report, "input/unreadable", "huge-transcript.txt")["message"]
            .as_str()
            .is_some_and(|m| m.contains("limit")),
        "{report}"
    );
}

#[test]
fn deeply_nested_and_very_long_command_lines() {
    let tmp = folder();
    let d = tmp.path();
    let nested = format!(
        "Get-CsOAuthConfiguration -Realm {}contoso.com{}\r\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    std::fs::write(d.join("nested.ps1"), &nested).expect("write");
    std::fs::write(
        d.join("nested-transcript.txt"),
        format!("PS C:\\> {nested}"),
    )
    .expect("write");
    let chain = format!("$x = 1{}\r\n", " + 1".repeat(50_000));
    std::fs::write(d.join("chain.ps1"), chain).expect("write");
    let hashes = format!("$h = {}1{}\r\n", "@{a=".repeat(5_000), "}".repeat(5_000));
    std::fs::write(d.join("hashes.ps1"), hashes).expect("write");
    // A 5 MB single line: a command with a huge argument list, and one of non-ASCII text.
    let long = format!(
        "New-CsOAuthServer microsoft.sts {}\r\n",
        "-MetadataUrl https://é.example/ ".repeat(160_000)
    );
    std::fs::write(d.join("long.ps1"), &long).expect("write");
    std::fs::write(d.join("long-transcript.txt"), format!("PS C:\\> {long}")).expect("write");
    let report = check(d);
    assert_good_evidence_checked(&report);
    assert!(
        finding(&report, "script/parse-error", "nested.ps1")["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested more than")),
        "{report}"
    );
    // The long line is read: its command's first metadata URL is judged.
    assert!(
        finding(&report, "oauth/metadata-url-invalid", "long.ps1").is_object(),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_findings() {
    let tmp = folder();
    let d = tmp.path();
    std::fs::create_dir(d.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(d, d.join("sub/loop")).expect("symlink");
    std::os::unix::fs::symlink(d.join("self.ps1"), d.join("self.ps1")).expect("symlink");
    let report = check(d);
    assert_good_evidence_checked(&report);
    let problems = common::findings_of(&report, "input/unreadable");
    assert!(
        problems
            .iter()
            .any(|f| f["message"].as_str().is_some_and(|m| m.contains("loop"))),
        "{report}"
    );
    assert!(
        problems.iter().any(|f| f["location"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("self.ps1"))),
        "a link to itself is reported: {report}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_findings() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = folder();
    let secret = tmp.path().join("locked.ps1");
    std::fs::write(&secret, "Get-CsOAuthConfiguration\r\n").expect("write");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&secret).is_ok() {
        // Root (and CAP_DAC_OVERRIDE) reads through mode 000: there is nothing to test here.
        eprintln!(
            "skipped: this process can read a file with mode 000 (running as root?), so an unreadable file cannot be made"
        );
        return;
    }
    let report = check(tmp.path());
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_good_evidence_checked(&report);
    assert!(
        finding(&report, "input/unreadable", "locked.ps1")["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot read")),
        "{report}"
    );
}

#[test]
fn a_folder_of_ten_thousand_files() {
    let tmp = folder();
    let d = tmp.path();
    let cert = std::fs::read(common::root().join("fixtures/seed-walkthrough/LyncOAuth.cer"))
        .expect("read certificate");
    for i in 0..10_000 {
        let sub = d.join(format!("batch{:02}", i / 500));
        if i % 500 == 0 {
            std::fs::create_dir(&sub).expect("mkdir");
        }
        if i % 100 == 0 {
            std::fs::write(sub.join(format!("cert{i:05}.cer")), &cert).expect("write");
        } else {
            std::fs::write(
                sub.join(format!("note{i:05}.txt")),
                format!("note {i}: nothing to see\r\n"),
            )
            .expect("write");
        }
    }
    let report = check(d);
    assert_good_evidence_checked(&report);
    assert_eq!(report["summary"]["files"], 10_001, "{}", report["summary"]);
    // Every copy of the DER certificate is judged.
    assert_eq!(common::findings_of(&report, "cert/der-encoded").len(), 100);
}

/// The root element of an `Export-Clixml` file.
const CLIXML: &str =
    r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">"#;

#[test]
fn hostile_clixml_is_a_finding_bounded_in_time_and_memory() {
    let tmp = folder();
    let d = tmp.path();
    let write = |name: &str, body: String| {
        std::fs::write(d.join(name), format!("{CLIXML}\n{body}\n</Objs>\n")).expect("write")
    };
    // Billion laughs: refused with the DTD, before any entity is expanded.
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Objs [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str(&format!("]>\n{CLIXML}\n<S>&lol9;</S>\n</Objs>\n"));
    std::fs::write(d.join("laughs.xml"), laughs).expect("write");
    write(
        "deep.xml",
        format!(
            "{}{}",
            "<Obj><LST>".repeat(50_000),
            "</LST></Obj>".repeat(50_000)
        ),
    );
    // References fanning out: 10^30 values if each were expanded.
    let mut fan = String::from("<Obj RefId=\"0\"><MS><S N=\"a\">x</S></MS></Obj>\n");
    for i in 1..30 {
        fan.push_str(&format!("<Obj RefId=\"{i}\"><LST>"));
        fan.push_str(&format!("<Ref RefId=\"{}\" />", i - 1).repeat(10));
        fan.push_str("</LST></Obj>\n");
    }
    write("fan-out.xml", fan);
    write(
        "cycle.xml",
        r#"<Obj RefId="0"><MS><Obj N="Child" RefId="1"><MS><Ref N="Parent" RefId="0" /></MS></Obj></MS></Obj>"#.into(),
    );
    write(
        "huge-ba.xml",
        format!("<BA>{}</BA>", "QUFB".repeat(3_000_000)),
    );
    let started = Instant::now();
    let report = check(d);
    assert!(started.elapsed() < HUNG);
    assert_good_evidence_checked(&report);
    for (name, says) in [
        ("laughs.xml", "DTD"),
        ("deep.xml", "nested more than"),
        ("fan-out.xml", "values"),
        ("cycle.xml", "cycle"),
        ("huge-ba.xml", "byte arrays over"),
    ] {
        let f = finding(&report, "input/unreadable", name);
        assert!(
            f["message"].as_str().is_some_and(|m| m.contains(says)),
            "{name}: {f}"
        );
        assert_eq!(f["severity"], "error", "{name}");
    }
}

#[test]
fn hostile_zip_bundles_are_findings() {
    use std::io::Write as _;
    let tmp = folder();
    let d = tmp.path();
    // A zip bomb: one entry of zeros that unpacks past the size cap (stored compressed).
    let file = std::fs::File::create(d.join("bomb.zip")).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("bundle/transcript.txt", options)
        .expect("entry");
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..=(hybridlint::evidence::MAX_FILE_BYTES / zeros.len() as u64) {
        zip.write_all(&zeros).expect("write");
    }
    zip.finish().expect("finish");
    // Not a zip at all, though named like one; and one cut short.
    std::fs::write(d.join("fake.zip"), b"PK\x03\x04 not really a zip").expect("write");
    let report = check(d);
    assert_good_evidence_checked(&report);
    assert!(
        finding(
            &report,
            "input/unreadable",
            "bomb.zip/bundle/transcript.txt"
        )["message"]
            .as_str()
            .is_some_and(|m| m.contains("limit")),
        "{report}"
    );
    assert!(
        finding(&report, "input/unreadable", "fake.zip")["message"]
            .as_str()
            .is_some_and(|m| m.contains("zip")),
        "{report}"
    );
}

#[test]
fn hostile_csv_and_json_exports_are_findings_or_bounded() {
    let tmp = folder();
    let d = tmp.path();
    let header = "\"AccountEnabled\",\"AppPrincipalId\",\"ServicePrincipalNames\"\r\n";
    // A quote never closed: the rest of the file is one field, read once.
    std::fs::write(
        d.join("open-quote.csv"),
        format!("{header}\"False{}", "\r\nline".repeat(200_000)),
    )
    .expect("write");
    // 300,000 rows: the first 100,000 are read.
    let rows = "\"True\",\"00000004-0000-0ff1-ce00-000000000000\",\"x\"\r\n".repeat(300_000);
    std::fs::write(d.join("many-rows.csv"), format!("{header}{rows}")).expect("write");
    let names = "\"AppId\": \"x\", \"ServicePrincipalNames\": [],";
    std::fs::write(
        d.join("deep.json"),
        format!(
            "{{ {names} \"a\": {}1{} }}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )
    .expect("write");
    std::fs::write(
        d.join("cut.json"),
        format!("{{ {names} \"DisplayName\": \"cut"),
    )
    .expect("write");
    let started = Instant::now();
    let report = check(d);
    assert!(started.elapsed() < HUNG);
    assert_good_evidence_checked(&report);
    for (name, says) in [
        ("deep.json", "nested more than"),
        ("cut.json", "not closed"),
    ] {
        let f = finding(&report, "input/unreadable", name);
        assert!(
            f["message"].as_str().is_some_and(|m| m.contains(says)),
            "{name}: {f}"
        );
    }
}
