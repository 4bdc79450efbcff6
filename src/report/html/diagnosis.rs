//! The diagnosis section (only when `diagnose` made one): the symptom as users see it, the causes
//! the evidence shows (ranked, with their findings), those it rules out (with the evidence) and
//! those still open (with the command to run and the file to add).

use std::fmt::Write as _;

use super::escape::{esc, inline};
use super::{location, rule_ref};
use crate::diagnose::Diagnosis;
use crate::findings::Finding;

/// `findings` are the report's, for links from each cause to its first finding.
pub(super) fn render(out: &mut String, d: &Diagnosis, findings: &[Finding]) {
    // `matched_by` often names the id already ("symptom id `…`").
    let how = if d.matched_by.contains(&d.symptom.id) {
        format!("Matched by {}.", inline(&d.matched_by))
    } else {
        format!(
            "Symptom <code>{}</code>, {}.",
            esc(&d.symptom.id),
            inline(&d.matched_by)
        )
    };
    let _ = write!(
        out,
        "<section class=\"diagnosis\" data-symptom=\"{id}\">\n<h2>Diagnosis: {title}</h2>\n\
         <p class=\"lead\">{how}</p>\n",
        id = esc(&d.symptom.id),
        title = esc(&d.symptom.title),
    );
    if !d.symptom.seen_as.is_empty() {
        out.push_str("<div class=\"seen-as\"><p class=\"sub\">What users see:</p>");
        for s in &d.symptom.seen_as {
            let _ = write!(out, "<blockquote>{}</blockquote>", esc(s));
        }
        out.push_str("</div>\n");
    }

    let _ = writeln!(
        out,
        "<h3 class=\"shown\">✗ Causes the evidence shows ({})</h3>",
        d.shown.len()
    );
    if d.shown.is_empty() {
        out.push_str(
            "<p class=\"none\">None: the evidence shows none of this symptom's causes.</p>\n",
        );
    } else {
        out.push_str("<ol class=\"causes shown\">\n");
        for c in &d.shown {
            let _ = write!(
                out,
                "<li value=\"{rank}\" data-rule=\"{rule}\">{link}: {why}<ul>",
                rank = c.rank,
                rule = esc(&c.rule),
                link = rule_ref(findings, &c.rule),
                why = inline(&c.why),
            );
            for f in &c.findings {
                let _ = write!(
                    out,
                    "<li>{} <code class=\"loc\">{}</code></li>",
                    inline(&f.message),
                    esc(&location(f.location.as_ref()))
                );
            }
            out.push_str("</ul></li>\n");
        }
        out.push_str("</ol>\n");
    }

    if !d.ruled_out.is_empty() {
        let _ = writeln!(
            out,
            "<h3 class=\"ruled-out\">✓ Ruled out ({})</h3>\n<ul class=\"causes ruled-out\">",
            d.ruled_out.len()
        );
        for c in &d.ruled_out {
            let _ = writeln!(
                out,
                "<li data-rule=\"{rule}\"><code>{rule}</code>: {why}<div class=\"sub\">The evidence shows: {evidence} <code class=\"loc\">{loc}</code></div></li>",
                rule = esc(&c.rule),
                why = inline(&c.why),
                evidence = inline(&c.evidence),
                loc = esc(&location(c.location.as_ref())),
            );
        }
        out.push_str("</ul>\n");
    }

    if !d.open.is_empty() {
        let _ = writeln!(
            out,
            "<h3 class=\"open\">? Still open: evidence needed ({})</h3>\n<ul class=\"causes open\">",
            d.open.len()
        );
        for c in &d.open {
            // Why the rule did not look, when it did not: not a pass.
            let not_checked = c
                .not_checked
                .as_deref()
                .map(|why| format!("<p class=\"sub\">Not checked, because {}</p>", inline(why)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li data-rule=\"{rule}\"><code>{rule}</code>: {why}{not_checked}<p class=\"sub\">Run:</p><pre class=\"command\">{command}</pre><p class=\"sub\">and add to the evidence: {file}</p></li>",
                rule = esc(&c.rule),
                why = inline(&c.why),
                command = esc(&c.command),
                file = inline(&c.evidence_file),
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
