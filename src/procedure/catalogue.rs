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

pub use crate::domain::procedure_ids::DEFAULT_PROCEDURE;

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
    /// The shell the on-premises steps of a generated fix run in (`Exchange Management Shell`).
    #[serde(default)]
    pub on_premises_shell: Option<String>,
    /// The values a generated fix script sets at its top, in order.
    #[serde(default)]
    pub value: Vec<FixValue>,
    /// The trust diagram: edges between the parties, each drawn from its steps' statuses.
    #[serde(default)]
    pub trust: Vec<Trust>,
}

/// A value a generated fix script sets at its top as a PowerShell variable: a constant, a
/// best-known fact of the evidence (`Model::best_known`), or a placeholder the user fills in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixValue {
    /// The variable, without `$` (`TenantId`).
    pub name: String,
    /// A constant (an application id).
    #[serde(default)]
    pub value: Option<String>,
    /// The best-known fact it takes (`tenant-id`, `certificate-path`, …).
    #[serde(default)]
    pub fact: Option<String>,
    /// A comment line written above it, always.
    #[serde(default)]
    pub comment: Option<String>,
    /// A comment line written above it when the evidence does not give the fact.
    #[serde(default)]
    pub if_unknown: Option<String>,
    /// The value when the evidence does not give the fact (a conventional path).
    #[serde(default)]
    pub default: Option<String>,
    /// What stands for it when neither the evidence nor a default gives it (`<tenant id>`).
    #[serde(default)]
    pub placeholder: Option<String>,
}

/// How a generated fix performs a step: a shared snippet with its arguments, or the step's own
/// guarded text (read the state, change it only when it is wrong) for its shell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StepFix {
    pub side: Side,
    #[serde(default)]
    pub snippet: Option<SnippetName>,
    /// The `[[value]]` holding the application id of the principal the step acts on.
    #[serde(default)]
    pub principal: Option<String>,
    /// `add-spn`: the name to add; `{fqdn}` is the checklist entry's subject.
    #[serde(default)]
    pub spn: Option<String>,
    /// What stands for the subject when the evidence names none.
    #[serde(default)]
    pub subject_placeholder: Option<String>,
    /// The step's own text, per shell. A step done once per subject reads it from `$Fqdn`.
    #[serde(default)]
    pub on_premises: Option<String>,
    #[serde(default)]
    pub graph: Option<String>,
    #[serde(default)]
    pub msonline: Option<String>,
    #[serde(default)]
    pub azuread: Option<String>,
}

/// Which shell runs a step's fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The on-premises management shell (`on-premises-shell`).
    OnPremises,
    /// The tenant's cmdlets (Graph, or MSOnline / AzureAD when asked).
    Tenant,
}

/// The shared tenant snippets a step's fix can name (`src/snippets/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnippetName {
    /// Connecting to the tenant: the tenant section's opening, nothing more.
    Connect,
    /// The certificate as a key credential of `principal`, unless it is there already.
    UploadCredential,
    /// `spn` added to `principal`'s list, never replacing it.
    AddSpn,
    /// `principal` enabled.
    EnablePrincipal,
}

/// An edge of the trust diagram.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Trust {
    /// Parties (of `parties`).
    pub from: String,
    pub to: String,
    pub label: String,
    /// The steps whose statuses colour the edge (the worst wins).
    pub steps: Vec<String>,
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
    /// How a generated fix performs it; without it, `fix` lists it "by hand".
    #[serde(default)]
    pub fix: Option<StepFix>,
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
        .lowered()
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
    let mut file: ProcedureFile =
        toml::from_str(text).map_err(|e| invalid(origin, e.to_string()))?;
    file.recognise = std::mem::take(&mut file.recognise)
        .into_iter()
        .map(Signal::lowered)
        .collect();
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
    validate_fix(&file).map_err(|m| invalid(origin, m))?;
    Ok(Procedure {
        id: id.to_string(),
        file,
        origin: origin.to_string(),
    })
}

/// The fix data holds together: values are variables with one source, a step's principal is a
/// value, a snippet has its arguments, a step without a snippet has text for its shell, and the
/// diagram's edges join parties through steps of this procedure.
fn validate_fix(file: &ProcedureFile) -> Result<(), String> {
    let mut names = BTreeSet::new();
    for v in &file.value {
        let variable = !v.name.is_empty()
            && v.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !v.name.starts_with(|c: char| c.is_ascii_digit());
        if !variable {
            return Err(format!(
                "value `{}`: not a PowerShell variable name",
                v.name
            ));
        }
        if !names.insert(v.name.as_str()) {
            return Err(format!("value `{}` appears twice", v.name));
        }
        if v.value.is_some() == v.fact.is_some() {
            return Err(format!(
                "value `{}`: give either `value` (a constant) or `fact` (from the evidence)",
                v.name
            ));
        }
        if let Some(fact) = &v.fact
            && !crate::model::KNOWN_FACTS.contains(&fact.as_str())
        {
            return Err(format!(
                "value `{}`: no fact `{fact}`; known: {}",
                v.name,
                crate::model::KNOWN_FACTS.join(", ")
            ));
        }
    }
    for s in &file.step {
        let Some(fix) = &s.fix else { continue };
        let step = &s.id;
        if let Some(p) = &fix.principal
            && !names.contains(p.as_str())
        {
            return Err(format!(
                "step `{step}`: principal `{p}` is not a [[value]] of this procedure"
            ));
        }
        let text = match fix.side {
            Side::OnPremises => fix.on_premises.is_some(),
            Side::Tenant => fix.graph.is_some(),
        };
        match fix.snippet {
            Some(SnippetName::Connect) if fix.side != Side::Tenant => {
                return Err(format!("step `{step}`: `connect` is a tenant snippet"));
            }
            Some(
                SnippetName::UploadCredential | SnippetName::EnablePrincipal | SnippetName::AddSpn,
            ) if fix.side != Side::Tenant || fix.principal.is_none() => {
                return Err(format!(
                    "step `{step}`: a tenant snippet needs side = \"tenant\" and `principal`"
                ));
            }
            Some(SnippetName::AddSpn) if fix.spn.is_none() => {
                return Err(format!("step `{step}`: `add-spn` needs `spn`"));
            }
            None if !text => {
                return Err(format!(
                    "step `{step}`: a fix without a snippet needs its text (`on-premises` or `graph`)"
                ));
            }
            _ => {}
        }
        if fix.side == Side::OnPremises && file.on_premises_shell.is_none() {
            return Err(format!(
                "step `{step}`: an on-premises fix needs the procedure's `on-premises-shell`"
            ));
        }
    }
    // The tenant section's opening reads these two variables (`snippets::tenant`).
    let tenant_steps = file
        .step
        .iter()
        .filter_map(|s| s.fix.as_ref())
        .any(|f| f.side == Side::Tenant);
    for needed in ["TenantId", "CertificatePath"] {
        if tenant_steps && !names.contains(needed) {
            return Err(format!(
                "a tenant step's fix needs a [[value]] `{needed}`: the tenant section connects with $TenantId and loads $CertificatePath"
            ));
        }
    }
    for t in &file.trust {
        for party in [&t.from, &t.to] {
            if !file.parties.contains(party) {
                return Err(format!(
                    "trust `{}`: `{party}` is not one of `parties`",
                    t.label
                ));
            }
        }
        if let Some(s) = t
            .steps
            .iter()
            .find(|s| !file.step.iter().any(|x| &x.id == *s))
        {
            return Err(format!(
                "trust `{}`: no step `{s}` in this procedure",
                t.label
            ));
        }
    }
    Ok(())
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

    /// A minimal procedure with `extra` appended (values, fix data, trust edges).
    fn with(extra: &str) -> String {
        format!(
            "title = \"t\"\nsummary = \"s\"\nparties = [\"a\", \"b\"]\nreferences = []\n{extra}"
        )
    }

    #[test]
    fn fix_data_that_does_not_hold_together_is_refused() {
        let recognise = "[[recognise]]\nwhy = \"w\"\ncmdlets = [\"New-AuthServer\"]\n";
        let good = with(&format!(
            "on-premises-shell = \"Exchange Management Shell\"\n\
             [[value]]\nname = \"ExchangeAppId\"\nvalue = \"00000002-0000-0ff1-ce00-000000000000\"\n\
             [[value]]\nname = \"TenantId\"\nfact = \"tenant-id\"\n\
             [[value]]\nname = \"CertificatePath\"\nfact = \"certificate-path\"\n\
             {recognise}\
             [[step]]\nid = \"x\"\ntitle = \"x\"\n[step.fix]\nside = \"tenant\"\nsnippet = \"upload-credential\"\nprincipal = \"ExchangeAppId\"\n\
             [[trust]]\nfrom = \"a\"\nto = \"b\"\nlabel = \"l\"\nsteps = [\"x\"]\n"
        ));
        assert!(
            parse("t", &good, "t.toml").is_ok(),
            "{:?}",
            parse("t", &good, "t.toml").err()
        );
        for (bad, says) in [
            (
                good.replace("principal = \"ExchangeAppId\"", "principal = \"LyncAppId\""),
                "is not a [[value]]",
            ),
            (
                good.replace("value = \"00000002", "fact = \"tenant-idd\"\n#"),
                "no fact `tenant-idd`",
            ),
            (
                good.replace("snippet = \"upload-credential\"\n", ""),
                "needs its text",
            ),
            (
                good.replace("side = \"tenant\"", "side = \"on-premises\""),
                "needs side = \"tenant\"",
            ),
            (
                good.replace("steps = [\"x\"]", "steps = [\"y\"]"),
                "no step `y`",
            ),
            (
                good.replace("to = \"b\"", "to = \"c\""),
                "`c` is not one of `parties`",
            ),
            (
                good.replace("name = \"ExchangeAppId\"", "name = \"Exchange AppId\""),
                "not a PowerShell variable",
            ),
        ] {
            let e = parse("t", &bad, "t.toml").expect_err(says);
            assert!(e.to_string().contains(says), "{e}");
        }
    }
}
