//! The report's head: title, verdict (against `--fail-on`), counts per severity, the checklist's
//! tally, and the evidence files read.

use std::fmt::Write as _;

use super::escape::esc;
use crate::checklist::StepStatus;
use crate::findings::Severity;
use crate::run_report::Report;

/// The document title: the verdict in a few words, and what the report is about.
pub(super) fn title(r: &Report) -> String {
    let about = integrations(r).unwrap_or_else(|| "Lync/SfB and Exchange Online OAuth".into());
    match r.count(Severity::Error) {
        0 => format!("hybridlint: no errors — {about}"),
        1 => format!("hybridlint: 1 error — {about}"),
        n => format!("hybridlint: {n} errors — {about}"),
    }
}

/// The verdict: (class, text).
fn verdict(r: &Report) -> (&'static str, String) {
    let failing = r.findings.iter().filter(|f| r.fails(f)).count();
    match r.fail_on {
        Some(t) if failing > 0 => (
            "fail",
            format!(
                "✗ Needs fixing: {failing} {} at or above {t}",
                if failing == 1 { "finding" } else { "findings" }
            ),
        ),
        _ if r.findings.is_empty() => ("pass", "✓ No findings".to_string()),
        Some(t) => (
            "pass",
            format!(
                "✓ No finding at or above {t} ({} below it)",
                r.findings.len()
            ),
        ),
        None => (
            "info",
            format!(
                "{} findings (no threshold: --fail-on never)",
                r.findings.len()
            ),
        ),
    }
}

/// What the report is about: the integrations the evidence is recognised as (the seed's words
/// when it is the seed's alone, or nothing is recognised).
fn subject(r: &Report) -> String {
    match integrations(r) {
        Some(titles) => format!("server-to-server OAuth: {titles}"),
        None => "server-to-server OAuth between on-premises Lync / Skype for Business Server and Exchange Online".to_string(),
    }
}

/// The titles of the recognised integrations, or `None` when the evidence is the default
/// procedure's alone (or nothing is recognised): the report then keeps that procedure's words.
fn integrations(r: &Report) -> Option<String> {
    let recognised: Vec<_> = r.checklist.iter().flat_map(|c| &c.trust).collect();
    let seed_alone = recognised
        .iter()
        .all(|d| d.procedure == crate::domain::procedure_ids::DEFAULT_PROCEDURE);
    let titles: Vec<&str> = recognised.iter().map(|d| d.title.as_str()).collect();
    (!seed_alone).then(|| titles.join(" · "))
}

pub(super) fn render(out: &mut String, r: &Report) {
    let (class, text) = verdict(r);
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">hybridlint report · {}</p>\n\
         <h1 class=\"verdict {class}\" id=\"verdict\">{}</h1>\n",
        esc(&subject(r)),
        esc(&text)
    );
    out.push_str("<dl class=\"counts\">");
    for (sev, name) in [
        (Severity::Error, "errors"),
        (Severity::Warning, "warnings"),
        (Severity::Info, "info"),
    ] {
        let _ = write!(
            out,
            "<div class=\"count {sev}\" data-count=\"{sev}\"><dt>{name}</dt><dd>{}</dd></div>",
            r.count(sev)
        );
    }
    let _ = write!(
        out,
        "<div class=\"count files\" data-count=\"files\"><dt>files</dt><dd>{}</dd></div>",
        r.files
    );
    if let Some(c) = &r.checklist {
        let done = c
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .count();
        let _ = write!(
            out,
            "<div class=\"count steps\" data-count=\"steps\"><dt>steps done</dt><dd>{done}/{}</dd></div>",
            c.steps.len()
        );
    }
    out.push_str("</dl>\n");
    let mut notes = Vec::new();
    if r.suppressed > 0 {
        notes.push(format!(
            "{} suppressed by [[ignore]] or inline comments",
            r.suppressed
        ));
    }
    if r.baselined > 0 {
        notes.push(format!("{} accepted in the baseline", r.baselined));
    }
    if !notes.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"hidden-note\">Not shown: {}.</p>",
            esc(&notes.join("; "))
        );
    }
    run_facts(out, r);
    if !r.paths.is_empty() {
        out.push_str("<p class=\"evidence\">Evidence read: ");
        let list: Vec<String> = r
            .paths
            .iter()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .collect();
        out.push_str(&list.join(", "));
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
}

/// What the evidence was judged with: the day (`--now`), when the report was made, the facts
/// compared with and the config file, so a reader knows what the verdict rests on.
fn run_facts(out: &mut String, r: &Report) {
    let run = &r.run;
    let none = "<span class=\"sub\">not known</span>".to_string();
    let code = |v: &str| format!("<code>{}</code>", esc(v));
    let mut rows: Vec<(&str, &str, String)> = vec![
        (
            "now",
            "Evidence judged as of",
            format!(
                "{}{}",
                esc(&run.now),
                if run.now_given {
                    " (<code>--now</code>)"
                } else {
                    " (the day of the run)"
                }
            ),
        ),
        ("generated", "Report generated", esc(&run.generated_at)),
        (
            "tenant",
            "Tenant id",
            run.facts.tenant_id.as_deref().map_or(none.clone(), code),
        ),
        (
            "sip-domain",
            "SIP domain",
            run.facts.sip_domain.as_deref().map_or(none.clone(), code),
        ),
        (
            "web-fqdns",
            "Web services FQDNs",
            if run.facts.web_fqdns.is_empty() {
                none.clone()
            } else {
                run.facts
                    .web_fqdns
                    .iter()
                    .map(|f| code(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
    ];
    if !run.facts.exchange.is_empty() {
        let items: Vec<String> = run
            .facts
            .exchange
            .iter()
            .map(|x| {
                format!(
                    "<li data-exchange=\"{}\">{}: {} <span class=\"sub\">{}</span></li>",
                    esc(&x.kind),
                    esc(&x.kind),
                    code(&x.summary),
                    esc(&x.seen)
                )
            })
            .collect();
        rows.push((
            "exchange",
            "Exchange Server objects",
            format!("<ul class=\"exchange-facts\">{}</ul>", items.concat()),
        ));
    }
    if !run.config_files.is_empty() {
        rows.push((
            "config",
            "Config file",
            run.config_files
                .iter()
                .map(|f| code(f))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    out.push_str("<dl class=\"run-facts\">");
    for (key, name, value) in rows {
        let _ = write!(
            out,
            "<div data-fact=\"{key}\"><dt>{name}</dt><dd>{value}</dd></div>"
        );
    }
    out.push_str("</dl>\n");
}
