//! The `ignore` entries of `hybridlint.toml`: a string skips a rule everywhere (rule selection,
//! like `--ignore`); a table ignores a rule's findings in some files, with a required reason and
//! an optional last day. One array holds both, so `ignore = ["cert"]` keeps working beside the
//! `[[ignore]]` table form.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use time::Date;

/// One entry of `ignore`.
#[derive(Debug, Clone, PartialEq)]
pub enum IgnoreEntry {
    /// A rule id or area that does not run at all.
    Rule(String),
    /// Findings of a rule to drop, with the reason.
    Scoped(ScopedIgnore),
}

/// `[[ignore]] rule = "…" path = "…" reason = "…" until = "YYYY-MM-DD"`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopedIgnore {
    /// The rule id (`cert/der-encoded`) or area (`cert`) whose findings are ignored.
    #[schemars(length(min = 1))]
    pub rule: String,
    /// Which files: a glob (`scripts/**/*.ps1`) or a path prefix (`transcripts/2017`), relative to
    /// the folder of this file. Every file when left out.
    pub path: Option<String>,
    /// Why these findings are acceptable. Required: an ignore nobody can explain is a finding
    /// nobody fixed.
    #[schemars(length(min = 1))]
    pub reason: String,
    /// The last day the ignore applies (YYYY-MM-DD, judged against today's date). After it the
    /// findings are reported again, with a `config/ignore-expired` warning.
    pub until: Option<IgnoreUntil>,
}

/// A day written `"YYYY-MM-DD"` or as a TOML date (`2025-12-31`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IgnoreUntil(pub Date);

/// Glob characters: a `path` with one of these is a glob, otherwise a prefix.
const GLOB_CHARS: &[char] = &['*', '?', '[', '{'];

impl ScopedIgnore {
    /// What cannot be said by the types: a blank reason or rule, a bad glob, an absolute path.
    pub fn validate(&self) -> Result<(), String> {
        if self.rule.trim().is_empty() {
            return Err("`rule` is empty; name a rule id or area".into());
        }
        if self.reason.trim().is_empty() {
            return Err(format!(
                "`reason` is empty for rule `{}`; say why its findings are acceptable",
                self.rule
            ));
        }
        self.matcher().map(|_| ())
    }

    /// The `path` compiled once.
    pub fn matcher(&self) -> Result<PathMatcher, String> {
        let Some(raw) = &self.path else {
            return Ok(PathMatcher::Any);
        };
        let pattern = raw.replace('\\', "/");
        let pattern = pattern.trim_start_matches("./");
        if pattern.starts_with('/') || pattern.get(1..2) == Some(":") {
            return Err(format!(
                "path `{raw}` is absolute; write it relative to the folder of hybridlint.toml"
            ));
        }
        if pattern.contains(GLOB_CHARS) {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("path `{raw}` is not a valid glob: {e}"))?;
            return Ok(PathMatcher::Glob(glob.compile_matcher()));
        }
        let prefix = pattern.trim_end_matches('/');
        Ok(if prefix.is_empty() || prefix == "." {
            PathMatcher::Any
        } else {
            PathMatcher::Prefix(prefix.to_string())
        })
    }
}

/// Which files an ignore covers. Paths given to it are relative to the config file's folder,
/// with `/` separators.
#[derive(Debug, Clone)]
pub enum PathMatcher {
    Any,
    /// The path itself or anything under it (`scripts` covers `scripts/a.ps1`, not `scripts2/a.ps1`).
    Prefix(String),
    Glob(globset::GlobMatcher),
}

impl PathMatcher {
    pub fn matches(&self, path: Option<&str>) -> bool {
        match (self, path) {
            (PathMatcher::Any, _) => true,
            (_, None) => false,
            (PathMatcher::Prefix(p), Some(path)) => {
                path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
            (PathMatcher::Glob(g), Some(path)) => g.is_match(path),
        }
    }
}

impl IgnoreUntil {
    /// Whether the ignore no longer applies on `today` (it applies through its last day).
    pub fn expired(&self, today: Date) -> bool {
        today > self.0
    }
}

impl fmt::Display for IgnoreUntil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match self.0.format(&format) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{:?}", self.0),
        }
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &format).ok()
}

impl<'de> Deserialize<'de> for IgnoreUntil {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bad = |shown: &str| {
            de::Error::custom(format!(
                "`until = {shown}` is not a date in the form YYYY-MM-DD"
            ))
        };
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => parse_day(&s).map(IgnoreUntil).ok_or_else(|| bad(&s)),
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(day), None, None) => time::Month::try_from(day.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(day.year), m, day.day).ok())
                    .map(IgnoreUntil)
                    .ok_or_else(|| bad(&dt.to_string())),
                _ => Err(bad(&dt.to_string())),
            },
            other => Err(bad(&other.to_string())),
        }
    }
}

impl JsonSchema for IgnoreUntil {
    fn schema_name() -> Cow<'static, str> {
        "IgnoreUntil".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A day, YYYY-MM-DD (a TOML date or a string).",
            "type": "string",
            "format": "date"
        })
    }
}

impl<'de> Deserialize<'de> for IgnoreEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = IgnoreEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a rule id or area (\"cert/der-encoded\", \"cert\"), or a table with `rule`, `reason` and optionally `path` and `until`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IgnoreEntry, E> {
                Ok(IgnoreEntry::Rule(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<IgnoreEntry, A::Error> {
                // The table's own errors (a missing `reason`, an unknown key) come through as is.
                ScopedIgnore::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(IgnoreEntry::Scoped)
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

impl JsonSchema for IgnoreEntry {
    fn schema_name() -> Cow<'static, str> {
        "IgnoreEntry".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let scoped = generator.subschema_for::<ScopedIgnore>();
        json_schema!({
            "anyOf": [
                {
                    "description": "A rule id or area that does not run at all (like `--ignore`).",
                    "type": "string",
                    "minLength": 1
                },
                scoped
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scoped(path: Option<&str>) -> ScopedIgnore {
        ScopedIgnore {
            rule: "cert".into(),
            path: path.map(String::from),
            reason: "r".into(),
            until: None,
        }
    }

    fn matches(pattern: Option<&str>, path: Option<&str>) -> bool {
        scoped(pattern)
            .matcher()
            .unwrap_or_else(|e| panic!("{e}"))
            .matches(path)
    }

    #[test]
    fn prefixes_match_whole_components() {
        assert!(matches(Some("scripts"), Some("scripts/a.ps1")));
        assert!(matches(Some("./scripts/"), Some("scripts/sub/a.ps1")));
        assert!(matches(Some("scripts/a.ps1"), Some("scripts/a.ps1")));
        assert!(!matches(Some("scripts"), Some("scripts2/a.ps1")));
        assert!(!matches(Some("scripts"), None));
        assert!(matches(None, None));
        assert!(matches(Some("."), Some("x.cer")));
    }

    #[test]
    fn globs_do_not_cross_folders_with_one_star() {
        assert!(matches(Some("*.cer"), Some("a.cer")));
        assert!(!matches(Some("*.cer"), Some("certs/a.cer")));
        assert!(matches(Some("**/*.cer"), Some("certs/a.cer")));
        assert!(matches(
            Some("transcripts\\*.txt"),
            Some("transcripts/t.txt")
        ));
    }

    #[test]
    fn bad_paths_are_errors() {
        assert!(scoped(Some("/etc")).validate().is_err());
        assert!(scoped(Some("C:/x")).validate().is_err());
        assert!(scoped(Some("a/[b")).validate().is_err());
        let mut blank = scoped(None);
        blank.reason = "  ".into();
        assert!(blank.validate().unwrap_err().contains("reason"));
    }

    #[test]
    fn expiry_includes_the_last_day() {
        let until = IgnoreUntil(parse_day("2025-06-30").expect("date"));
        assert!(!until.expired(parse_day("2025-06-30").expect("date")));
        assert!(until.expired(parse_day("2025-07-01").expect("date")));
        assert_eq!(until.to_string(), "2025-06-30");
    }
}
