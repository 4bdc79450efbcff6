//! The simple-command reading (`powershell::simple_command`) must give exactly what the
//! tree-sitter reading gives: the same statements, values, positions and comments, and the same
//! variables afterwards. Checked on every line and every typed command of the fixtures and the
//! fuzz corpora (and of `SIMPLE_COMMAND_CORPUS`, a `:`-separated list of folders such as a
//! generated bench corpus), and on generated command lines.

use std::path::{Path, PathBuf};

use hybridlint::evidence::powershell::{self, Env, Parsed, simple_command};
use hybridlint::evidence::{text, transcript};
use proptest::prelude::*;

/// How many texts were read, and how many of them the simple reading took.
#[derive(Default)]
struct Tally {
    texts: usize,
    accepted: usize,
    mismatches: Vec<String>,
}

impl Tally {
    /// Reads `text` both ways from `env`; compares when the simple reading takes it. `env` moves
    /// on as the tree-sitter reading leaves it.
    fn check(&mut self, text: &str, env: &mut Env) {
        self.texts += 1;
        let mut fast_env = env.clone();
        let fast = simple_command::read(text, &mut fast_env);
        let full = powershell::parse_with_tree_sitter(text, env);
        if let Some(fast) = fast {
            self.accepted += 1;
            if let Some(why) = difference(&fast, &full, &fast_env, env) {
                self.mismatches.push(format!("{text:?}: {why}"));
            }
        }
    }

    fn share(&self) -> f64 {
        self.accepted as f64 * 100.0 / self.texts.max(1) as f64
    }
}

fn difference(fast: &Parsed, full: &Parsed, fast_env: &Env, full_env: &Env) -> Option<String> {
    if fast != full {
        return Some(format!("simple reading {fast:#?}\ntree-sitter {full:#?}"));
    }
    if fast_env != full_env {
        return Some(format!(
            "variables after: simple reading {fast_env:#?}\ntree-sitter {full_env:#?}"
        ));
    }
    None
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![
        root.join("fixtures"),
        root.join("fuzz/corpus/script"),
        root.join("fuzz/corpus/transcript"),
    ];
    if let Ok(extra) = std::env::var("SIMPLE_COMMAND_CORPUS") {
        folders.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    folders
}

#[test]
fn simple_reading_equals_tree_sitter_on_every_corpus_line() {
    let mut lines_tally = Tally::default();
    let mut typed_tally = Tally::default();
    let mut files = Vec::new();
    for folder in folders() {
        files_under(&folder, &mut files);
    }
    assert!(files.len() > 1000, "the corpora were not found");
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Some(decoded) = text::decode(bytes) else {
            continue;
        };
        let lines: Vec<&str> = decoded.text.lines().collect();
        // Every line on its own, the variables carried from line to line as a script's are.
        let mut env = Env::new();
        for line in &lines {
            lines_tally.check(line, &mut env);
        }
        // Every command typed at a prompt, as the transcript loader reads them.
        let mut env = Env::new();
        for typed in transcript::command_texts(&lines) {
            typed_tally.check(&typed, &mut env);
        }
    }
    println!(
        "{} files; lines: {} of {} taken by the simple reading ({:.1}%); typed commands: {} of {} ({:.1}%)",
        files.len(),
        lines_tally.accepted,
        lines_tally.texts,
        lines_tally.share(),
        typed_tally.accepted,
        typed_tally.texts,
        typed_tally.share(),
    );
    let mismatches: Vec<&String> = lines_tally
        .mismatches
        .iter()
        .chain(&typed_tally.mismatches)
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} texts read differently; the first:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(3)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    // Typical prompts must take the fast path, or it saves nothing. The fixtures type many
    // assignments and method calls (about 46% is taken); generated sessions about 76%.
    assert!(
        typed_tally.share() > 40.0,
        "only {:.1}% of typed commands took the simple reading",
        typed_tally.share()
    );
}

/// The variables a session has set before the generated line runs: text, a switch's value, a
/// principal fetched, a list, something only run time knows.
fn session_env() -> Env {
    let mut env = Env::new();
    let setup = [
        "$TenantId = 'contoso.onmicrosoft.com'",
        "$thumb = \"ABC123\"",
        "$enabled = $true",
        "$sp = Get-MgServicePrincipal -Filter \"AppId eq '00000004-0000-0ff1-ce00-000000000000'\"",
        "$ids = @('a', 'b')",
        "$now = Get-Date",
        "New-Variable -Name Realm -Value contoso.com",
    ];
    for line in setup {
        powershell::parse_with_tree_sitter(line, &mut env);
    }
    env
}

fn command_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("New-CsOAuthServer".to_string()),
        Just("Set-CsOAuthConfiguration".to_string()),
        Just("Get-MgServicePrincipal".to_string()),
        Just("Update-MgServicePrincipal".to_string()),
        Just("New-PartnerApplication".to_string()),
        Just("New-Variable".to_string()),
        Just("Set-Variable".to_string()),
        Just("sv".to_string()),
        Just("Get-Date".to_string()),
        Just("foreach".to_string()),
        Just("if".to_string()),
        Just("begin".to_string()),
        Just("echo".to_string()),
        Just("ForEach-Object".to_string()),
        Just("foreach-A".to_string()),
        Just("if5".to_string()),
        Just("in_x".to_string()),
        Just("Data-X".to_string()),
        Just("Invoke-Thing".to_string()),
        "[A-Za-z][A-Za-z0-9_-]{0,12}",
        "[A-Za-z0-9_.:$\\\\-]{1,8}",
    ]
}

/// A value as typed: the kinds the simple reading takes, their near misses, and junk.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("00000004-0000-0ff1-ce00-000000000000".to_string()),
        Just("https://accounts.accesscontrol.windows.net/metadata/json/1".to_string()),
        Just("C:\\certs\\oauth.cer".to_string()),
        Just("microsoft.exchange".to_string()),
        Just("Full".to_string()),
        Just("in".to_string()),
        Just("else".to_string()),
        "-?[0-9]{1,4}(\\.[0-9]{1,3})?([eE][0-9])?(kb|MB|d|l)?",
        "0[xX][0-9A-F]{1,4}",
        "[A-Za-z0-9_.:/\\\\-]{1,12}",
        "[A-Za-z0-9_.:/\\\\$'\"` #|;(),=+*@&<>{}\\[\\]-]{1,10}",
        "'([a-z $\"`#]|'')*'",
        "\"([a-z :/.'#]|\\$[A-Za-z_]{1,8}|\\$\\{x\\}|\\$\\(1\\)|`\"|\"\")*\"",
        "\\$[A-Za-z_][A-Za-z0-9_]{0,8}",
        Just("$TenantId".to_string()),
        Just("$true".to_string()),
        Just("$False".to_string()),
        Just("$null".to_string()),
        Just("$sp".to_string()),
        Just("$ids".to_string()),
        Just("$env:COMPUTERNAME".to_string()),
        Just("\"https://x/$TenantId/metadata\"".to_string()),
        Just("\"$sp and $now\"".to_string()),
        Just("\"$Realm\"".to_string()),
        Just("sip:user1@contoso.com".to_string()),
        Just("admin@contoso.onmicrosoft.com".to_string()),
        Just("@x".to_string()),
        Just("a@".to_string()),
        "[A-Za-z'\"$]{1,4}(,| ,|, | , |,,)[A-Za-z'\"$-]{0,4}",
        Just("$TenantId,$thumb".to_string()),
        Just("'a','b'".to_string()),
        Just("a,".to_string()),
        Just("Issuer, Subject, NotAfter".to_string()),
    ]
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        value(),
        "-[A-Za-z][A-Za-z0-9_]{0,10}",
        Just("-Force".to_string()),
        Just("-UseOAuthServer".to_string()),
        Just("-ErrorVariable".to_string()),
        Just("-OutVariable".to_string()),
        Just("-Name".to_string()),
        Just("-Value".to_string()),
        Just("-Confirm:$false".to_string()),
        Just("-Name:".to_string()),
        Just("-5".to_string()),
        ("-[A-Za-z]{1,10}:", value()).prop_map(|(p, v)| format!("{p}{v}")),
    ]
}

/// One command of a pipeline.
fn stage() -> impl Strategy<Value = String> {
    (
        command_name(),
        prop::collection::vec((" {1,2}|\t|", word()), 0..6),
    )
        .prop_map(|(name, words)| {
            let mut stage = name;
            for (gap, word) in words {
                stage.push_str(&gap);
                stage.push_str(&word);
            }
            stage
        })
}

fn command_line() -> impl Strategy<Value = String> {
    let pipeline = (
        " {0,2}",
        prop::collection::vec(stage(), 1..4),
        " ?\\| ?| ?\\|\\| ?",
        " {0,2}",
    )
        .prop_map(|(lead, stages, pipe, trail)| format!("{lead}{}{trail}", stages.join(&pipe)));
    prop_oneof![
        4 => pipeline,
        // A variable or its member typed to print it.
        1 => "  ?\\$[A-Za-z_][A-Za-z0-9_]{0,6}(\\.[A-Za-z_$][A-Za-z0-9]{0,5}){0,2}[ .(]{0,2}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn simple_reading_equals_tree_sitter_on_generated_lines(line in command_line()) {
        let mut env = session_env();
        let mut fast_env = env.clone();
        let fast = simple_command::read(&line, &mut fast_env);
        let full = powershell::parse_with_tree_sitter(&line, &mut env);
        if let Some(fast) = fast {
            let why = difference(&fast, &full, &fast_env, &env);
            prop_assert!(why.is_none(), "{:?}: {}", line, why.unwrap_or_default());
        }
    }
}

/// The generator reaches both sides: lines the simple reading takes, and lines it declines (a
/// generator that only produced one kind would prove nothing about the other).
#[test]
fn generated_lines_reach_both_readings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = command_line();
    let (mut taken, mut declined) = (0, 0);
    for _ in 0..2000 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let line = tree.current();
        match simple_command::read(&line, &mut session_env()) {
            Some(_) => taken += 1,
            None => declined += 1,
        }
    }
    println!("generated lines: {taken} taken by the simple reading, {declined} declined");
    assert!(
        taken > 200 && declined > 200,
        "taken {taken}, declined {declined}"
    );
}
