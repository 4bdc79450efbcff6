//! Rule documentation rendered from the rule files: what `hybridlint explain` prints.

use std::fmt::Write as _;

use crate::rules::Rule;

pub fn rule_markdown(rule: &Rule) -> String {
    let f = &rule.file;
    let mut s = String::new();
    let _ = writeln!(s, "# {} ({})\n", rule.id, f.name);
    let _ = writeln!(s, "Default severity: {}\n", f.severity);
    let _ = writeln!(s, "{}\n", f.summary.trim());
    let _ = writeln!(s, "## Why it matters\n\n{}\n", f.explanation.trim());
    let _ = writeln!(s, "## How to fix it\n\n{}\n", f.fix.trim());
    if !f.symptoms.is_empty() {
        let _ = writeln!(s, "## Symptoms it can explain\n");
        for sym in &f.symptoms {
            let _ = writeln!(s, "- {sym}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## References\n");
    for r in &f.references {
        let _ = writeln!(s, "- {r}");
    }
    s
}
