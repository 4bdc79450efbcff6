//! Every rule id or area `hybridlint.toml` names must exist: a typo in `select`, `ignore`,
//! `[severity]` or `[rule-options]` would otherwise change nothing, silently. The error names the
//! file, the line and the nearest id (`did you mean …?`).

use super::{Config, IgnoreEntry};
use crate::rules::{Rule, catalogue, names_any};

/// The first unknown rule id or area in the config, as an error message.
pub fn check(config: &Config, rules: &[Rule]) -> Result<(), String> {
    let file = config.shown_path().unwrap_or_default();
    let unknown = |what: &str, id: &str, line: u32| {
        Err(format!(
            "config file {file}, line {line}: {what} `{id}` names no rule{}: {}",
            if what == "severity" || what == "rule-options" {
                ""
            } else {
                " or area"
            },
            catalogue::did_you_mean(id, rules)
        ))
    };
    for id in &config.file.select {
        if !names_any(id, rules) {
            return unknown("select", id, line_naming(config, id));
        }
    }
    for entry in &config.file.ignore {
        if let IgnoreEntry::Rule(id) = entry.get_ref()
            && !names_any(id, rules)
        {
            return unknown("ignore", id, config.line_of(entry.span().start));
        }
    }
    for id in config.file.severity.keys() {
        if !rules.iter().any(|r| &r.id == id) {
            return unknown("severity", id, line_naming(config, id));
        }
    }
    for (id, given) in &config.file.rule_options {
        let Some(rule) = rules.iter().find(|r| &r.id == id) else {
            return unknown("rule-options", id, line_naming(config, id));
        };
        // Each built-in check of the rule reads its own options merged with these: a key none of
        // them takes (`dayz = 60`) is an error, not silently ignored.
        for check in &rule.file.check {
            let crate::rules::data_check::CheckSpec::Builtin { name, options } = check else {
                continue;
            };
            let mut merged = options.clone();
            merged.extend(given.clone());
            if let Err(e) = crate::rules::options::validate(name, &merged) {
                let line = given
                    .keys()
                    .filter_map(|k| {
                        config
                            .text
                            .lines()
                            .position(|l| l.trim_start().starts_with(k.as_str()))
                    })
                    .min()
                    .map_or_else(|| line_naming(config, id), |i| i as u32 + 1);
                return Err(format!("config file {file}, line {line}: {e}"));
            }
        }
    }
    Ok(())
}

/// The line where `id` first appears quoted in the file (`select` entries and table keys carry
/// no position once parsed); line 1 if it cannot be found.
fn line_naming(config: &Config, id: &str) -> u32 {
    ["\"", "'"]
        .iter()
        .filter_map(|q| config.text.find(&format!("{q}{id}{q}")))
        .min()
        .map_or(1, |offset| config.line_of(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config {
            file: toml::from_str(text).expect("valid TOML"),
            path: Some("hybridlint.toml".into()),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_misspelt_rule_option_is_an_error_with_its_line() {
        let rules = catalogue::load(&[]).expect("rules");
        let c = config("[rule-options.\"cert/expires-soon\"]\ndayz = 60\n");
        let e = check(&c, &rules).expect_err("unknown option");
        assert!(
            e.contains("line 2") && e.contains("dayz") && e.contains("its options: days"),
            "{e}"
        );
        let c = config("[rule-options.\"cert/expires-soon\"]\ndays = 60\n");
        assert!(check(&c, &rules).is_ok());
        let c = config("[rule-options.\"cert/expired\"]\ndays = 60\n");
        let e = check(&c, &rules).expect_err("no options");
        assert!(e.contains("takes no options"), "{e}");
    }

    #[test]
    fn an_unknown_id_names_its_line_and_the_nearest_rule() {
        let rules = catalogue::load(&[]).expect("rules");
        let c =
            config("sip-domain = \"contoso.com\"\n\n[severity]\n\"cert/der-encode\" = \"error\"\n");
        let e = check(&c, &rules).expect_err("unknown");
        assert!(
            e.contains("line 4") && e.contains("did you mean `cert/der-encoded`?"),
            "{e}"
        );
        let c = config("select = [\"tenant\",\n  \"guid/truncatd\"]\n");
        let e = check(&c, &rules).expect_err("unknown");
        assert!(
            e.contains("line 2") && e.contains("`guid/truncated`"),
            "{e}"
        );
        let c = config("ignore = [\"transcrpt\"]\n");
        let e = check(&c, &rules).expect_err("unknown");
        assert!(e.contains("line 1") && e.contains("`transcript`"), "{e}");
        assert!(check(&config("select = [\"cert\"]\n"), &rules).is_ok());
    }
}
