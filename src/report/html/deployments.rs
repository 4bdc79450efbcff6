//! The deployments section, for evidence of several deployments judged apart: each one's name,
//! counts and files, and its checklist (the run-wide checklist and diagram are left out, since
//! one deployment's done step would hide another's missing one).

use std::fmt::Write as _;

use super::escape::{esc, inline};
use super::{badge, location_cell, rule_ref};
use crate::findings::Finding;
use crate::run_report::DeploymentReport;

pub(super) fn render(out: &mut String, all: &[DeploymentReport], findings: &[Finding]) {
    out.push_str("<section id=\"deployments\">\n<h2>Deployments</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"lead\">This evidence holds {} deployments (tenants, domains or certificates that never meet). Each is judged on its own, so one's success never hides another's failure.</p>",
        all.len()
    );
    for (i, d) in all.iter().enumerate() {
        let _ = writeln!(
            out,
            "<h3 data-deployment=\"{n}\">Deployment {n}: {label}</h3>\n<p>{e} error(s), {w} warning(s), {info} info; files: {files}</p>",
            n = i + 1,
            label = esc(&d.label),
            e = d.errors,
            w = d.warnings,
            info = d.infos,
            files = esc(&d.files.join(", ")),
        );
        out.push_str("<table class=\"checklist\">\n<thead><tr><th>#</th><th>Step</th><th>Status</th><th>Evidence</th><th>What it shows</th></tr></thead>\n<tbody>\n");
        for (n, s) in d.checklist.steps.iter().enumerate() {
            let _ = write!(
                out,
                "<tr class=\"{status}\" data-step=\"{id}\" data-status=\"{status}\"><td>{n}</td><td>{title}</td><td>{badge}</td><td>{loc}</td><td>{detail}",
                status = s.status.as_str(),
                id = esc(&s.id),
                n = n + 1,
                title = esc(&s.title),
                badge = badge(s.status),
                loc = location_cell(s.location.as_ref()),
                detail = inline(&s.detail),
            );
            if !s.rules.is_empty() {
                let rules: Vec<String> = s.rules.iter().map(|r| rule_ref(findings, r)).collect();
                let _ = write!(out, "<div class=\"sub\">{}</div>", rules.join(" "));
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}
