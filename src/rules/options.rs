//! Typed options of the built-in checks that take any: each such check declares a struct that
//! refuses unknown keys, so a misspelt option (`dayz = 60`) is an error at load (in the rule file,
//! or in `hybridlint.toml` with its line), never silently ignored. `explain` lists them.

use serde::de::DeserializeOwned;

/// One option a check takes, for `explain` and error messages.
#[derive(Debug, Clone, Copy)]
pub struct OptionDoc {
    pub key: &'static str,
    /// Its JSON Schema type (`integer`, `string`), for the configuration schema.
    pub json_type: &'static str,
    pub doc: &'static str,
}

/// What a built-in check accepts as options.
#[derive(Debug, Clone, Copy)]
pub struct OptionsSpec {
    pub keys: &'static [OptionDoc],
    /// Reads the table as the check's options struct; the error says what is wrong.
    pub validate: fn(&toml::Table) -> Result<(), String>,
}

/// Reads an options table as `T` (whose serde attributes deny unknown keys).
pub fn read<T: DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// Checks `table` against the options `name` accepts: none, or its spec.
pub fn validate(name: &str, table: &toml::Table) -> Result<(), String> {
    match super::builtin::options_spec(name) {
        Some(spec) => (spec.validate)(table).map_err(|e| {
            let known: Vec<&str> = spec.keys.iter().map(|k| k.key).collect();
            format!(
                "options of `{name}`: {e} (its options: {})",
                known.join(", ")
            )
        }),
        None if table.is_empty() => Ok(()),
        None => {
            let keys: Vec<&str> = table.keys().map(String::as_str).collect();
            Err(format!(
                "`{name}` takes no options, but is given {}",
                keys.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap_or_default()
    }

    #[test]
    fn a_misspelt_option_is_refused_and_a_right_one_accepted() {
        assert!(validate("cert/expires-soon", &table("days = 60")).is_ok());
        let e = validate("cert/expires-soon", &table("dayz = 60")).unwrap_err();
        assert!(e.contains("dayz") && e.contains("its options: days"), "{e}");
        let e = validate("cert/expires-soon", &table("days = -1")).unwrap_err();
        assert!(e.contains("days"), "{e}");
        assert!(validate("cert/expired", &table("")).is_ok());
        let e = validate("cert/expired", &table("days = 1")).unwrap_err();
        assert!(e.contains("takes no options"), "{e}");
        let e = validate("tenant/credential-missing", &table("appid = 'x'")).unwrap_err();
        assert!(e.contains("appid"), "{e}");
    }
}
