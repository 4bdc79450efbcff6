//! Every value hybridlint writes into PowerShell stays a value (issue #17).
//!
//! Hostile values (every quote character PowerShell knows, `$(…)`, `@(…)`, backtick escapes, `;`,
//! `|`, line breaks of every kind, NUL, right-to-left marks, very long strings) are placed in each
//! field of the evidence that can reach generated PowerShell: certificate paths, tenant ids, FQDNs,
//! SIP domains, SPNs, application ids, certificate names, metadata URLs, probed names. Every
//! PowerShell text hybridlint then writes (the fix of each finding in each cmdlet generation, the
//! `fix` script, the commands `diagnose` says to run, and the fixes the HTML report embeds) is
//! parsed with tree-sitter-powershell, and the test proves that the payload command
//! (`Invoke-Pwned`) never appears outside a single-quoted string or a comment, and that each
//! field's value is whole inside one single-quoted string token. The same fields, and the
//! evidence's lines, carry terminal escape sequences into the human report, which must show them
//! and never send them raw.
//!
//! tree-sitter-powershell knows only the ASCII quotes, and PowerShell reads ‘ ’ ‚ ‛ as single
//! quotes and “ ” „ as double quotes: the texts are parsed after mapping each of those to its
//! ASCII twin (one character for one, so every token keeps its extent), which is how PowerShell's
//! own tokenizer sees them. NUL is mapped to ␀ (tree-sitter's lexer stops at NUL, PowerShell's does
//! not inside a string), and U+2028, U+2029 and NEL to a line feed, so a comment carrying one of
//! them is judged as if it ended there (the strictest reading).

mod common;

use std::path::PathBuf;

use hybridlint::checklist;
use hybridlint::diagnose::{catalogue, verdict};
use hybridlint::findings::Severity;
use hybridlint::model::{
    CmdletGeneration, ExpectedFacts, Fact, FactSource, Location, Model, Outcome,
};
use hybridlint::ps_quote;
use hybridlint::report::{Display, ReportInput};
use hybridlint::rules::{self, RuleSettings, Selection};
use hybridlint::run_report::Report;
use proptest::prelude::*;
use tree_sitter::{Node, Parser};

const PAYLOAD: &str = "Invoke-Pwned";

const GENERATIONS: [CmdletGeneration; 3] = [
    CmdletGeneration::Graph,
    CmdletGeneration::MsOnline,
    CmdletGeneration::AzureAd,
];

/// Rules whose fix is prose for a person (DNS records to publish, a URL to open), not PowerShell.
fn is_prose_fix(rule: &str) -> bool {
    ["dns/", "endpoint/", "secret/", "input/", "config/"]
        .iter()
        .any(|p| rule.starts_with(p))
        || rule == "transcript/legacy-module"
}

/// The text as PowerShell's tokenizer sees it, in characters tree-sitter-powershell knows.
fn as_powershell_sees_it(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2015}' => '-',
            '\0' => '\u{2400}',
            '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
            c => c,
        })
        .collect()
}

/// The byte ranges of single-quoted strings and comments, and the decoded contents of the
/// single-quoted strings.
struct Inert {
    ranges: Vec<std::ops::Range<usize>>,
    literals: Vec<String>,
}

fn inert_parts(text: &str) -> Inert {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_powershell::LANGUAGE.into())
        .expect("tree-sitter-powershell loads");
    let tree = parser.parse(text, None).expect("tree-sitter parses");
    let mut inert = Inert {
        ranges: Vec::new(),
        literals: Vec::new(),
    };
    fn walk(node: Node, text: &str, inert: &mut Inert) {
        match node.kind() {
            "verbatim_string_characters" => {
                let raw = &text[node.byte_range()];
                let inner = &raw[1..raw.len() - 1];
                inert.literals.push(inner.replace("''", "'"));
                inert.ranges.push(node.byte_range());
            }
            "comment" => inert.ranges.push(node.byte_range()),
            _ => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    walk(child, text, inert);
                }
            }
        }
    }
    walk(tree.root_node(), text, &mut inert);
    inert
}

/// The payload appears in `text` only inside single-quoted strings and comments.
fn assert_stays_a_value(what: &str, text: &str) {
    let seen = as_powershell_sees_it(text);
    let inert = inert_parts(&seen);
    // PowerShell's command names ignore case, and some values are lower-cased on the way (FQDNs).
    let lower = seen.to_ascii_lowercase();
    for (at, _) in lower.match_indices(&PAYLOAD.to_ascii_lowercase()) {
        let end = at + PAYLOAD.len();
        assert!(
            inert.ranges.iter().any(|r| r.start <= at && end <= r.end),
            "{what}: `{PAYLOAD}` at byte {at} is outside every single-quoted string and comment, so it would run:\n{text}"
        );
    }
}

/// `value` is exactly the content of one single-quoted string token of `text`.
fn assert_one_literal(what: &str, text: &str, value: &str) {
    let seen = as_powershell_sees_it(text);
    let want = as_powershell_sees_it(value);
    let inert = inert_parts(&seen);
    assert!(
        inert.literals.contains(&want),
        "{what}: no single-quoted string holds exactly the value {value:?}:\n{text}"
    );
}

/// Wherever the payload is in a string, the whole value is inside that one string token (it is
/// never split across tokens, and nothing of it is outside). Comments may hold it too, with
/// line breaks replaced.
fn assert_within_one_literal(what: &str, text: &str, value: &str) {
    let seen = as_powershell_sees_it(text);
    let want = as_powershell_sees_it(value);
    let inert = inert_parts(&seen);
    let want = want.to_ascii_lowercase();
    for l in inert.literals.iter().map(|l| l.to_ascii_lowercase()) {
        if !l.contains(&PAYLOAD.to_ascii_lowercase()) {
            continue;
        }
        assert!(
            l.contains(&want),
            "{what}: a single-quoted string holds part of the value, not all of it: {l:?}\n{text}"
        );
    }
}

/// Whether `text` holds the payload, in any case.
fn carries_payload(text: &str) -> bool {
    text.to_ascii_lowercase()
        .contains(&PAYLOAD.to_ascii_lowercase())
}

/// A loaded evidence folder, read once.
fn load(path: &str) -> Model {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let now = hybridlint::app::parse_now("2025-06-01").expect("date");
    let mut model = Model::new(now, ExpectedFacts::default());
    hybridlint::evidence::load(&[root.join(path)], &mut model);
    model
}

/// The evidence the fields are planted in: scenarios and the trigger fixtures of every rule
/// whose fix is built from values.
fn bases() -> Vec<(String, Model)> {
    let mut out: Vec<(String, Model)> = [
        "fixtures/seed-walkthrough",
        "fixtures/clean-msonline",
        "fixtures/clean-graph",
        "fixtures/rules/cert/der-encoded/trigger",
        "fixtures/rules/cert/path-mismatch/trigger",
        "fixtures/rules/cert/thumbprint-mismatch/trigger",
        "fixtures/rules/cert/expired/trigger",
        "fixtures/rules/cert/expires-soon/trigger",
        "fixtures/rules/cert/not-yet-valid/trigger",
        "fixtures/rules/cert/private-key-present/trigger",
        "fixtures/rules/cert/weak-key/trigger",
        "fixtures/rules/oauth/server-missing/trigger",
        "fixtures/rules/oauth/metadata-url-invalid/trigger",
        "fixtures/rules/oauth/tenant-mismatch/trigger",
        "fixtures/rules/tenant/spn-missing/trigger",
        "fixtures/rules/tenant/spn-malformed/trigger",
        "fixtures/rules/tenant/spn-overwritten/trigger",
        "fixtures/rules/tenant/spn-not-saved/trigger",
        "fixtures/rules/tenant/credential-dates/trigger",
        "fixtures/rules/config/fqdn-mismatch/trigger",
        "fixtures/rules/dns/unresolvable/trigger",
        "fixtures/rules/dns/sip-srv-missing/trigger",
    ]
    .iter()
    .filter(|p| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).exists())
    .map(|p| (p.to_string(), load(p)))
    .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A field of the evidence that can reach generated PowerShell, and how to plant a value in it.
struct Field {
    name: &'static str,
    plant: fn(&mut Model, &str),
}

/// `fact` now holds `value`, known (as an evidence that wrote it literally would give it).
fn set(fact: &mut Fact, value: String) {
    fact.value = value;
    fact.unknown = None;
    fact.form = None;
}

/// `value` as the folder of the file `path` names (so the file name still matches the
/// certificate's, as a real path would).
fn in_folder(value: &str, path: &str) -> String {
    let name = path.rsplit(['\\', '/']).next().unwrap_or(path);
    format!("{value}\\{name}")
}

fn fields() -> Vec<Field> {
    vec![
        Field {
            name: "certificate export path",
            plant: |m, v| {
                for f in &mut m.configuration.certificate_exports {
                    set(f, in_folder(v, &f.value));
                }
            },
        },
        Field {
            name: "certificate import path",
            plant: |m, v| {
                for f in &mut m.configuration.certificate_imports {
                    set(f, in_folder(v, &f.value));
                }
            },
        },
        Field {
            name: "certificate raw-text read path",
            plant: |m, v| {
                for f in &mut m.configuration.certificate_text_reads {
                    set(f, in_folder(v, &f.value));
                }
            },
        },
        Field {
            name: "certificate file path",
            plant: |m, v| {
                for c in &mut m.certificates {
                    c.location.path = v.to_string().into();
                }
            },
        },
        Field {
            name: "certificate names",
            plant: |m, v| {
                for c in &mut m.certificates {
                    let details = std::sync::Arc::make_mut(&mut c.details);
                    details.common_name = Some(v.to_string());
                    details.dns_names = vec![v.to_string()];
                    details.thumbprint = v.to_string();
                }
            },
        },
        Field {
            name: "private key file path",
            plant: |m, v| {
                for k in &mut m.private_keys {
                    k.location.path = format!("keys/{v}.pfx").into();
                }
            },
        },
        Field {
            name: "tenant id in the evidence",
            plant: |m, v| {
                for f in &mut m.configuration.tenant_ids {
                    set(f, v.to_string());
                }
            },
        },
        Field {
            name: "stated facts",
            plant: |m, v| {
                m.expected.tenant_id = Some(v.to_string());
                m.expected.sip_domain = Some(v.to_string());
                m.expected.web_fqdns = vec![v.to_string()];
            },
        },
        Field {
            name: "web FQDN in the evidence",
            plant: |m, v| {
                // No fixture prints a pool's ExternalFqdn (Get-CsService -WebServer): add the
                // fact such a record gives where the evidence has none.
                if m.configuration.web_fqdns.is_empty()
                    && let Some(file) = m.files.first()
                {
                    m.configuration.web_fqdns.push(Fact {
                        value: String::new(),
                        location: Location::new(file.path.clone(), 1, 1, 0),
                        source: FactSource::Assignment,
                        outcome: Outcome::Succeeded,
                        unknown: None,
                        form: None,
                    });
                }
                for f in &mut m.configuration.web_fqdns {
                    set(f, v.to_string());
                }
            },
        },
        Field {
            name: "SPNs and application ids",
            plant: |m, v| {
                for sp in &mut m.configuration.service_principals {
                    for l in &mut sp.spn_lists {
                        for n in &mut l.names {
                            *n = format!("00000004-0000-0ff1-ce00-000000000000/{v}");
                        }
                    }
                    for a in &mut sp.spn_additions {
                        a.name = v.to_string();
                        a.variable = v.to_string();
                    }
                }
            },
        },
        Field {
            name: "metadata URL",
            plant: |m, v| {
                for s in &mut m.configuration.oauth_servers {
                    if let Some(u) = &mut s.metadata_url {
                        set(
                            u,
                            format!(
                                "https://accounts.accesscontrol.windows.net/{v}/metadata/json/1"
                            ),
                        );
                    }
                }
            },
        },
        Field {
            name: "OAuth certificate thumbprint",
            plant: |m, v| {
                for f in &mut m.configuration.oauth_certificate_thumbprints {
                    set(f, v.to_string());
                }
            },
        },
        Field {
            name: "probed DNS names",
            plant: |m, v| {
                for d in &mut m.probes.dns {
                    d.observation.name = v.to_string();
                }
            },
        },
    ]
}

/// What hybridlint judges of `model` when fixes are written in `generation`: the findings, the
/// checklist and a diagnosis of every symptom, as one report.
fn judge(model: &Model, generation: CmdletGeneration) -> Report {
    let w = world();
    let settings = RuleSettings {
        cmdlets: generation,
        ..RuleSettings::default()
    };
    // Recognised as `check` recognises it, so procedure rules run as they would there.
    let procedures = hybridlint::procedure::catalogue::load(&[]).expect("procedures");
    let mut recognised = model.clone();
    recognised.recognition = hybridlint::procedure::recognise::recognise(model, &procedures, None);
    let model = &recognised;
    let selection = Selection {
        not_applicable: hybridlint::procedure::rules_off(&procedures, &model.recognition),
        ..Selection::default()
    };
    let evaluation = rules::evaluate_all(&w.rules, model, &selection, &settings);
    let findings = evaluation.findings;
    // As `check` records it: the rules that applied and found nothing passed; the others did
    // not check.
    let mut not_checked = selection.not_applicable.clone();
    not_checked.extend(evaluation.not_applicable);
    let checked = hybridlint::diagnose::Checked {
        passed: w
            .rules
            .iter()
            .filter(|r| selection.includes(r) && !not_checked.contains_key(&r.id))
            .filter(|r| findings.iter().all(|f| f.rule != r.id))
            .map(|r| r.id.clone())
            .collect(),
        not_checked,
    };
    let list = checklist::build(model, &findings, &w.rules, &procedures);
    let diagnoses = w
        .symptoms
        .iter()
        .map(|s| {
            verdict::diagnose(
                s,
                s.id.clone(),
                &findings,
                &list,
                model,
                &checked,
                generation,
            )
        })
        .collect();
    // The HTML report embeds the `fix` script, as `check --format html` does.
    let fix_script = hybridlint::fix::script(model, &list, &findings, &procedures, generation);
    Report {
        findings,
        files: model.files.len(),
        fail_on: Some(Severity::Error),
        checklist: Some(list),
        show_checklist: true,
        diagnoses,
        fix_script: Some(fix_script),
        deployments: Vec::new(),
        ..Report::default()
    }
}

/// Every PowerShell text hybridlint writes for `model` in `generation`, each with a label.
fn powershell_texts(model: &Model, generation: CmdletGeneration) -> Vec<(String, String)> {
    let report = judge(model, generation);
    let mut out: Vec<(String, String)> = report
        .findings
        .iter()
        .filter(|f| !is_prose_fix(&f.rule))
        .filter_map(|f| Some((format!("fix of {}", f.rule), f.fix.clone()?)))
        .collect();
    let list = report.checklist.clone().unwrap_or_default();
    out.push((
        "fix script".into(),
        hybridlint::fix::script(
            model,
            &list,
            &report.findings,
            &hybridlint::procedure::catalogue::load(&[]).expect("procedures"),
            generation,
        ),
    ));
    for d in &report.diagnoses {
        out.extend(d.open.iter().map(|c| {
            (
                format!("diagnose {} open {}", d.symptom.id, c.rule),
                c.command.clone(),
            )
        }));
    }
    // The HTML report: the fixes and commands it embeds, as a browser shows them to be copied
    // (prose fixes left out, as above).
    let prose: Vec<String> = report
        .findings
        .iter()
        .filter(|f| is_prose_fix(&f.rule))
        .filter_map(|f| f.fix.as_deref().map(as_html_shows))
        .collect();
    let html = hybridlint::report::html::render(&ReportInput {
        report: &report,
        rules: &world().descriptions,
        color: false,
        display: Display::default(),
    });
    for class in ["fix", "command", "script"] {
        let open = format!("<pre class=\"{class}\"");
        for block in html.split(open.as_str()).skip(1) {
            let inner = block.split_once('>').map_or("", |(_, rest)| rest);
            let inner = inner.split("</pre>").next().unwrap_or("");
            let inner = inner.strip_prefix("<code>").unwrap_or(inner);
            let inner = inner.strip_suffix("</code>").unwrap_or(inner);
            let text = unescape_html(inner);
            if !prose.contains(&text) {
                out.push((format!("HTML report, {class}"), text));
            }
        }
    }
    out
}

/// What the HTML report shows of `text`: a carriage return as a line break, other control
/// characters (not allowed in HTML text) as U+FFFD.
fn as_html_shows(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\r' => '\n',
            '\t' | '\n' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The text a browser shows for escaped HTML text (what `report::html` escapes).
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

struct World {
    bases: Vec<(String, Model)>,
    rules: Vec<rules::Rule>,
    /// The rules as reporters see them.
    descriptions: Vec<hybridlint::rule_description::RuleDescription>,
    symptoms: Vec<catalogue::Symptom>,
}

fn world() -> &'static World {
    static WORLD: std::sync::OnceLock<World> = std::sync::OnceLock::new();
    WORLD.get_or_init(|| {
        let rules = rules::catalogue::load(&[]).expect("built-in rules");
        let symptoms = catalogue::load(&rules).expect("built-in symptoms");
        World {
            bases: bases(),
            descriptions: rules.iter().map(rules::Rule::description).collect(),
            rules,
            symptoms,
        }
    })
}

/// `model` with `value` planted in `field`, or `None` when the base has nothing in that field
/// (the texts would be the base's own, already checked).
fn planted(field: &Field, model: &Model, value: &str) -> Option<Model> {
    let mut m = model.clone();
    (field.plant)(&mut m, value);
    let json = |m: &Model| serde_json::to_string(m).unwrap_or_default();
    (json(&m) != json(model)).then_some(m)
}

/// Plants `value` in every field of every base, in every generation, and checks every text.
/// Returns how many texts carried the payload (so a test can tell it reached the output).
fn check_value(value: &str) -> usize {
    let w = world();
    let mut reached = 0;
    for field in fields() {
        for (base, model) in &w.bases {
            let Some(m) = planted(&field, model, value) else {
                continue;
            };
            for g in GENERATIONS {
                for (what, text) in powershell_texts(&m, g) {
                    let what = format!("{} planted in {base} ({g:?}), {what}", field.name);
                    assert_stays_a_value(&what, &text);
                    if carries_payload(&text) {
                        reached += 1;
                    }
                }
            }
        }
    }
    reached
}

/// The pieces hostile values are made of.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'".to_string()),
        Just("\u{2018}".to_string()),
        Just("\u{2019}".to_string()),
        Just("\u{201A}".to_string()),
        Just("\u{201B}".to_string()),
        Just("\"".to_string()),
        Just("\u{201C}".to_string()),
        Just("\u{201D}".to_string()),
        Just("\u{201E}".to_string()),
        Just(format!("$({PAYLOAD})")),
        Just(format!("@({PAYLOAD})")),
        Just(format!("`$({PAYLOAD})")),
        Just("`n".to_string()),
        Just("`".to_string()),
        Just(format!("; {PAYLOAD}; ")),
        Just(format!(" | {PAYLOAD} ")),
        Just(format!("\n{PAYLOAD}\n")),
        Just(format!("\r{PAYLOAD}\r")),
        Just(format!("\u{2028}{PAYLOAD}")),
        Just(format!("\u{2029}{PAYLOAD}")),
        Just(format!("\u{85}{PAYLOAD}")),
        Just("\0".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{200F}".to_string()),
        Just("#".to_string()),
        Just("<#".to_string()),
        Just("#>".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("${x}".to_string()),
        Just("$env:TEMP".to_string()),
        Just("C:\\OAuth\\".to_string()),
        Just(".cer".to_string()),
        Just("lyncweb.contoso.com".to_string()),
        "[a-zA-Z0-9 ./:-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => prop::collection::vec(fragment(), 1..12).prop_map(|v| v.concat()),
        1 => prop::collection::vec(fragment(), 1..4)
            .prop_map(|v| format!("{}{}", "A".repeat(20_000), v.concat())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 8,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn hostile_values_never_become_code(value in hostile_value()) {
        check_value(&value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn literal_round_trips_as_one_token(value in hostile_value()) {
        let text = format!("Write-Output {}", ps_quote::literal(&value));
        assert_stays_a_value("literal", &text);
        assert_one_literal("literal", &text, &value);
    }

    #[test]
    fn comment_lines_stay_comments(value in hostile_value()) {
        let text = ps_quote::comment_lines("#   ", &value) + &format!("# {}\n", ps_quote::comment_text(&value));
        let seen = as_powershell_sees_it(&text);
        let inert = inert_parts(&seen);
        let covered: usize = inert.ranges.iter().map(|r| r.len()).sum();
        let lines: usize = seen.lines().map(str::len).sum();
        prop_assert_eq!(covered, lines, "every line is one comment:\n{}", text);
    }
}

/// The pieces of values that would drive a terminal if printed raw.
fn terminal_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;pwned\u{7}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\r".to_string()),
        Just("\u{8}".to_string()),
        Just("\0".to_string()),
        Just("\u{7f}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{2066}".to_string()),
        Just("\u{200F}".to_string()),
        "[a-z .:-]{0,8}",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

/// A character that must never reach a terminal from evidence: control characters (line feed
/// and tab are the report's own layout) and bidirectional controls.
fn drives_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The human report for `model`, with the checklist and a diagnosis of every symptom, followed
/// by the concise one (both are read on a terminal).
fn human_report(model: &Model, color: bool) -> String {
    let report = judge(model, CmdletGeneration::Graph);
    let input = ReportInput {
        report: &report,
        rules: &world().descriptions,
        color,
        display: Display::default(),
    };
    hybridlint::report::human::render(&input) + &hybridlint::report::concise::render(&input)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 8,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    /// Control characters and escape sequences from the evidence are shown, never sent raw:
    /// planted in every field above and in the evidence's own lines (which findings quote).
    #[test]
    fn terminals_get_no_raw_escape_from_evidence(
        value in prop::collection::vec(terminal_fragment(), 1..8).prop_map(|v| v.concat())
    ) {
        let w = world();
        for (base, model) in &w.bases {
            let mut with_lines = model.clone();
            for f in &mut with_lines.files {
                let planted: Vec<String> =
                    f.lines.numbered().map(|(_, l)| format!("{l}{value}")).collect();
                f.lines = hybridlint::model::SourceText::from_lines(&planted).into();
            }
            let fields = fields();
            let planted_models = fields
                .iter()
                .filter_map(|f| planted(f, model, &value))
                .chain(std::iter::once(with_lines));
            for m in planted_models {
                let out = human_report(&m, false);
                let raw = out.chars().find(|c| drives_terminal(*c));
                prop_assert!(raw.is_none(), "{base}: {raw:?} sent raw to the terminal:\n{out}");
                // In colour, the only escapes are the report's own SGR sequences.
                let coloured = human_report(&m, true);
                let mut rest = coloured.as_str();
                while let Some(at) = rest.find('\u{1b}') {
                    let after = &rest[at + 1..];
                    let end = after.find('m').unwrap_or(after.len());
                    prop_assert!(
                        after.starts_with('[') && after[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                        "{base}: an escape that is not the report's colour: {:?}", &after[..end.min(20)]
                    );
                    rest = &after[end..];
                }
            }
        }
    }
}

/// Each field carries the payload into at least one PowerShell text (the property above is not
/// vacuous), and each is there as exactly one single-quoted literal.
#[test]
fn every_field_reaches_powershell_whole_in_one_literal() {
    let value = format!("x’; {PAYLOAD}; ’\"$({PAYLOAD})\" | @({PAYLOAD})\u{2028}x");
    let w = world();
    for field in fields() {
        let mut reached = Vec::new();
        for (base, model) in &w.bases {
            let Some(m) = planted(&field, model, &value) else {
                continue;
            };
            for g in GENERATIONS {
                for (what, text) in powershell_texts(&m, g) {
                    assert_stays_a_value(&what, &text);
                    if carries_payload(&text) {
                        assert_within_one_literal(&what, &text, &value);
                        reached.push(format!("{base} ({g:?}) {what}"));
                    }
                }
            }
        }
        // Fields whose values are filtered before any PowerShell is written: a tenant id from
        // the evidence is used only once it is a GUID (the fix script and the probe plan check,
        // and no base pairs one with a rule that writes it unchecked), and of a thumbprint only
        // the hex digits are kept. The property above still plants hostile values in them.
        if ["tenant id in the evidence", "OAuth certificate thumbprint"].contains(&field.name) {
            continue;
        }
        assert!(
            !reached.is_empty(),
            "the {} never reaches generated PowerShell: the property test would prove nothing for it",
            field.name
        );
    }
}

/// The two embeddings the issue found, through the whole program as a user runs it.
mod issue_cases {
    use std::path::Path;

    use super::{PAYLOAD, assert_one_literal, assert_stays_a_value};

    /// Runs the binary; returns (exit code, standard output).
    fn run(args: &[&str]) -> (i32, String) {
        let (code, out, _) = super::common::run(args);
        (code, out)
    }

    /// A folder with the seed walkthrough's DER certificate and a script that names `path`.
    fn evidence(dir: &Path, path_in_script: &str) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let der = std::fs::read_dir(root.join("fixtures/seed-walkthrough"))
            .expect("seed folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("cer")))
            .expect("the seed's certificate");
        std::fs::copy(&der, dir.join("LyncOAuth.cer")).expect("copy certificate");
        let script = format!(
            "# Upload the OAuth certificate (written by hand for this test)\n\
             Import-Module MSOnline\n\
             Connect-MsolService\n\
             $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate\n\
             $certificate.Import({path_in_script})\n\
             $credentialsValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n\
             New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type Asymmetric -Usage Verify -Value $credentialsValue\n"
        );
        std::fs::write(dir.join("Upload-OAuth.ps1"), script).expect("write script");
    }

    /// Case 1: `'C:\OAuth\$(Remove-Item C:\Temp -Recurse).cer'`, a harmless literal in the
    /// script, came back in `check`'s fix as `$certificate.Import("…$(Remove-Item …)…")`.
    #[test]
    fn subexpression_in_a_single_quoted_path_stays_inert() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = format!("C:\\OAuth\\$({PAYLOAD} C:\\Temp -Recurse).cer");
        evidence(dir.path(), &format!("'{path}'"));
        let folder = dir.path().to_str().expect("utf-8 path");
        let (_, json) = run(&["check", folder, "--now", "2025-06-01", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
        let fixes: Vec<&str> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["fix"].as_str())
            .filter(|f| f.contains(PAYLOAD))
            .collect();
        assert!(!fixes.is_empty(), "the path reaches a fix: {json}");
        for fix in fixes {
            assert!(
                !fix.contains(&format!("\"{path}\"")),
                "in double quotes: {fix}"
            );
            assert_stays_a_value("check fix", fix);
            assert_one_literal("check fix", fix, &path);
        }
        for cmdlets in ["graph", "msonline", "azuread"] {
            let (_, script) = run(&["fix", folder, "--now", "2025-06-01", "--cmdlets", cmdlets]);
            assert_stays_a_value("fix script", &script);
        }
        let (_, human) = run(&["check", folder, "--now", "2025-06-01"]);
        assert!(human.contains(&format!("'{path}'")), "{human}");
    }

    /// Case 2: a path with a typographic quote, `"C:\OAuth\a’; Remove-Item C:\Temp -Recurse;
    /// ’.cer"`, came back from `fix` as `$CertificatePath = 'C:\OAuth\a’; Remove-Item …'`.
    #[test]
    fn typographic_quote_in_a_path_is_doubled() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = format!("C:\\OAuth\\a’; {PAYLOAD} C:\\Temp -Recurse; ’.cer");
        evidence(dir.path(), &format!("\"{path}\""));
        let folder = dir.path().to_str().expect("utf-8 path");
        for cmdlets in ["graph", "msonline", "azuread"] {
            let (code, script) = run(&["fix", folder, "--now", "2025-06-01", "--cmdlets", cmdlets]);
            assert_eq!(code, 0, "{script}");
            assert!(
                script.contains("$CertificatePath = 'C:\\OAuth\\a’’; "),
                "the quote is doubled:\n{script}"
            );
            assert_stays_a_value("fix script", &script);
            assert_one_literal("fix script", &script, &path);
        }
    }
}
