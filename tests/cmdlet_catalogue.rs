//! The cmdlet catalogue (`cmdlets/*.toml`) is complete and consistent: every cmdlet the
//! normaliser, the checklist and the rules name is in it, every equivalent it names is in it, and
//! every tenant cmdlet's module says how to connect.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use hybridlint::cmdlets::{self, Half};

/// PowerShell's approved verbs (`Get-Verb`), and `Configure`, which Exchange's
/// `Configure-EnterprisePartnerApplication.ps1` uses.
const VERBS: &str = "Add|Approve|Assert|Backup|Block|Build|Checkpoint|Clear|Close|Compare|Complete|Compress|Configure|Confirm|Connect|Convert|ConvertFrom|ConvertTo|Copy|Debug|Deny|Deploy|Disable|Disconnect|Dismount|Edit|Enable|Enter|Exit|Expand|Export|Find|Format|Get|Grant|Group|Hide|Import|Initialize|Install|Invoke|Join|Limit|Lock|Measure|Merge|Mount|Move|New|Open|Optimize|Out|Ping|Pop|Protect|Publish|Push|Read|Receive|Redo|Register|Remove|Rename|Repair|Request|Reset|Resize|Resolve|Restart|Restore|Resume|Revoke|Save|Search|Select|Send|Set|Show|Skip|Split|Start|Step|Stop|Submit|Suspend|Switch|Sync|Test|Trace|Unblock|Undo|Uninstall|Unlock|Unprotect|Unpublish|Unregister|Update|Use|Wait|Watch|Where|Write";

fn files_under(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The `Verb-Noun` names a file mentions, with the file they are in.
fn cmdlet_names(paths: &[std::path::PathBuf]) -> BTreeSet<(String, String)> {
    // As PowerShell names are written: `Verb-Noun`, both capitalised (`Get-CsTenant`), not kebab-case
    // ids (`step-status`).
    let pattern = regex::Regex::new(&format!(r"\b(?:{VERBS})-[A-Z][A-Za-z]+\b"))
        .unwrap_or_else(|e| panic!("pattern: {e}"));
    // And as code compares them: a quoted lower-case `"verb-noun"` in Rust, unless it is one of the
    // procedure's step ids (`"connect-tenant"`).
    let lower = regex::Regex::new(&format!(r#""((?i:{VERBS})-[a-z]+)""#))
        .unwrap_or_else(|e| panic!("pattern: {e}"));
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    let steps = hybridlint::procedure::catalogue::step_ids(&procedures);
    let mut out = BTreeSet::new();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for m in pattern.find_iter(&text) {
            out.insert((m.as_str().to_string(), path.display().to_string()));
        }
        if path.extension().is_some_and(|e| e == "rs") {
            for c in lower.captures_iter(&text) {
                let name = &c[1];
                if !steps.contains(name) {
                    out.insert((name.to_string(), path.display().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_cmdlet_the_normaliser_checklist_and_rules_name_is_in_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![
        root.join("src/evidence/normalize.rs"),
        root.join("src/checklist.rs"),
        root.join("src/wellknown.rs"),
    ];
    files_under(&root.join("src/evidence/normalize"), "rs", &mut paths);
    files_under(&root.join("src/rules"), "rs", &mut paths);
    files_under(&root.join("rules"), "toml", &mut paths);
    let names = cmdlet_names(&paths);
    assert!(
        names.iter().any(|(n, _)| n == "Update-MgServicePrincipal"),
        "the scan finds the names the rules use"
    );
    let missing: Vec<String> = names
        .iter()
        .filter(|(name, _)| cmdlets::lookup(name).is_none())
        .map(|(name, file)| format!("{name} (named in {file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "add these to cmdlets/<module>.toml:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_equivalent_is_catalogued_and_names_another_module() {
    let catalogue = cmdlets::catalogue();
    for c in catalogue.cmdlets() {
        for e in &c.equivalents {
            let other = catalogue
                .cmdlet(e)
                .unwrap_or_else(|| panic!("{}: equivalent `{e}` is not catalogued", c.name));
            assert!(
                other.module != c.module || c.module == cmdlets::Module::Graph,
                "{}: equivalent `{e}` is in the same module",
                c.name
            );
        }
    }
}

#[test]
fn tenant_cmdlets_know_how_to_connect_and_retired_ones_what_replaces_them() {
    let catalogue = cmdlets::catalogue();
    for c in catalogue.cmdlets() {
        if catalogue.half(&c.name) == Some(Half::Tenant) {
            assert!(
                cmdlets::connect_for(&c.name).is_some(),
                "{}: its module names no connect cmdlet",
                c.name
            );
        }
        let module = catalogue.module(c.module).map(|m| m.retired);
        assert!(module.is_some(), "{}: its module has no file", c.name);
        if module == Some(true) {
            assert!(
                c.replacement.is_some()
                    || catalogue
                        .module(c.module)
                        .is_some_and(|m| m.replacement.is_some()),
                "{}: a retired cmdlet needs a replacement",
                c.name
            );
        }
        assert!(
            c.step.is_none() || c.step_by_parameter.is_empty(),
            "{}: give `step` or `step-by-parameter`, not both",
            c.name
        );
        if let Some(p) = &c.key_credentials {
            assert!(
                c.facts.contains(&cmdlets::FactKind::Credential),
                "{}: `key-credentials = \"{p}\"` without the `credential` fact",
                c.name
            );
        }
    }
}

#[test]
fn each_connect_cmdlet_is_catalogued_as_a_connection() {
    let catalogue = cmdlets::catalogue();
    for m in catalogue.modules() {
        if let Some(connect) = &m.connect {
            let c = catalogue
                .cmdlet(connect)
                .unwrap_or_else(|| panic!("{}: `{connect}` is not catalogued", m.name));
            assert!(
                c.facts.contains(&cmdlets::FactKind::Connection),
                "{connect}"
            );
            assert_eq!(c.module, m.id, "{connect} belongs to {}", m.name);
        }
    }
}

/// A key added with `Add-MgServicePrincipalKey` is a credential of the principal it names: the
/// Lync credential is not reported missing, and its checklist step is done, by that command.
#[test]
fn a_key_added_with_add_mgserviceprincipalkey_is_an_uploaded_credential() {
    let dir = Path::new("fixtures/cmdlets/add-mgserviceprincipalkey");
    let (_, report) = common::check_json(dir, &["--now", "2025-06-01", "--checklist"]);
    let missing = common::findings_of(&report, "tenant/lync-credential-missing");
    assert!(missing.is_empty(), "reported missing: {missing:?}");
    let step = report["checklist"]["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == "lync-credential"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(step["status"], "done", "{step}");
    assert_eq!(
        step["detail"], "credential (Add-MgServicePrincipalKey)",
        "{step}"
    );
    assert_eq!(step["location"]["line"], 28, "{step}");
}
