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
    let schema = generator.into_root_schema_for::<ConfigFile>();
    let mut s =
        serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
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
