//! The checklist section: the procedure's steps in order, each with its status, the evidence
//! location, what the evidence shows, the rules that decided it (linked to their findings) and
//! the diagram link it belongs to.

use std::fmt::Write as _;

use super::escape::{esc, inline};
use super::graph::TrustGraph;
use super::{badge, location_cell, rule_ref};
use crate::checklist::Checklist;
use crate::findings::Finding;

/// `seed`: the seed procedure's diagram, when it is drawn; `c.trust`'s other diagrams are drawn
/// from their data.
pub(super) fn render(
    out: &mut String,
    c: &Checklist,
    seed: Option<&TrustGraph>,
    findings: &[Finding],
) {
    out.push_str("<section id=\"checklist\">\n<h2>Checklist</h2>\n");
    out.push_str("<p class=\"lead\">The procedure's steps in order. <b>done</b>: the evidence shows it; <b>failed</b>: attempted and wrong; <b>missing</b>: absent from evidence that should show it; <b>planned</b>: only a script performs it, nothing shows it ran; <b>deviation</b>: done another way than documented, which works; <b>unknown</b>: the evidence does not cover it.</p>\n");
    if c.steps.is_empty() {
        out.push_str("<p>No steps.</p>\n</section>\n");
        return;
    }
    out.push_str("<table class=\"checklist\">\n<thead><tr><th>#</th><th>Step</th><th>Status</th><th>Evidence</th><th>What it shows</th></tr></thead>\n<tbody>\n");
    for (i, s) in c.steps.iter().enumerate() {
        let mut links: Vec<String> = seed
            .iter()
            .flat_map(|g| &g.links)
            .filter(|l| l.steps.iter().any(|ls| ls.id == s.id))
            .map(|l| format!("{} → {}", l.from.label(), l.to.label()))
            .collect();
        let base = s.step_id();
        for d in c
            .trust
            .iter()
            .filter(|d| d.procedure != crate::domain::procedure_ids::DEFAULT_PROCEDURE)
        {
            let name = |i: usize| d.parties.get(i).map_or("?", String::as_str);
            links.extend(
                d.links
                    .iter()
                    .filter(|l| l.steps.iter().any(|x| x == base))
                    .map(|l| format!("{} → {}", name(l.from), name(l.to))),
            );
        }
        let _ = write!(
            out,
            "<tr class=\"{status}\" data-step=\"{id}\" data-status=\"{status}\"><td>{n}</td><td>{title}",
            status = s.status.as_str(),
            id = esc(&s.id),
            n = i + 1,
            title = esc(&s.title),
        );
        if !links.is_empty() {
            let _ = write!(
                out,
                "<div class=\"sub\">diagram: {}</div>",
                esc(&links.join("; "))
            );
        }
        let _ = write!(
            out,
            "</td><td>{}</td><td>{}</td><td>{}",
            badge(s.status),
            location_cell(s.location.as_ref()),
            inline(&s.detail)
        );
        if !s.rules.is_empty() {
            let rules: Vec<String> = s.rules.iter().map(|r| rule_ref(findings, r)).collect();
            let _ = write!(out, "<div class=\"sub\">{}</div>", rules.join(" "));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
