//! Deserialised objects as the records the normaliser reads: one record per exported object,
//! its properties as fields (booleans as `True`/`False`, byte arrays as Base64, collections as
//! lists), named by its type when the type is one of the procedure's cmdlets'. A key credential
//! inside a service principal (Graph's `KeyCredentials`) becomes a record of its own carrying
//! the principal's application id, as `… .KeyCredentials | fl` would show it.

use base64::Engine as _;

use super::value::{PsObject, PsValue};
use crate::evidence::identify;
use crate::model::{Field, FieldValue, Location};

/// Where a byte offset falls in the file: 1-based line and column.
pub trait Position {
    fn at(&self, offset: usize) -> (u32, u32);
}

/// A record's fields and where it starts, before it joins the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub fields: Vec<Field>,
    pub shown_by: Option<String>,
    pub location: Location,
}

/// The records of the top-level values of a file.
pub fn records(values: &[PsValue], path: &str, pos: &dyn Position) -> Vec<Exported> {
    let mut out = Vec::new();
    for v in values {
        match items(v) {
            Some(items) => {
                for item in items {
                    if let PsValue::Object(o) = item {
                        object_records(o, path, pos, &mut out);
                    }
                }
            }
            None => {
                if let PsValue::Object(o) = v {
                    object_records(o, path, pos, &mut out);
                }
            }
        }
    }
    out
}

fn object_records(o: &PsObject, path: &str, pos: &dyn Position, out: &mut Vec<Exported>) {
    let shown_by = o
        .type_names
        .iter()
        .find_map(|t| identify::cmdlet_from_type_name(t))
        .map(str::to_string);
    let fields: Vec<Field> = o
        .properties
        .iter()
        .map(|p| {
            let value = field_value(&p.value);
            let (line, column) = pos.at(p.offset);
            let len = value.as_text().chars().count() as u32;
            Field {
                name: crate::model::field_name(&p.name),
                value,
                location: Location::new(path, line, column, len),
            }
        })
        .collect();
    let (line, _) = pos.at(o.offset);
    let owner: Vec<Field> = fields
        .iter()
        .filter(|f| {
            f.name.eq_ignore_ascii_case("AppId") || f.name.eq_ignore_ascii_case("AppPrincipalId")
        })
        .cloned()
        .collect();
    out.push(Exported {
        fields,
        shown_by: shown_by.clone(),
        location: Location::new(path, line, 1, 0),
    });
    for p in &o.properties {
        let nested: Vec<&PsObject> = match (&p.value, items(&p.value)) {
            (_, Some(items)) => items
                .iter()
                .filter_map(|i| match i {
                    PsValue::Object(n) => Some(&**n),
                    _ => None,
                })
                .collect(),
            (PsValue::Object(n), None) => vec![n],
            _ => Vec::new(),
        };
        for n in nested.into_iter().filter(|n| is_key_credential(n)) {
            let mut credential = Vec::new();
            object_records(n, path, pos, &mut credential);
            for mut c in credential {
                // The owner's id, unless the credential names one itself.
                for f in &owner {
                    if !c
                        .fields
                        .iter()
                        .any(|x| x.name.eq_ignore_ascii_case(&f.name))
                    {
                        c.fields.push(f.clone());
                    }
                }
                // The owner's cmdlet, named by its type or (JSON has no types) its properties.
                c.shown_by = c.shown_by.or_else(|| shown_by.clone()).or_else(|| {
                    identify::cmdlet_from_properties(o.properties.iter().map(|p| p.name.as_str()))
                        .map(str::to_string)
                });
                out.push(c);
            }
        }
    }
}

/// A key credential (Graph, AzureAD): it has a `Type` and a `Usage`.
fn is_key_credential(o: &PsObject) -> bool {
    let has = |n: &str| o.properties.iter().any(|p| p.name.eq_ignore_ascii_case(n));
    has("Type") && has("Usage")
}

/// A property's value as a printed field: how Format-List would show it, except that byte arrays
/// are whole (as Base64) rather than cut after four numbers.
fn field_value(v: &PsValue) -> FieldValue {
    match items(v) {
        Some(items) => FieldValue::List {
            items: Box::new(items.iter().map(text).collect()),
            truncated: false,
        },
        None => FieldValue::Scalar { text: text(v) },
    }
}

/// The items of a collection: a bare list, or an object wrapping one (how a typed list such as
/// `List[KeyCredential]` is serialised).
fn items(v: &PsValue) -> Option<&[PsValue]> {
    match v {
        PsValue::List(items) => Some(items),
        PsValue::Object(o) => match o.content.as_deref() {
            Some(PsValue::List(items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

/// The text of a value.
fn text(v: &PsValue) -> String {
    match v {
        PsValue::Nil => String::new(),
        PsValue::Text(t) => t.clone(),
        PsValue::Bool(true) => "True".into(),
        PsValue::Bool(false) => "False".into(),
        PsValue::Bytes(b) => base64::engine::general_purpose::STANDARD.encode(b),
        PsValue::List(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        PsValue::Dict(entries) => entries
            .iter()
            .map(|(k, v)| format!("{}={}", text(k), text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        PsValue::Object(o) => o
            .to_string
            .clone()
            .or_else(|| o.content.as_deref().map(text))
            .or_else(|| o.type_names.first().cloned())
            // A nested object in JSON has neither: its name says what it is (an Exchange
            // `LinkedAccount`), and it is never shown as blank.
            .or_else(|| {
                ["Name", "DistinguishedName", "Domain"]
                    .iter()
                    .find_map(|n| o.properties.iter().find(|p| p.name.eq_ignore_ascii_case(n)))
                    .map(|p| text(&p.value))
            })
            .or_else(|| (!o.properties.is_empty()).then(|| "{…}".to_string()))
            .unwrap_or_default(),
        // Never shown; the secrets scanner's mask.
        PsValue::Secret => "****".into(),
    }
}
