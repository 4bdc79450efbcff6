//! `hybridlint.toml`: expected facts, rule selection, ignores with reasons, severity overrides,
//! rule options and the baseline. A bad file is an error that names the file and the problem; it
//! is never silently ignored. `docs/hybridlint.schema.json` is generated from these structs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::findings::Severity;

pub mod discover;
mod ignore;
pub mod rule_ids;

pub use ignore::{IgnoreEntry, IgnoreUntil, PathMatcher, ScopedIgnore, parse_day};

pub use crate::evidence::discover::CONFIG_FILE_NAME as FILE_NAME;

/// hybridlint's settings for the evidence in this folder: expected facts, which rules run, what is
/// ignored and why, severities, rule options and the baseline. Flags given on the command line win.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "hybridlint.toml")]
pub struct ConfigFile {
    /// The tenant id (GUID) the evidence should name.
    pub tenant_id: Option<String>,
    /// The default SIP domain (the realm of the on-premises deployment).
    pub sip_domain: Option<String>,
    /// External web services FQDNs, one per pool.
    #[serde(default)]
    pub web_fqdns: Vec<String>,
    /// Rule ids or areas to run (all when empty).
    #[serde(default)]
    pub select: Vec<String>,
    /// What not to report. A string (a rule id or area) skips the rule everywhere, like `--ignore`.
    /// A table ignores a rule's findings in some files, with a reason and an optional last day:
    /// `{ rule = "cert/der-encoded", path = "legacy/", reason = "…", until = "2025-12-31" }`,
    /// usually written as `[[ignore]]` tables.
    #[serde(default)]
    #[schemars(with = "Vec<IgnoreEntry>")]
    pub ignore: Vec<toml::Spanned<IgnoreEntry>>,
    /// Extra rule folders, relative to the config file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Severity per rule id: `"cert/der-encoded" = "error"`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Options per rule id, passed to its built-in check: `[rule-options."cert/expires-soon"] days = 60`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, serde_json::Value>>")]
    pub rule_options: BTreeMap<String, toml::Table>,
    /// A baseline file written by `--write-baseline`, relative to this file: its findings are
    /// accepted and only new ones are reported. `--baseline FILE` wins.
    pub baseline: Option<PathBuf>,
}

impl ConfigFile {
    /// The rule ids and areas skipped everywhere (the string entries of `ignore`).
    pub fn ignored_rules(&self) -> Vec<String> {
        self.ignore
            .iter()
            .filter_map(|e| match e.get_ref() {
                IgnoreEntry::Rule(r) => Some(r.clone()),
                IgnoreEntry::Scoped(_) => None,
            })
            .collect()
    }

    /// The ignores with a reason (the table entries of `ignore`), with their byte offset in the file.
    pub fn scoped_ignores(&self) -> Vec<(usize, &ScopedIgnore)> {
        self.ignore
            .iter()
            .filter_map(|e| match e.get_ref() {
                IgnoreEntry::Scoped(s) => Some((e.span().start, s)),
                IgnoreEntry::Rule(_) => None,
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{0}")]
    Ambiguous(String),
}

/// A loaded config file and the folder its relative paths are resolved against.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
    /// The file's text, so findings about its entries can show their line.
    pub text: String,
}

impl Config {
    /// Loads `explicit`, or else the `hybridlint.toml` the PATHs find (see `discover`); nothing
    /// with `isolated`. No file found is fine: everything has defaults.
    pub fn discover(
        explicit: Option<&Path>,
        paths: &[PathBuf],
        isolated: bool,
    ) -> Result<Config, ConfigError> {
        if let Some(p) = explicit {
            return Self::load(p);
        }
        if isolated {
            return Ok(Config::default());
        }
        match discover::for_paths(paths).map_err(ConfigError::Ambiguous)? {
            Some(file) => Self::load(Path::new(&discover::shown(&file))),
            None => Ok(Config::default()),
        }
    }

    /// The config file as reports name it (relative to the current folder when under it).
    pub fn shown_path(&self) -> Option<String> {
        self.path.as_deref().map(discover::shown)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let config = Config {
            file,
            path: Some(path.to_path_buf()),
            text,
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: self.path.clone().unwrap_or_default(),
            message,
        };
        if let Some(t) = &self.file.tenant_id
            && !crate::guid::is_guid(t)
        {
            return Err(invalid(format!(
                "tenant-id `{t}` is not a GUID (8-4-4-4-12 hex digits)"
            )));
        }
        for fqdn in &self.file.web_fqdns {
            crate::hostname::parse_host_name(fqdn)
                .map_err(|m| invalid(format!("web-fqdns: {m}")))?;
        }
        for (offset, entry) in self.file.scoped_ignores() {
            entry.validate().map_err(|m| {
                invalid(format!("[[ignore]] at line {}: {m}", self.line_of(offset)))
            })?;
        }
        Ok(())
    }

    /// The folder the file's relative paths are resolved against (empty: the current folder).
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Extra rule folders, resolved against the config file's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let base = self.base_dir();
        self.file.rules.iter().map(|r| base.join(r)).collect()
    }

    /// The `baseline` file, resolved against the config file's folder.
    pub fn baseline(&self) -> Option<PathBuf> {
        self.file.baseline.as_ref().map(|b| self.base_dir().join(b))
    }

    /// The 1-based line of a byte offset in the file.
    pub fn line_of(&self, offset: usize) -> u32 {
        let before = self.text.get(..offset).unwrap_or(&self.text);
        u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX)
    }

    /// The text of a 1-based line of the file.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        self.text.lines().nth((line as usize).checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: PathBuf::from(FILE_NAME),
            message: e.to_string(),
        })?;
        let config = Config {
            file,
            path: Some(PathBuf::from(FILE_NAME)),
            text: text.to_string(),
        };
        config.validate()?;
        Ok(config)
    }

    #[test]
    fn ignore_strings_and_tables_in_one_array() {
        let c = parse(
            "ignore = [\"transcript\", { rule = \"cert/der-encoded\", reason = \"the CA issues DER\" }]\n",
        )
        .expect("valid");
        assert_eq!(c.file.ignored_rules(), ["transcript"]);
        assert_eq!(c.file.scoped_ignores().len(), 1);
    }

    #[test]
    fn ignore_tables_know_their_line() {
        let text = "sip-domain = \"contoso.com\"\n\n[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nuntil = 2025-06-30\n\n[[ignore]]\nrule = \"guid\"\npath = \"legacy/\"\nreason = \"r\"\nuntil = \"2026-01-31\"\n";
        let c = parse(text).expect("valid");
        let lines: Vec<u32> = c
            .file
            .scoped_ignores()
            .iter()
            .map(|(o, _)| c.line_of(*o))
            .collect();
        assert_eq!(lines, [3, 8], "the `[[ignore]]` header lines");
        let until: Vec<String> = c
            .file
            .scoped_ignores()
            .iter()
            .map(|(_, s)| s.until.map(|u| u.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(until, ["2025-06-30", "2026-01-31"]);
    }

    #[test]
    fn bad_ignores_are_errors_naming_the_file() {
        for (text, needle) in [
            ("[[ignore]]\nrule = \"cert\"\n", "reason"),
            ("[[ignore]]\nrule = \"cert\"\nreason = \" \"\n", "reason"),
            (
                "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nuntil = \"2025-13-01\"\n",
                "2025-13-01",
            ),
            (
                "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nuntil = 2025-06-01T10:00:00\n",
                "YYYY-MM-DD",
            ),
            (
                "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\nwhy = \"x\"\n",
                "why",
            ),
            (
                "[[ignore]]\nrule = \"cert\"\nreason = \"r\"\npath = \"/abs\"\n",
                "absolute",
            ),
            (
                "ignore = [\"cert\"]\n[[ignore]]\nrule = \"cert\"\nreason = \"r\"\n",
                "ignore",
            ),
            ("ignore = [3]\n", "rule id or area"),
        ] {
            let err = parse(text).expect_err(text).to_string();
            assert!(err.contains(FILE_NAME), "{err}");
            assert!(err.contains(needle), "`{needle}` in {err}");
        }
    }
}
