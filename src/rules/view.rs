//! The model as JSON for data checks, serialised only as far as the selected checks look: a
//! check names a collection (`configuration.oauth_servers`), and only its first segment's part
//! of the model is turned into JSON. Serialising everything (every command, record and
//! certificate of a large evidence folder) cost more time and memory than all the rules.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::model::Model;

/// The parts of the model `roots` names (top-level fields, or `configuration.<part>`), as one
/// JSON object shaped like the whole model's serialisation, the other parts left out.
pub fn view(model: &Model, roots: &BTreeSet<&str>) -> Json {
    let mut map = Map::new();
    let mut configuration = Map::new();
    let whole_configuration = roots.contains("configuration");
    for root in roots {
        match root.split_once('.') {
            Some(("configuration", part)) if !whole_configuration => {
                match crate::model::json::configuration_field(&model.configuration, part) {
                    Some(Some(value)) => {
                        configuration.insert(part.to_string(), value);
                    }
                    // Left out of the serialisation when empty, as the whole model leaves it.
                    Some(None) => {}
                    // A part this list does not know: the whole configuration, to be safe.
                    None => {
                        map.insert("configuration".into(), json(&model.configuration));
                        configuration.clear();
                        break;
                    }
                }
            }
            Some(_) => {}
            None => {
                if let Some(value) = crate::model::json::field(model, root) {
                    map.insert((*root).to_string(), value);
                }
            }
        }
    }
    if !configuration.is_empty() {
        map.insert("configuration".into(), Json::Object(configuration));
    }
    Json::Object(map)
}

fn json(value: &impl Serialize) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExpectedFacts;

    #[test]
    fn each_part_of_the_configuration_serialises_as_in_the_whole() {
        let mut model = Model::new(
            time::macros::datetime!(2025-06-01 0:00 UTC),
            ExpectedFacts::default(),
        );
        model.configuration.tenant_ids.push(crate::model::Fact {
            value: "t".into(),
            location: crate::model::Location::new("a.ps1", 1, 1, 1),
            source: crate::model::FactSource::Expected,
            outcome: crate::model::Outcome::Unknown,
            unknown: None,
            form: None,
        });
        let Json::Object(whole) = json(&model.configuration) else {
            panic!("the configuration serialises as an object");
        };
        for (name, value) in &whole {
            assert_eq!(
                crate::model::json::configuration_field(&model.configuration, name),
                Some(Some(value.clone())),
                "{name}"
            );
        }
        // The one part the serialisation leaves out when empty.
        assert!(!whole.contains_key("unresolved_principal_steps"));
        assert_eq!(
            crate::model::json::configuration_field(
                &model.configuration,
                "unresolved_principal_steps"
            ),
            Some(None)
        );
        let roots: BTreeSet<&str> = ["configuration.tenant_ids", "configuration.exchange"].into();
        let view = view(&model, &roots);
        assert_eq!(view["configuration"]["tenant_ids"], whole["tenant_ids"]);
        assert_eq!(view["configuration"]["exchange"], whole["exchange"]);
        assert!(view["configuration"].get("oauth_servers").is_none());
    }
}
