//! `hybridlint procedures` as text: each integration with its parties, how evidence is
//! recognised as it, and its steps.

use super::catalogue::{DEFAULT_PROCEDURE, Procedure};

pub fn human(procedures: &[Procedure]) -> String {
    let mut out = String::new();
    for p in procedures {
        let default = if p.id == DEFAULT_PROCEDURE {
            " (the default: evidence naming no particular integration is judged as it)"
        } else {
            ""
        };
        out.push_str(&format!("{}  {}{default}\n", p.id, p.file.title));
        out.push_str(&format!(
            "  parties: {}\n",
            p.file.party_names().join(" · ")
        ));
        out.push_str("  recognised by:\n");
        for s in &p.file.recognise {
            let weak = if s.weak { "weakly: " } else { "" };
            out.push_str(&format!("    - {weak}{}\n", s.why));
        }
        let steps: Vec<&str> = p.file.step.iter().map(|s| s.id.as_str()).collect();
        out.push_str(&format!("  steps: {}\n", steps.join(", ")));
        if !p.file.rules.is_empty() {
            out.push_str(&format!("  rules: {}\n", p.file.rules.join(", ")));
        }
        out.push('\n');
    }
    out.push_str("Evidence recognised by a signal that is not \"weakly\" is judged as those procedures only; weak signals count when nothing else is recognised. Choose one with `--procedure ID`.\n");
    out
}
