//! The human report's checklist and diagnosis sections: plain text, aligned, one line per step
//! or cause, each with the evidence location that decided it.

use std::fmt::Write as _;

use crate::checklist::{Checklist, StepStatus};
use crate::diagnose::Diagnosis;
use crate::model::Location;

fn place(l: &Option<Location>) -> String {
    match l {
        Some(l) if l.is_whole_file() => format!(" ({})", l.path),
        Some(l) => format!(" ({}:{})", l.path, l.line),
        None => String::new(),
    }
}

fn mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "[done]     ",
        StepStatus::Failed => "[FAILED]   ",
        StepStatus::Missing => "[MISSING]  ",
        StepStatus::Planned => "[planned]  ",
        // Done another way than documented, and that way works (DER).
        StepStatus::Deviation => "[deviation]",
        StepStatus::Unknown => "[unknown]  ",
    }
}

pub fn checklist(c: &Checklist) -> String {
    let mut out = match c.procedures.as_slice() {
        [] => String::from(
            "Checklist: the evidence fits no known procedure (hybridlint procedures)\n",
        ),
        ids => format!("Checklist ({}, in order):\n", ids.join(" + ")),
    };
    for (i, s) in c.steps.iter().enumerate() {
        let _ = writeln!(out, "  {:>2}. {} {}", i + 1, mark(s.status), s.title);
        let why = if s.rules.is_empty() {
            s.detail.clone()
        } else {
            format!("{} [{}]", s.detail, s.rules.join(", "))
        };
        let _ = writeln!(out, "                   {why}{}", place(&s.location));
    }
    out.push('\n');
    out
}

/// The deployments of a run holding several, each with its verdict (and its checklist when
/// asked for).
pub fn deployments(all: &[crate::run_report::DeploymentReport], with_checklists: bool) -> String {
    let mut out = format!(
        "{} deployments in this evidence, each judged on its own:\n",
        all.len()
    );
    for (i, d) in all.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {}: {} error(s), {} warning(s), {} info; {} file(s): {}",
            i + 1,
            d.label,
            d.errors,
            d.warnings,
            d.infos,
            d.files.len(),
            d.files.join(", ")
        );
    }
    out.push('\n');
    if with_checklists {
        for (i, d) in all.iter().enumerate() {
            let _ = writeln!(out, "Deployment {}: {}", i + 1, d.label);
            out.push_str(&checklist(&d.checklist));
        }
    }
    out
}

pub fn diagnosis(d: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Diagnosis: {} [{}]", d.symptom.title, d.symptom.id);
    let _ = writeln!(out, "  ({})", d.matched_by);
    if d.shown.is_empty() {
        out.push_str("  The evidence shows none of this symptom's known causes.\n");
    } else {
        out.push_str("  Causes the evidence shows, most direct first:\n");
        for c in &d.shown {
            let _ = writeln!(out, "   {}. {}: {}", c.rank, c.rule, c.why);
            for f in &c.findings {
                let _ = writeln!(out, "        {}{}", f.message, place(&f.location));
            }
        }
    }
    if !d.ruled_out.is_empty() {
        out.push_str("  Ruled out by the evidence:\n");
        for c in &d.ruled_out {
            let _ = writeln!(out, "   - {}: {}{}", c.rule, c.evidence, place(&c.location));
        }
    }
    if !d.open.is_empty() {
        out.push_str("  Still open (evidence missing); run, and add to the evidence:\n");
        for c in &d.open {
            let _ = writeln!(out, "   ? {}: {}", c.rule, c.why);
            if let Some(reason) = &c.not_checked {
                let _ = writeln!(out, "       not checked: {}, because {reason}", c.rule);
            }
            for line in c.command.lines() {
                let _ = writeln!(out, "       {line}");
            }
            let _ = writeln!(out, "       then add {}", c.evidence_file);
        }
    }
    out.push('\n');
    out
}
