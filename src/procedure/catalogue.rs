//! The procedure catalogue: `procedures/<id>.toml` parsed and validated. The built-in files are
//! embedded by `build.rs`; `--procedures DIR` adds an organisation's own (a file with a built-in
//! id replaces it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::signal::Signal;
use crate::steps::StepId;

/// The built-in procedure files, embedded by `build.rs`: `(id, toml text)`.
const BUILTIN_PROCEDURE_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_procedures.rs"));

/// The procedure evidence is judged as when nothing in it names a particular integration (a
/// certificate alone, probes): the one hybridlint was first written for.
pub const DEFAULT_PROCEDURE: &str = "sfb-exchange-online";

/// A procedure file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProcedureFile {
    pub title: String,
    /// One paragraph: who trusts whom, and how.
    pub summary: String,
    /// The parties of the trust, on premises first.
    pub parties: Vec<String>,
    pub references: Vec<String>,
    /// The rules that judge this procedure's steps: they run only on evidence recognised as it.
    #[serde(default)]
    pub rules: Vec<String>,
    /// How evidence is recognised as this procedure: any signal matching is enough.
    pub recognise: Vec<Signal>,
    /// The steps, in order.
    pub step: Vec<Step>,
}

/// One step of a procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Step {
    /// Stable id; the steps of today's checklist keep their ids (`export-certificate`, …).
    pub id: String,
    pub title: String,
    /// One step per external web services FQDN, titled with `{fqdn}` replaced; the step itself
    /// (with `title`) when no FQDN is known.
    #[serde(default)]
    pub each_web_fqdn: Option<String>,
    /// `probes`: a step only when probes ran.
    #[serde(default)]
    pub when: Option<String>,
    /// The commands that perform the step (matched as recognition signals are), for procedures
    /// whose steps the checklist has no dedicated evidence for.
    #[serde(default)]
    pub cmdlets: Vec<String>,
    #[serde(default)]
    pub with_any: Vec<String>,
    #[serde(default)]
    pub without: Vec<String>,
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Method calls that perform it (`$cert.Export(…)`).
    #[serde(default)]
    pub methods: Vec<String>,
}

impl Step {
    /// The step's performing commands as a signal.
    pub fn signal(&self) -> Signal {
        Signal {
            why: String::new(),
            cmdlets: self.cmdlets.clone(),
            with_any: self.with_any.clone(),
            without: self.without.clone(),
            mentions: self.mentions.clone(),
            weak: false,
        }
    }
}

/// A loaded procedure.
#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: String,
    pub file: ProcedureFile,
    /// `built-in` or the path it was read from.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProcedureError {
    #[error("procedure file {origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("cannot read procedure folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn invalid(origin: &str, message: impl Into<String>) -> ProcedureError {
    ProcedureError::Invalid {
        origin: origin.to_string(),
        message: message.into(),
    }
}

/// Parses and validates one procedure file.
pub fn parse(id: &str, text: &str, origin: &str) -> Result<Procedure, ProcedureError> {
    let file: ProcedureFile = toml::from_str(text).map_err(|e| invalid(origin, e.to_string()))?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            origin,
            format!("the id `{id}` (the file name) must be lower-case letters, digits and `-`"),
        ));
    }
    if file.recognise.is_empty() {
        return Err(invalid(
            origin,
            "no [[recognise]] signal: it could never apply",
        ));
    }
    if let Some(s) = file.recognise.iter().find(|s| s.is_empty()) {
        return Err(invalid(
            origin,
            format!("the signal `{}` names no cmdlet and no mention", s.why),
        ));
    }
    if file.step.is_empty() {
        return Err(invalid(origin, "no [[step]]"));
    }
    let mut seen = BTreeSet::new();
    for s in &file.step {
        if !seen.insert(s.id.as_str()) {
            return Err(invalid(origin, format!("step `{}` appears twice", s.id)));
        }
        s.id.parse::<StepId>().map_err(|e| invalid(origin, e))?;
        if let Some(w) = s.when.as_deref().filter(|w| *w != "probes") {
            return Err(invalid(
                origin,
                format!(
                    "step `{}`: `when = \"{w}\"` is not known (only \"probes\")",
                    s.id
                ),
            ));
        }
    }
    Ok(Procedure {
        id: id.to_string(),
        file,
        origin: origin.to_string(),
    })
}

/// The built-in procedures and those in `dirs` (`*.toml`, not recursive), the default first and
/// the others by id.
pub fn load(dirs: &[PathBuf]) -> Result<Vec<Procedure>, ProcedureError> {
    let mut all = Vec::new();
    for (id, text) in BUILTIN_PROCEDURE_FILES {
        all.push(parse(id, text, &format!("built-in procedures/{id}.toml"))?);
    }
    for dir in dirs {
        for path in toml_files(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|source| ProcedureError::Io {
                path: path.clone(),
                source,
            })?;
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let p = parse(&id, &text, &path.display().to_string())?;
            all.retain(|q: &Procedure| q.id != p.id);
            all.push(p);
        }
    }
    all.sort_by(|a, b| (a.id != DEFAULT_PROCEDURE, &a.id).cmp(&(b.id != DEFAULT_PROCEDURE, &b.id)));
    Ok(all)
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, ProcedureError> {
    let io = |source| ProcedureError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    Ok(out)
}

/// Checks that every rule a procedure names exists.
pub fn check_rules(procedures: &[Procedure], rule_ids: &[&str]) -> Result<(), ProcedureError> {
    for p in procedures {
        if let Some(r) = p
            .file
            .rules
            .iter()
            .find(|r| !rule_ids.contains(&r.as_str()))
        {
            return Err(invalid(&p.origin, format!("rule `{r}` does not exist")));
        }
    }
    Ok(())
}

/// Every step id of these procedures.
pub fn step_ids(procedures: &[Procedure]) -> BTreeSet<&str> {
    procedures
        .iter()
        .flat_map(|p| p.file.step.iter().map(|s| s.id.as_str()))
        .collect()
}

/// Checks that each step a rule, symptom or cmdlet names (`(who names it, the step)`) is a step
/// of a procedure; for a rule that procedures name, a step of one of those. Without this, a
/// misspelt step would leave the rule's findings off the checklist without a word.
pub fn check_steps<'a>(
    procedures: &[Procedure],
    named: impl IntoIterator<Item = (&'a str, &'a StepId)>,
) -> Result<(), String> {
    let all = step_ids(procedures);
    for (who, step) in named {
        let owners: Vec<&Procedure> = procedures
            .iter()
            .filter(|p| p.file.rules.iter().any(|r| r == who))
            .collect();
        let known = if owners.is_empty() {
            all.contains(step.as_str())
        } else {
            owners
                .iter()
                .any(|p| p.file.step.iter().any(|s| s.id == step.as_str()))
        };
        if !known {
            let scope = if owners.is_empty() {
                "any procedure".to_string()
            } else {
                let ids: Vec<&str> = owners.iter().map(|p| p.id.as_str()).collect();
                format!("the procedure(s) that name it ({})", ids.join(", "))
            };
            return Err(format!(
                "{who} names step `{step}`, which is not a step of {scope}; see `hybridlint procedures`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_procedures_load_with_the_default_first() {
        let all = load(&[]).expect("built-in procedures are valid");
        assert_eq!(all[0].id, DEFAULT_PROCEDURE);
        assert!(all.len() >= 5, "{} procedures", all.len());
    }

    #[test]
    fn a_step_twice_is_refused() {
        let text = r#"
title = "t"
summary = "s"
parties = ["a"]
references = []
[[recognise]]
why = "w"
cmdlets = ["New-AuthServer"]
[[step]]
id = "x"
title = "x"
[[step]]
id = "x"
title = "y"
"#;
        let e = parse("t", text, "t.toml").expect_err("refused");
        assert!(e.to_string().contains("step `x` appears twice"), "{e}");
    }
}
