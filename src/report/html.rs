//! `--format html`: one self-contained HTML file for handing to a customer. Inline CSS, no
//! scripts, no fonts, images or anything else fetched (a Content-Security-Policy says so to the
//! browser too). Sections: summary and verdict, the trust chain as an inline SVG diagram, the
//! diagnosis (when `diagnose` made one), the checklist, and the findings with their source lines
//! and fixes. Every piece of text is escaped: findings quote evidence files.

mod checklist;
mod deployments;
mod diagnosis;
mod escape;
mod findings;
mod summary;
mod todo;
mod trust_diagram;
mod trust_layout;

use std::fmt::Write as _;

use super::ReportInput;
use crate::checklist::StepStatus;
use crate::model::Location;
use escape::esc;

const STYLE: &str = include_str!("html/style.css");

/// No fetch of any kind: inline styles only. Browsers that honour it block anything that slips in.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

pub fn render(input: &ReportInput) -> String {
    let r = input.report;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"hybridlint {version}\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&summary::title(r)),
    );
    summary::render(&mut out, r);
    // Each recognised procedure's trust diagram, drawn from its `[[party]]` and `[[trust]]` data.
    let diagrams = r
        .checklist
        .iter()
        .flat_map(|c| &c.trust)
        .filter(|d| !d.links.is_empty());
    for d in diagrams {
        let _ = write!(
            out,
            "<section class=\"trust-chain\" id=\"trust-chain-{id}\" data-procedure=\"{id}\">\n<h2>Trust chain: {title}</h2>\n<p class=\"lead\">Who trusts whom, on premises on the left, the cloud on the right. Each link is as bad as the worst of its checklist steps and names the rules that break it; hover a link for the finding.</p>\n<figure class=\"diagram\">",
            id = esc(&d.procedure),
            title = esc(&d.title)
        );
        out.push_str(&trust_diagram::svg(d));
        // What hovering shows, written out for paper.
        out.push_str("<figcaption class=\"link-notes print-only\"><ul>");
        for link in &d.links {
            let _ = write!(
                out,
                "<li data-link=\"{}\">{} {}</li>",
                esc(&trust_diagram::link_id(d, link)),
                trust_diagram::marker(link.status),
                esc(&trust_diagram::link_title(d, link))
            );
        }
        out.push_str("</ul></figcaption>");
        out.push_str("</figure>\n</section>\n");
    }
    for d in &r.diagnoses {
        diagnosis::render(&mut out, d, &r.findings);
    }
    if !r.deployments.is_empty() {
        deployments::render(&mut out, &r.deployments, &r.findings);
    }
    if let Some(c) = &r.checklist {
        todo::render(&mut out, c, r.fix_script.as_deref());
    }
    if let Some(c) = &r.checklist {
        checklist::render(&mut out, c, &r.findings);
    }
    findings::render(&mut out, &r.findings, input.rules);
    let _ = write!(
        out,
        "<footer>Written by hybridlint {} from {} evidence {}; {} rules ran. Run <code>hybridlint explain RULE</code> for a rule's whole documentation.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        r.files,
        if r.files == 1 { "file" } else { "files" },
        r.rules_run.len(),
    );
    out
}

/// `path:line:column`, `path` for a whole file, or a dash.
fn location(l: Option<&Location>) -> String {
    match l {
        Some(l) if l.is_whole_file() => l.path.to_string(),
        Some(l) if l.column > 0 => format!("{}:{}:{}", l.path, l.line, l.column),
        Some(l) => format!("{}:{}", l.path, l.line),
        None => "—".to_string(),
    }
}

/// A location for a table cell: the file name (breakable after `_` and `.`) with line and column,
/// then its folder, muted.
fn location_cell(l: Option<&Location>) -> String {
    let Some(l) = l else {
        return "—".to_string();
    };
    let cut = l.path.rfind(['/', '\\']).map_or(0, |i| i + 1);
    let (dir, name) = l.path.split_at(cut);
    let name: String = esc(name)
        .chars()
        .flat_map(|c| {
            let wbr = matches!(c, '_' | '.').then_some("<wbr>");
            std::iter::once(c.to_string()).chain(wbr.map(String::from))
        })
        .collect();
    let place = match (l.is_whole_file(), l.column) {
        (true, _) => String::new(),
        (false, 0) => format!(":{}", l.line),
        (false, c) => format!(":{}:{c}", l.line),
    };
    let mut out = format!("<code class=\"loc\">{name}{place}</code>");
    if !dir.is_empty() {
        out.push_str(&format!("<div class=\"sub dir\">{}</div>", esc(dir)));
    }
    out
}

/// Where in its file a finding is (the file is the heading above it).
fn line_and_column(l: Option<&Location>) -> String {
    match l {
        None => String::new(),
        Some(l) if l.is_whole_file() => "whole file".to_string(),
        Some(l) if l.column > 0 => format!("line {}, column {}", l.line, l.column),
        Some(l) => format!("line {}", l.line),
    }
}

/// A status badge: marker and word (never colour alone).
fn badge(status: StepStatus) -> String {
    format!(
        "<span class=\"badge {s}\">{m} {s}</span>",
        s = status.as_str(),
        m = trust_diagram::marker(status)
    )
}

/// The anchor of the first finding of `rule` (`finding-N`), for links from the checklist and the
/// diagnosis.
fn finding_anchor(findings: &[crate::findings::Finding], rule: &str) -> Option<String> {
    findings
        .iter()
        .position(|f| f.rule == rule)
        .map(|i| format!("finding-{}", i + 1))
}

/// A rule id as code, linked to its first finding when there is one.
fn rule_ref(findings: &[crate::findings::Finding], rule: &str) -> String {
    match finding_anchor(findings, rule) {
        Some(a) => format!("<a href=\"#{a}\"><code>{}</code></a>", esc(rule)),
        None => format!("<code>{}</code>", esc(rule)),
    }
}

#[cfg(test)]
mod tests;
