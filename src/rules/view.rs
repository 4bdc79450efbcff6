//! The model as JSON for data checks, serialised only as far as the selected checks look: a
//! check names a collection (`configuration.oauth_servers`), and only its first segment's part
//! of the model is turned into JSON. Serialising everything (every command, record and
//! certificate of a large evidence folder) cost more time and memory than all the rules.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::model::Model;

/// The model's top-level fields `roots` names, as one JSON object (the others left out).
pub fn view(model: &Model, roots: &BTreeSet<&str>) -> Json {
    let mut map = Map::new();
    for root in roots {
        if let Some(value) = field(model, root) {
            map.insert((*root).to_string(), value);
        }
    }
    Json::Object(map)
}

fn json(value: &impl Serialize) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// One top-level field of the model as JSON, by its serialised name.
fn field(model: &Model, name: &str) -> Option<Json> {
    let m = model;
    Some(match name {
        "files" => json(&m.files),
        "problems" => json(&m.problems),
        "certificates" => json(&m.certificates),
        "not_certificates" => json(&m.not_certificates),
        "private_keys" => json(&m.private_keys),
        "commands" => json(&m.commands),
        "method_calls" => json(&m.method_calls),
        "assignments" => json(&m.assignments),
        "records" => json(&m.records),
        "errors" => json(&m.errors),
        "prompts" => json(&m.prompts),
        "parse_errors" => json(&m.parse_errors),
        "broken_continuations" => json(&m.broken_continuations),
        "secrets" => json(&m.secrets),
        "configuration" => json(&m.configuration),
        "probes" => json(&m.probes),
        "expected" => json(&m.expected),
        "now" => Json::String(
            m.now
                .format(&time::format_description::well_known::Rfc3339)
                .ok()?,
        ),
        _ => return None,
    })
}
