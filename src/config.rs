//! `hybridlint.toml`: expected facts, rule selection, severity overrides and rule options. A bad
//! file is an error that names the file and the problem; it is never silently ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::findings::Severity;

pub const FILE_NAME: &str = "hybridlint.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
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
    /// Rule ids or areas to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Extra rule folders, relative to the config file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Severity per rule id: `"cert/der-encoded" = "error"`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Options per rule id, passed to its built-in check: `[rule-options."cert/expires-soon"] days = 60`.
    #[serde(default)]
    pub rule_options: BTreeMap<String, toml::Table>,
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
}

/// A loaded config file and the folder its relative paths are resolved against.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
}

impl Config {
    /// Loads `explicit`, or else `hybridlint.toml` in the first path given (if a folder), or else
    /// in the current folder. No file found is fine: everything has defaults.
    pub fn discover(
        explicit: Option<&Path>,
        first_path: Option<&Path>,
    ) -> Result<Config, ConfigError> {
        if let Some(p) = explicit {
            return Self::load(p);
        }
        let candidates = first_path
            .filter(|p| p.is_dir())
            .map(|p| p.join(FILE_NAME))
            .into_iter()
            .chain(std::iter::once(PathBuf::from(FILE_NAME)));
        for c in candidates {
            if c.is_file() {
                return Self::load(&c);
            }
        }
        Ok(Config::default())
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
        Ok(())
    }

    /// Extra rule folders, resolved against the config file's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.file.rules.iter().map(|r| base.join(r)).collect()
    }
}
