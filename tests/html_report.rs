//! `--format html` end to end: the report written with `--output` by `check`, `diagnose` and
//! `probe` (against the loopback lab), self-contained (nothing fetched), every evidence text
//! escaped, and the trust diagram as headless Chromium renders it: its nodes and each link's
//! state for the seed walkthrough (its four planted mistakes), the clean Graph fixture and a
//! replayed probe recording.
//!
//! The Chromium tests need Debian's `chromium` (`.ci/run` installs it); without it they say so on
//! stderr and pass, except under CI (`CI` set), where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::dom::{self, Diagram};

const SEED: &[&str] = &["check", "fixtures/seed-walkthrough", "--now", "2017-03-14"];
/// Its certificate expired in 2026; judged in 2025 every step is done.
const CLEAN: &[&str] = &["check", "fixtures/clean-graph", "--now", "2025-06-01"];
const TENANT: &str = "8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e";

/// Runs hybridlint with `args` plus `--format html --output DIR/NAME`; returns (exit code, the
/// file, its text). Standard output must stay empty: the report goes to the file.
fn render_to(dir: &Path, name: &str, args: &[&str], extra: &[String]) -> (i32, PathBuf, String) {
    let file = dir.join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_hybridlint"))
        .current_dir(common::root())
        .args(args)
        .args(extra)
        .args(["--format", "html", "--output"])
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hybridlint");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let html = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "no report at {} ({e}); exit {code}, stderr: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, file, html)
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

const ALL_NODES: [&str; 6] = [
    "acs",
    "certificate",
    "exchange-online",
    "exchange-principal",
    "lync-principal",
    "pool",
];

/// The seed walkthrough's diagram, from the generated file or Chromium's DOM alike.
fn assert_seed_diagram(d: &Diagram) {
    assert_eq!(d.node_ids(), ALL_NODES.into_iter().collect(), "{d:#?}");
    for (id, label) in [
        ("pool", "Lync / SfB pool"),
        ("certificate", "OAuth certificate"),
        ("acs", "ACS / Entra ID"),
        ("lync-principal", "Lync principal"),
        ("exchange-principal", "Exchange principal"),
        ("exchange-online", "Exchange Online"),
    ] {
        assert!(d.nodes[id].contains(label), "{id}: {:?}", d.nodes[id]);
    }
    assert!(d.nodes["pool"].contains("lyncweb.contoso.com"));
    let expected = [
        // DER export: it works, a deviation from the documented Base64.
        ("pool-certificate", "deviation", "cert/der-encoded"),
        // The Lync id typed one zero short: the upload failed, for that one cause.
        ("certificate-lync-principal", "failed", "guid/truncated"),
        // The Exchange credential never uploaded.
        (
            "certificate-exchange-principal",
            "missing",
            "tenant/exchange-credential-missing",
        ),
        // The SPN added to a local object, never saved.
        ("exchange-online-pool", "failed", "tenant/spn-not-saved"),
        ("exchange-principal-acs", "done", "principal enabled"),
        ("pool-acs", "done", "OAuth server"),
        ("pool-exchange-online", "done", "partner application"),
    ];
    assert_eq!(d.links.len(), expected.len(), "{:?}", d.links);
    for (link, state, words) in expected {
        assert_eq!(d.state(link), state, "{link}");
        assert!(
            d.link_text[link].contains(words),
            "{link} is not labelled with {words}: {:?}",
            d.link_text[link]
        );
    }
    // The marker says the state without colour.
    assert!(
        d.link_text["pool-certificate"].starts_with('≈')
            || d.link_text["pool-certificate"].contains("≈ export")
    );
    assert!(d.link_text["certificate-exchange-principal"].contains("○ credential"));
    assert!(d.link_text["pool-acs"].contains("✓ OAuth server"));
}

fn assert_clean_diagram(d: &Diagram) {
    assert_eq!(d.node_ids(), ALL_NODES.into_iter().collect(), "{d:#?}");
    assert_eq!(d.links.len(), 7, "{:?}", d.links);
    // The on-premises half is a script (planned: nothing shows it ran), the tenant half a
    // transcript (done); nothing is failed or missing.
    for (link, state) in &d.links {
        assert!(
            state == "done" || state == "planned",
            "{link}: {state}: {}",
            d.link_text[link]
        );
    }
    assert_eq!(d.state("pool-acs"), "planned", "{:?}", d.links);
}

#[test]
fn the_report_is_self_contained() {
    let dir = tmp();
    let (code, _, html) = render_to(dir.path(), "report.html", SEED, &[]);
    assert_eq!(code, 1, "the seed walkthrough has errors");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let external = dom::external_references(&html);
    assert!(external.is_empty(), "{external:#?}");
    let tags = dom::tags(&html);
    assert!(tags.iter().all(|t| t.name != "script"), "no script at all");
    assert!(tags.iter().any(|t| t.name == "style"), "inline CSS");
    assert!(
        tags.iter().any(|t| t.name == "meta"
            && t.attr("content")
                .is_some_and(|c| c.contains("default-src 'none'"))),
        "a CSP that forbids fetches"
    );
    // Every internal link lands on an element of the document.
    for t in tags.iter().filter(|t| t.name == "a") {
        let target = t
            .attr("href")
            .and_then(|h| h.strip_prefix('#'))
            .expect("fragment");
        assert!(html.contains(&format!("id=\"{target}\"")), "#{target}");
    }
    assert_seed_diagram(&dom::diagram(&html));
}

#[test]
fn the_self_containment_check_can_fail() {
    let bad = r##"<html><head><link rel="stylesheet" href="https://cdn.example/x.css">
<script src="//cdn.example/x.js"></script><style>@font-face { src: url(fonts/x.woff) }
body { background: url('https://x/y.png') }</style></head>
<body><img src="logo.png"><a href="http://x">x</a><a href="#ok">ok</a>
<svg><path marker-end="url(#arrow)"/><use xlink:href="sprite.svg#a"/></svg></body></html>"##;
    let found = dom::external_references(bad);
    for expected in [
        "<link>",
        "<script src>",
        "url(fonts/x.woff)",
        "url(https://x/y.png)",
        "<img src=",
        "<a href=\"http://x\"",
        "xlink:href",
        "@font-face",
        "a URL inside <style>",
    ] {
        assert!(
            found.iter().any(|f| f.contains(expected)),
            "{expected} not flagged: {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|f| f.contains("#ok") || f.contains("#arrow"))
    );
}

/// Evidence whose folder, file name and a command line carry markup.
fn hostile_evidence() -> tempfile::TempDir {
    let dir = tmp();
    let folder = dir.path().join("ev<b>");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("Configure<script>.ps1"),
        "Connect-MsolService\nNew-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-00000000000 -Type asymmetric -Usage Verify -Value \"<script>alert('pwned')</script>\"\n",
    )
    .expect("write evidence");
    dir
}

#[test]
fn evidence_text_is_escaped() {
    let evidence = hostile_evidence();
    let out = tmp();
    let path = evidence.path().display().to_string();
    let (code, _, html) = render_to(
        out.path(),
        "r.html",
        &["check", &path, "--now", "2024-01-01"],
        &[],
    );
    assert_eq!(code, 1);
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("ev<b>"), "the folder name is text");
    assert!(html.contains("ev&lt;b&gt;"));
    let escaped = "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;";
    // The source line of the truncated id, and its fix, quote the command.
    let source = dom::tags(&html)
        .into_iter()
        .filter(|t| t.name == "pre" && t.attr("class") == Some("source"))
        .map(|t| &html[t.end..t.end + html[t.end..].find("</pre>").expect("</pre>")])
        .find(|text| text.contains(escaped));
    assert!(
        source.is_some(),
        "no source line with the escaped text:\n{html}"
    );
    assert!(
        html.contains(&format!("<pre class=\"fix\">New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -Type asymmetric -Usage Verify -Value &quot;{escaped}&quot;</pre>")),
        "{html}"
    );
    assert!(
        html.contains("Configure&lt;script&gt;.ps1"),
        "file names too"
    );
    // And a browser sees text, not elements.
    if let Some(chromium) = dom::chromium() {
        let file = out.path().join("r.html");
        let rendered = dom::dump_dom(&chromium, &file);
        assert!(
            !rendered.to_ascii_lowercase().contains("<script"),
            "{rendered}"
        );
        assert!(dom::text_of(&rendered).contains("<script>alert('pwned')</script>"));
    }
}

#[test]
fn chromium_renders_the_seed_walkthrough_diagram() {
    let Some(chromium) = dom::chromium() else {
        return;
    };
    let dir = tmp();
    let (_, file, _) = render_to(dir.path(), "seed.html", SEED, &[]);
    let rendered = dom::dump_dom(&chromium, &file);
    assert_seed_diagram(&dom::diagram(&rendered));
    // The rest of the report is there too.
    for id in [
        "verdict",
        "trust-chain-sfb-exchange-online",
        "checklist",
        "findings",
    ] {
        assert!(rendered.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let steps: Vec<_> = dom::tags(&rendered)
        .into_iter()
        .filter_map(|t| {
            Some((
                t.attr("data-step")?.to_string(),
                t.attr("data-status")?.to_string(),
            ))
        })
        .collect();
    assert_eq!(steps.len(), 10, "{steps:?}");
    assert!(steps.contains(&("exchange-credential".into(), "missing".into())));
}

#[test]
fn chromium_renders_the_clean_graph_diagram_all_done() {
    let Some(chromium) = dom::chromium() else {
        return;
    };
    let dir = tmp();
    let (code, file, html) = render_to(dir.path(), "clean.html", CLEAN, &[]);
    assert_eq!(code, 0);
    assert!(html.contains("✓ No findings"));
    let rendered = dom::dump_dom(&chromium, &file);
    assert_clean_diagram(&dom::diagram(&rendered));
}

#[test]
fn chromium_renders_probe_nodes_from_a_replayed_recording() {
    let Some(chromium) = dom::chromium() else {
        return;
    };
    let dir = tmp();
    let recording = "fixtures/rules/endpoint/tls-expired/trigger".to_string();
    let (_, file, _) = render_to(dir.path(), "probed.html", CLEAN, &[recording]);
    let d = dom::diagram(&dom::dump_dom(&chromium, &file));
    let mut nodes: Vec<&str> = ALL_NODES.to_vec();
    nodes.extend(["dns", "endpoints"]);
    assert_eq!(d.node_ids(), nodes.into_iter().collect());
    assert_eq!(d.links.len(), 10, "{:?}", d.links);
    assert_eq!(d.state("exchange-online-dns"), "done");
    for link in ["dns-endpoints", "endpoints-pool"] {
        assert_eq!(d.state(link), "failed");
        assert!(d.link_text[link].contains("endpoint/tls-expired"), "{link}");
    }
}

#[test]
fn diagnose_writes_its_diagnosis_into_the_report() {
    let dir = tmp();
    let mut args = SEED.to_vec();
    args[0] = "diagnose";
    let (code, _, html) = render_to(
        dir.path(),
        "diagnosis.html",
        &args,
        &["--symptom".into(), "owa-join-details-missing".into()],
    );
    assert_eq!(code, 1, "{html}");
    assert!(html.contains("data-symptom=\"owa-join-details-missing\""));
    let section = &html[html.find("class=\"diagnosis\"").expect("diagnosis")..];
    let section = &section[..section.find("</section>").expect("end")];
    // Shown causes are ranked and link to their findings, which are in the report.
    let causes: Vec<_> = dom::tags(section)
        .into_iter()
        .filter(|t| t.name == "li" && t.attrs.contains_key("value"))
        .collect();
    assert!(!causes.is_empty(), "{section}");
    assert_eq!(causes[0].attr("value"), Some("1"));
    for t in dom::tags(section).iter().filter(|t| t.name == "a") {
        let target = t
            .attr("href")
            .and_then(|h| h.strip_prefix('#'))
            .expect("fragment");
        assert!(html.contains(&format!("id=\"{target}\"")), "#{target}");
    }
    // What is still open says what to run.
    assert!(section.contains("<pre class=\"command\">"), "{section}");
    assert_seed_diagram(&dom::diagram(&html));
    assert!(dom::external_references(&html).is_empty());
}

#[test]
fn html_pairs_with_other_formats_in_one_run() {
    let dir = tmp();
    let json = dir.path().join("r.json");
    let (code, _, html) = render_to(
        dir.path(),
        "r.html",
        CLEAN,
        &[
            "--format".into(),
            "json".into(),
            "--output".into(),
            json.display().to_string(),
        ],
    );
    assert_eq!(code, 0);
    assert!(html.contains("data-link=\"pool-certificate\""));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("parse");
    assert_eq!(report["summary"]["error"], 0);
}

#[test]
fn probe_writes_an_html_report_with_dns_and_endpoints() {
    let lab = probe_lab::Lab::start(&common::root().join("fixtures/probe-lab/tenant"))
        .unwrap_or_else(|e| panic!("start lab: {e:#}"));
    let dir = tmp();
    let mut extra: Vec<String> = [
        "--sip-domain",
        "contoso.com",
        "--web-fqdn",
        "lyncweb.contoso.com",
        "--tenant-id",
        TENANT,
        "--timeout",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    extra.extend(lab.hybridlint_args());
    let (code, _, html) = render_to(dir.path(), "probe.html", &["probe"], &extra);
    assert_eq!(code, 1, "the tenant lab has planted faults");
    let d = dom::diagram(&html);
    assert!(d.nodes.contains_key("dns") && d.nodes.contains_key("endpoints"));
    // The planted faults: DNS records pointing online, the Lync id one zero short in metadata.
    assert_eq!(d.state("exchange-online-dns"), "failed");
    assert!(d.link_text["exchange-online-dns"].contains("dns/"));
    assert_eq!(d.state("endpoints-pool"), "failed");
    assert!(d.link_text["endpoints-pool"].contains("endpoint/metadata-service-name-wrong"));
    // `probe` reads no other evidence: the tenant's steps are unknown, not done.
    assert_eq!(d.state("pool-acs"), "unknown");
    assert!(dom::external_references(&html).is_empty());
}

/// The head says what the verdict rests on: the day judged at, when the report was made, the
/// facts and the config file.
#[test]
fn the_report_states_the_date_facts_and_config_it_used() {
    let dir = tmp();
    let (_, _, html) = render_to(dir.path(), "seed.html", SEED, &[]);
    let fact = |key: &str| {
        let at = html
            .find(&format!("data-fact=\"{key}\""))
            .unwrap_or_else(|| panic!("no fact {key}"));
        let end = html[at..].find("</div>").map_or(html.len(), |i| at + i);
        dom::text_of(&html[at..end])
    };
    assert!(fact("now").contains("2017-03-14") && fact("now").contains("--now"));
    assert!(
        regex::Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
            .expect("regex")
            .is_match(&fact("generated")),
        "{}",
        fact("generated")
    );
    assert!(fact("tenant").contains(TENANT), "{}", fact("tenant"));
    assert!(fact("sip-domain").contains("contoso.com"));
    assert!(fact("web-fqdns").contains("lyncweb.contoso.com"));
    assert!(fact("config").contains("fixtures/seed-walkthrough/hybridlint.toml"));
}

/// "What to do, in order": the failed and missing steps in the procedure's order, then the
/// script `hybridlint fix` writes, embedded whole, open (so it prints) and selectable at a click.
#[test]
fn what_to_do_lists_the_steps_in_order_and_embeds_the_fix_script() {
    let dir = tmp();
    let (_, _, html) = render_to(dir.path(), "seed.html", SEED, &[]);
    let section = html
        .find("id=\"what-to-do\"")
        .map(|at| &html[at..at + html[at..].find("</section>").expect("section end")])
        .expect("a what-to-do section");
    let steps: Vec<String> = dom::tags(section)
        .into_iter()
        .filter(|t| t.name == "li")
        .filter_map(|t| t.attr("data-step").map(String::from))
        .collect();
    assert_eq!(
        steps,
        // The DER export works (a deviation), so it is not a step to do.
        [
            "lync-credential",
            "exchange-credential",
            "spn:lyncweb.contoso.com"
        ]
    );
    assert!(
        section.contains("<details class=\"fix-script\" open>"),
        "{section}"
    );
    let script_at = section
        .find("<pre class=\"script\" id=\"fix-script\"><code>")
        .expect("script");
    let script_html = &section[script_at..];
    let script_html = &script_html[..script_html.find("</code></pre>").expect("end")];
    let embedded = dom::text_of(script_html);
    let (code, fix, err) =
        common::run(&["fix", "fixtures/seed-walkthrough", "--now", "2017-03-14"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(embedded, fix, "the embedded script is `hybridlint fix`'s");
}

/// Every hover text of the diagram is written out for print, and only for print.
#[test]
fn every_link_tooltip_is_also_in_the_printed_notes() {
    let dir = tmp();
    let (_, _, html) = render_to(dir.path(), "seed.html", SEED, &[]);
    let title = regex::Regex::new(
        r#"<g class="link [a-z]+" data-link="([^"]+)"[^>]*><title>([^<]*)</title>"#,
    )
    .expect("regex");
    let mut links = 0;
    for c in title.captures_iter(&html) {
        links += 1;
        let note = format!("<li data-link=\"{}\">", &c[1]);
        let at = html
            .find(&note)
            .unwrap_or_else(|| panic!("no printed note for {}", &c[1]));
        let end = at + html[at..].find("</li>").expect("li end");
        let text = dom::text_of(&html[at..end]);
        assert!(text.ends_with(&dom::unescape(&c[2])), "{text} / {}", &c[2]);
    }
    assert!(links >= 7, "{links} links");
    assert!(html.contains("<figcaption class=\"link-notes print-only\">"));
    assert!(html.contains("@media screen { .print-only { display: none; } }"));
}

/// The pool node names the pool even when no SPN step does: by the web services FQDN.
#[test]
fn the_pool_node_shows_the_pool_name() {
    let dir = tmp();
    let (_, _, html) = render_to(
        dir.path(),
        "der.html",
        &[
            "check",
            "fixtures/rules/cert/der-encoded/trigger",
            "--now",
            "2025-06-01",
            "--web-fqdn",
            "pool01.fabrikam.com",
        ],
        &[],
    );
    let d = dom::diagram(&html);
    assert!(
        d.nodes["pool"].contains("pool01.fabrikam.com"),
        "{:?}",
        d.nodes["pool"]
    );
}

/// At 800 CSS pixels (about A4 portrait) every text of the diagram renders at 9 px or more, as
/// Chromium lays it out. The page forbids scripts, so a copy without its Content-Security-Policy
/// gets one that measures each `<text>` and writes the smallest size into the DOM.
#[test]
fn diagram_labels_stay_legible_at_800_px() {
    let Some(chromium) = dom::chromium() else {
        return;
    };
    let dir = tmp();
    let (_, _, html) = render_to(dir.path(), "seed.html", SEED, &[]);
    let csp =
        regex::Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).expect("regex");
    let probe = r#"<script>
window.addEventListener('load', () => {
  const svg = document.querySelector('svg.trust');
  const scale = svg.getScreenCTM().a;
  let smallest = Infinity, which = '';
  for (const t of svg.querySelectorAll('text, tspan')) {
    if (!t.textContent.trim()) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < smallest) { smallest = px; which = t.textContent.trim(); }
  }
  document.body.setAttribute('data-smallest-text', smallest.toFixed(2));
  document.body.setAttribute('data-smallest-which', which);
  document.body.setAttribute('data-svg-width', svg.getBoundingClientRect().width.toFixed(0));
});
</script></body>"#;
    let measured = csp.replace(&html, "").replace("</body>", probe);
    let file = dir.path().join("measured.html");
    std::fs::write(&file, measured).expect("write");
    let rendered = dom::dump_dom_at(&chromium, &file, Some(800));
    let body = dom::tags(&rendered)
        .into_iter()
        .find(|t| t.name == "body")
        .expect("body");
    let smallest: f64 = body
        .attr("data-smallest-text")
        .and_then(|v| v.parse().ok())
        .expect("the measurement ran");
    let width: f64 = body
        .attr("data-svg-width")
        .and_then(|v| v.parse().ok())
        .expect("svg width");
    assert!(width <= 800.0, "the diagram is {width} px wide at 800 px");
    assert!(
        smallest >= 9.0,
        "`{}` renders at {smallest:.1} px at 800 px",
        body.attr("data-smallest-which").unwrap_or("")
    );
}

/// The page title names what the report is about, as the kicker does: the recognised
/// integration, and the default procedure's words only when the evidence is its alone.
#[test]
fn the_page_title_names_the_recognised_integration() {
    let dir = tmp();
    let title = |html: &str| {
        let start = html.find("<title>").expect("a title") + "<title>".len();
        let end = start + html[start..].find("</title>").expect("a closed title");
        html[start..end].to_string()
    };
    let (_, _, seed) = render_to(dir.path(), "seed.html", SEED, &[]);
    assert!(
        title(&seed).ends_with("— Lync/SfB and Exchange Online OAuth"),
        "{}",
        title(&seed)
    );
    let exchange = [
        "check",
        "fixtures/procedures/exchange-hybrid-manual",
        "--now",
        "2026-11-30",
        "--fail-on",
        "never",
    ];
    let (_, _, html) = render_to(dir.path(), "exchange.html", &exchange, &[]);
    let t = title(&html);
    assert!(!t.contains("Lync"), "{t}");
    assert!(t.contains("Exchange"), "{t}");
}
