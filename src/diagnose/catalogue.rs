//! The symptom catalogue: one file per symptom, `rules/symptoms/<id>.toml`, embedded like the
//! rules. Each names the text users see, patterns that find it in transcripts, and its causes in
//! order of how directly they explain it, each a rule id with the command that gathers the
//! evidence that rule needs.

use serde::Deserialize;

use crate::rules::Rule;

const BUILTIN_SYMPTOM_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_symptoms.rs"));

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SymptomFile {
    pub title: String,
    /// The exact texts users see or paste (an OWA banner, an error line).
    pub seen_as: Vec<String>,
    /// Other words people use for it ("meeting details", "presence"): free text given to
    /// `--symptom` is matched against these too.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Diagnose any error record in a transcript that no other symptom's pattern explains as this
    /// symptom (the catch-all for a failed command).
    #[serde(default)]
    pub any_error_record: bool,
    /// Regular expressions that find the symptom in transcript lines.
    #[serde(default)]
    pub evidence_patterns: Vec<String>,
    pub explanation: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(rename = "cause")]
    pub causes: Vec<Cause>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Cause {
    /// The rule whose findings show this cause.
    pub rule: String,
    /// How the cause produces the symptom.
    pub why: String,
    /// The checklist step whose being done rules the cause out (default: the rule's step).
    #[serde(default)]
    pub step: Option<crate::steps::StepId>,
    /// The command that gathers the evidence the rule needs (on premises, or `hybridlint
    /// probe`); `<sip domain>`, `<external web services FQDN>` and `<tenant id>` are filled in
    /// from the evidence, each as a single-quoted literal.
    #[serde(default)]
    pub command: Option<String>,
    /// Or a tenant query, written in the cmdlets asked for (`--cmdlets`): `credentials` (the
    /// key credentials of `app`, with their values) or `principal` (its state and SPNs).
    #[serde(default)]
    pub show: Option<TenantQuery>,
    /// The application id the tenant query is about.
    #[serde(default)]
    pub app: Option<String>,
    /// What to add to the evidence.
    pub evidence_file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TenantQuery {
    Credentials,
    Principal,
}

#[derive(Debug, Clone)]
pub struct Symptom {
    pub id: String,
    pub file: SymptomFile,
    pub patterns: Vec<regex::Regex>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid symptom file rules/symptoms/{id}.toml: {message}")]
pub struct SymptomError {
    pub id: String,
    pub message: String,
}

/// Loads the built-in symptoms and checks that every cause names a rule in `rules`.
pub fn load(rules: &[Rule]) -> Result<Vec<Symptom>, SymptomError> {
    let mut out = Vec::new();
    for (id, text) in BUILTIN_SYMPTOM_FILES {
        let error = |message: String| SymptomError {
            id: (*id).to_string(),
            message,
        };
        let file: SymptomFile = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        for cause in &file.causes {
            if !rules.iter().any(|r| r.id == cause.rule) {
                return Err(error(format!("cause names unknown rule `{}`", cause.rule)));
            }
            match (&cause.command, &cause.show, &cause.app) {
                (Some(_), None, None) | (None, Some(_), Some(_)) => {}
                _ => {
                    return Err(error(format!(
                        "cause `{}` needs either `command` or both `show` and `app`",
                        cause.rule
                    )));
                }
            }
        }
        if file.seen_as.is_empty() || file.causes.is_empty() {
            return Err(error(
                "needs `seen-as` texts and at least one [[cause]]".into(),
            ));
        }
        let patterns = file
            .evidence_patterns
            .iter()
            .map(|p| regex::Regex::new(p).map_err(|e| error(format!("pattern `{p}`: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Symptom {
            id: (*id).to_string(),
            file,
            patterns,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
