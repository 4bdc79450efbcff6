//! The JSON Schema of `hybridlint.toml`, generated from the config structs (`config::ConfigFile`)
//! and published as `docs/hybridlint.schema.json`, so editors (Taplo, Even Better TOML) complete
//! and check the file. A test fails when the published copy drifts from this.

use schemars::Schema;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::config::ConfigFile;

/// Where the repository publishes the schema.
pub const PUBLISHED_PATH: &str = "docs/hybridlint.schema.json";

/// The schema as pretty JSON with a final newline.
pub fn config_schema() -> String {
    // TOML has no null: an optional key is simply left out, so no `"null"` alternatives.
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(drop_null))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<ConfigFile>();
    describe_rule_options(&mut schema);
    let mut s =
        serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The options each built-in rule takes, under `rule-options`: an editor completes them and flags
/// a misspelt key, as hybridlint does when it loads the file.
fn describe_rule_options(schema: &mut Schema) {
    let Ok(rules) = crate::rules::catalogue::load(&[]) else {
        return;
    };
    let mut by_rule = serde_json::Map::new();
    for rule in &rules {
        let keys: Vec<_> = rule
            .file
            .check
            .iter()
            .filter_map(|c| match c {
                crate::rules::data_check::CheckSpec::Builtin { name, .. } => {
                    crate::rules::builtin::options_spec(name)
                }
                _ => None,
            })
            .flat_map(|spec| spec.keys)
            .collect();
        if keys.is_empty() {
            continue;
        }
        let properties: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| {
                (
                    k.key.to_string(),
                    serde_json::json!({ "type": k.json_type, "description": k.doc }),
                )
            })
            .collect();
        by_rule.insert(
            rule.id.clone(),
            serde_json::json!({
                "type": "object",
                "additionalProperties": false,
                "properties": properties,
            }),
        );
    }
    if let Some(rule_options) = schema
        .as_object_mut()
        .and_then(|o| o.get_mut("properties"))
        .and_then(|p| p.get_mut("rule-options"))
        .and_then(|r| r.as_object_mut())
    {
        rule_options.insert("properties".into(), serde_json::Value::Object(by_rule));
    }
}

/// Removes the `null` alternatives schemars gives `Option` fields: `"type": ["string", "null"]`
/// becomes `"type": "string"`, and an `anyOf` left with one alternative is merged into its parent.
fn drop_null(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            obj.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
        any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
        if let [Value::Object(only)] = any.as_slice() {
            let only = only.clone();
            obj.remove("anyOf");
            for (k, v) in only {
                obj.entry(k).or_insert(v);
            }
        }
    }
}
