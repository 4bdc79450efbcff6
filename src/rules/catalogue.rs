//! The rule catalogue: rule files (`rules/<area>/<name>.toml`) parsed and validated. The built-in
//! files are embedded at build time; `--rules DIR` adds an organisation's own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::data_check::{CheckSpec, Patterns};
use crate::findings::Severity;
use crate::rule_description::RuleDescription;
use crate::steps::StepId;

/// The built-in rule files, embedded by `build.rs`: `(id, toml text)`.
const BUILTIN_RULE_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The same files as JSON, in the same order: `(id, json)`, converted by `build.rs` (`""` for one
/// that did not parse there). Every run reads them all at start; JSON reads several times faster
/// than TOML, and the rules stay TOML in the repository and in `--rules` folders.
const BUILTIN_RULES_JSON: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_rules_json.rs"));

/// A rule file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// A name a newcomer understands (`ExchangeCredentialMissing`).
    pub name: String,
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: String,
    /// What breaks, and which symptom a user sees.
    pub explanation: String,
    /// How to fix it, in general (each finding carries its own paste-ready fix).
    pub fix: String,
    /// Where the facts come from (documentation, blog posts, issues).
    pub references: Vec<String>,
    /// Symptom ids this rule can explain (used by `diagnose`).
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// The procedure step this rule judges (a step id of `procedures/*.toml`; checked at load by
    /// `procedure::catalogue::check_steps`). Without it, a finding
    /// belongs to the step of the command at its location, if any.
    #[serde(default)]
    pub step: Option<StepId>,
    /// What the step becomes when the rule fires: `failed` (done, and wrong) or `missing`.
    #[serde(default)]
    pub step_status: StepVerdict,
    /// When the rule is in force, for rules whose truth depends on the date (as zlint's lints
    /// carry effective dates): judged at `--now`.
    #[serde(default)]
    pub effective: Option<Effective>,
    /// Rules whose findings on the same line this rule's error makes moot: its fix replaces the
    /// command they judge (an upload that must not happen at all needs no better end date).
    #[serde(default)]
    pub outranks: Vec<String>,
    /// The checks; a rule fires when any of them does.
    pub check: Vec<CheckSpec>,
}

/// A rule's effective dates: from `from` (inclusive) until `until` (exclusive) it is in force at
/// its `severity`. Before `from` it is silent, or, with `severity-before`, it already reports at
/// that severity (a practice that is legacy before a date and wrong after it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Effective {
    /// `YYYY-MM-DD`, midnight UTC.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, midnight UTC: the rule no longer applies from this day.
    pub until: Option<String>,
    /// The severity before `from`; without it the rule does not run before then.
    pub severity_before: Option<Severity>,
    /// Why these dates (the announcement or documentation that sets them).
    pub source: String,
}

/// An effective date as written: `YYYY-MM-DD`, taken as midnight UTC.
fn effective_date(text: &str) -> Result<time::OffsetDateTime, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|e| format!("effective date `{text}` is not YYYY-MM-DD: {e}"))
}

impl Effective {
    fn validate(&self) -> Result<(), String> {
        let from = self.from.as_deref().map(effective_date).transpose()?;
        let until = self.until.as_deref().map(effective_date).transpose()?;
        if from.is_none() && until.is_none() {
            return Err("`[effective]` needs `from` or `until`".into());
        }
        if let (Some(f), Some(u)) = (from, until)
            && f >= u
        {
            return Err("`[effective]`: `from` must come before `until`".into());
        }
        if self.severity_before.is_some() && from.is_none() {
            return Err("`severity-before` needs `from`".into());
        }
        if self.source.trim().is_empty() {
            return Err("`[effective]` needs `source`: where the dates come from".into());
        }
        Ok(())
    }
}

impl RuleFile {
    /// The severity the rule reports at on `now`, or `None` when it is not in force then.
    pub fn severity_at(&self, now: time::OffsetDateTime) -> Option<Severity> {
        let Some(e) = &self.effective else {
            return Some(self.severity);
        };
        // Validated at load: a date that does not parse cannot reach here from the catalogue.
        let from = e.from.as_deref().and_then(|d| effective_date(d).ok());
        let until = e.until.as_deref().and_then(|d| effective_date(d).ok());
        if until.is_some_and(|u| now >= u) {
            return None;
        }
        match from {
            Some(f) if now < f => e.severity_before,
            _ => Some(self.severity),
        }
    }
}

/// What a rule firing says of the step it judges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepVerdict {
    /// The step was done, and is wrong.
    #[default]
    Failed,
    /// The step is absent from evidence that should show it.
    Missing,
}

/// A loaded rule: its id (the file's path under `rules/`, without `.toml`) and its definition.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub file: RuleFile,
    /// Where it was loaded from (`built-in` or a path), for error messages.
    pub origin: String,
}

impl Rule {
    /// The area is the part of the id before `/` (`tenant`, `cert`, …).
    pub fn area(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }

    /// The patterns of its `line-pattern` checks: the lines they match are held for judging
    /// when a file's text is otherwise dropped (`evidence::judged_lines`).
    pub fn line_patterns(&self) -> impl Iterator<Item = &str> + '_ {
        self.file.check.iter().filter_map(|c| match c {
            super::data_check::CheckSpec::LinePattern { pattern, .. } => Some(pattern.as_str()),
            _ => None,
        })
    }

    /// The rule as reporters describe it: its documentation, not its checks.
    pub fn description(&self) -> RuleDescription {
        let f = &self.file;
        RuleDescription {
            id: self.id.clone(),
            name: f.name.clone(),
            severity: f.severity,
            summary: f.summary.clone(),
            explanation: f.explanation.clone(),
            fix: f.fix.clone(),
            references: f.references.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("rule file {origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("cannot read rule folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn invalid(origin: &str, message: impl Into<String>) -> CatalogueError {
    CatalogueError::Invalid {
        origin: origin.to_string(),
        message: message.into(),
    }
}

/// Parse and validate one rule file.
pub fn parse_rule(id: &str, text: &str, origin: &str) -> Result<Rule, CatalogueError> {
    parse_rule_with(id, text, origin, Patterns::Compile)
}

/// Parse and validate one rule file, compiling its patterns or not (see `Patterns`).
fn parse_rule_with(
    id: &str,
    text: &str,
    origin: &str,
    patterns: Patterns,
) -> Result<Rule, CatalogueError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| invalid(origin, e.to_string()))?;
    validated(id, file, origin, patterns)
}

/// A built-in rule: read from its JSON form (see `BUILTIN_RULES_JSON`), or from its TOML when
/// that form is missing or does not read, so an error names the TOML as it is written.
fn parse_builtin(id: &str, text: &str, json: &str) -> Result<Rule, CatalogueError> {
    let origin = format!("rules/{id}.toml (built-in)");
    let file: RuleFile = crate::builtin_files::read(json, text).map_err(|e| invalid(&origin, e))?;
    validated(id, file, &origin, Patterns::CompiledByTest)
}

/// A rule file as read, checked: its id, the fields every rule documents, its checks.
fn validated(
    id: &str,
    file: RuleFile,
    origin: &str,
    patterns: Patterns,
) -> Result<Rule, CatalogueError> {
    validate_id(id).map_err(|m| invalid(origin, m))?;
    for (field, value) in [
        ("name", &file.name),
        ("summary", &file.summary),
        ("explanation", &file.explanation),
        ("fix", &file.fix),
    ] {
        if value.trim().is_empty() {
            return Err(invalid(
                origin,
                format!("`{field}` is empty; every rule documents it"),
            ));
        }
    }
    if file.references.is_empty() {
        return Err(invalid(
            origin,
            "`references` is empty; every rule cites its source",
        ));
    }
    if file.check.is_empty() {
        return Err(invalid(
            origin,
            "no `[[check]]`; a rule needs at least one check",
        ));
    }
    for check in &file.check {
        check.validate(patterns).map_err(|m| invalid(origin, m))?;
    }
    if let Some(e) = &file.effective {
        e.validate().map_err(|m| invalid(origin, m))?;
    }
    for other in &file.outranks {
        validate_id(other).map_err(|m| invalid(origin, format!("`outranks`: {m}")))?;
    }
    if file.step_status == StepVerdict::Missing && file.step.is_none() {
        return Err(invalid(
            origin,
            "`step-status = \"missing\"` needs `step`: the step the rule finds missing",
        ));
    }
    Ok(Rule {
        id: id.to_string(),
        file,
        origin: origin.to_string(),
    })
}

fn validate_id(id: &str) -> Result<(), String> {
    let ok = id.split('/').count() == 2
        && id.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "rule id `{id}` must be `<area>/<name>` in lower-case kebab-case (the file's path under rules/)"
        ))
    }
}

/// All rules: the built-in ones, then those under each extra folder. An extra rule with a built-in
/// id is an error: silently replacing a built-in rule would hide a check.
pub fn load(extra_dirs: &[PathBuf]) -> Result<Vec<Rule>, CatalogueError> {
    let mut rules = Vec::new();
    for (i, (id, text)) in BUILTIN_RULE_FILES.iter().enumerate() {
        let json = crate::builtin_files::json_of(BUILTIN_RULES_JSON, i, id);
        rules.push(parse_builtin(id, text, json)?);
    }
    for dir in extra_dirs {
        rules.extend(load_dir(dir)?);
    }
    let mut seen = BTreeSet::new();
    for rule in &rules {
        if !seen.insert(rule.id.clone()) {
            return Err(invalid(
                &rule.origin,
                format!("rule id `{}` is defined twice", rule.id),
            ));
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(rules)
}

/// Rules under `dir`, laid out like the built-in folder: `<dir>/<area>/<name>.toml`.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, CatalogueError> {
    let io = |source| CatalogueError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a folder",
        )));
    }
    let mut rules = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        // `symptoms/` beside the rules is the symptom catalogue, read by `diagnose`.
        if rel.starts_with("symptoms") {
            continue;
        }
        let id = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|source| CatalogueError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        rules.push(parse_rule(&id, &text, &path.display().to_string())?);
    }
    Ok(rules)
}

/// The ids of the built-in rules, for tests and docs.
pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN_RULE_FILES.iter().map(|(id, _)| *id).collect()
}

/// What to suggest for `pattern`, a rule id or area that names nothing: the id or area within
/// three edits, else the ids whose name (after `/`) contains the pattern's last part, as
/// "did you mean …?"; else a pointer to `hybridlint rules`.
pub fn did_you_mean(pattern: &str, rules: &[Rule]) -> String {
    let p: Vec<char> = pattern.chars().collect();
    let areas: BTreeSet<&str> = rules.iter().map(Rule::area).collect();
    let nearest = rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(areas.iter().copied())
        .map(|id| {
            let chars: Vec<char> = id.chars().collect();
            (crate::edit_distance::edit_distance(&p, &chars), id)
        })
        .filter(|(d, _)| *d <= 3)
        .min();
    if let Some((_, id)) = nearest {
        return format!("did you mean `{id}`?");
    }
    let last = pattern.rsplit('/').next().unwrap_or(pattern);
    let containing: Vec<String> = rules
        .iter()
        .filter(|r| !last.is_empty() && r.id.rsplit('/').next().is_some_and(|n| n.contains(last)))
        .map(|r| format!("`{}`", r.id))
        .collect();
    if containing.is_empty() {
        "see `hybridlint rules`".to_string()
    } else {
        format!("did you mean {}?", containing.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run reads the built-in rules from the JSON `build.rs` makes of them: each must be the
    /// rule its TOML is.
    #[test]
    fn builtin_rules_read_from_json_are_their_toml() {
        crate::builtin_files::assert_json_is_toml::<RuleFile>(
            BUILTIN_RULE_FILES,
            BUILTIN_RULES_JSON,
        );
        // A file the build could not convert is read from its TOML, whose error is reported.
        let err = parse_builtin("cert/broken", "severity = [", "").expect_err("not TOML");
        assert!(
            err.to_string()
                .starts_with("rule file rules/cert/broken.toml (built-in): "),
            "{err}"
        );
    }

    /// The run skips compiling the built-in rules' patterns (`Patterns::CompiledByTest`): this is
    /// the test that compiles them, so a bad pattern still fails before it ships.
    #[test]
    fn builtin_rules_validate_with_their_patterns() {
        for (id, text) in BUILTIN_RULE_FILES {
            if let Err(e) = parse_rule(id, text, id) {
                panic!("{e}");
            }
        }
        // And the full validation does compile: a bad pattern is refused.
        let (id, text) = BUILTIN_RULE_FILES
            .iter()
            .find(|(_, text)| text.contains(" matches = '"))
            .expect("a built-in rule with a `matches` pattern");
        let broken = text.replacen(" matches = '", " matches = '(", 1);
        let err = parse_rule(id, &broken, id).expect_err("an unclosed group is refused");
        assert!(
            err.to_string().contains("not a valid regular expression"),
            "{err}"
        );
        assert!(parse_rule_with(id, &broken, id, Patterns::CompiledByTest).is_ok());
    }
}
