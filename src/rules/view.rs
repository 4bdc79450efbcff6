//! The model as JSON for data checks, serialised only as far as a check looks: a check names a
//! collection (`configuration.oauth_servers`), and only its first segment's part of the model is
//! turned into JSON, a list one item at a time. Serialising everything (every command, record and
//! certificate of a large evidence folder) cost more time and memory than all the rules, and even
//! one list whole (every OAuth setting of a large folder) took more memory than its evidence.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

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

/// Calls `each` with every item of the collection `path` (as `data_check` walks it), in order,
/// until it breaks. A list at the collection's root is serialised one item at a time; the walk
/// from the root to the items maps each node to a sequence of nodes in order, so walking a view
/// that holds one item of the list at a time, item after item, meets the same items in the same
/// order as walking the whole list.
pub fn for_each_item(
    model: &Model,
    path: &str,
    root: &str,
    each: &mut dyn FnMut(&Json) -> ControlFlow<()>,
) {
    let Some(list) = crate::model::json::list(model, root) else {
        // A single value (`configuration.exchange`): serialised whole, as small as one item.
        let view = view(model, &BTreeSet::from([root]));
        for item in super::data_check::collection(&view, path) {
            if each(item).is_break() {
                return;
            }
        }
        return;
    };
    for item in list.each() {
        // The view as `view` shapes it, its list holding this one item.
        let mut view = Json::Array(vec![item]);
        for name in root.rsplit('.') {
            view = Json::Object(Map::from_iter([(name.to_string(), view)]));
        }
        for item in super::data_check::collection(&view, path) {
            if each(item).is_break() {
                return;
            }
        }
    }
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
