//! "What to do, in order": the checklist's failed and missing steps in the procedure's order,
//! then the script `hybridlint fix` writes for them, embedded (open, so it prints; a click selects
//! all of it for copying, as the page may run no script to offer a copy button).

use std::fmt::Write as _;

use super::escape::esc;
use crate::checklist::{Checklist, StepStatus};

pub(super) fn render(out: &mut String, checklist: &Checklist, script: Option<&str>) {
    let todo: Vec<_> = checklist
        .steps
        .iter()
        .filter(|s| matches!(s.status, StepStatus::Failed | StepStatus::Missing))
        .collect();
    out.push_str("<section id=\"what-to-do\">\n<h2>What to do, in order</h2>\n");
    if todo.is_empty() {
        out.push_str("<p class=\"lead\">Nothing: no step of the procedure is failed or missing in the evidence.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"todo\">\n");
    for step in todo {
        let _ = writeln!(
            out,
            "<li data-step=\"{id}\">{badge} <strong>{title}</strong><div class=\"sub\">{detail}</div></li>",
            id = esc(&step.id),
            badge = super::badge(step.status),
            title = esc(&step.title),
            detail = esc(&step.detail),
        );
    }
    out.push_str("</ol>\n");
    if let Some(script) = script.filter(|s| !s.trim().is_empty()) {
        let _ = write!(
            out,
            "<details class=\"fix-script\" open>\n<summary>The script for these steps (PowerShell, from <code>hybridlint fix</code>): read it before running it</summary>\n\
             <pre class=\"script\" id=\"fix-script\"><code>{}</code></pre>\n\
             <p class=\"sub\">Click the script to select all of it, then copy. It holds no secret: credentials are read from the certificate file when it runs.</p>\n</details>\n",
            esc(script)
        );
    }
    out.push_str("</section>\n");
}
