//! The model as pretty JSON (`hybridlint model`), written one element at a time: the text is
//! the same as `serde_json::to_string_pretty(&serde_json::to_value(&model))` (keys sorted at
//! every level), but only one command, record or certificate is held as a JSON value at once.
//! Turning the whole model into one value first took seven times the memory of the model itself
//! on a large evidence folder.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value as Json;

use super::{Configuration, Model, ServicePrincipal};

/// One field: a list written item by item, an object written field by field, or a value
/// written whole.
enum Field<'a> {
    Items(usize, Box<dyn Fn(usize) -> serde_json::Result<Json> + 'a>),
    /// Its fields sorted by name, as `to_value` sorts them (the configuration: its lists hold one
    /// item per command on a large evidence folder).
    Object(Vec<(&'static str, Field<'a>)>),
    /// A list whose items are objects written field by field (the service principals: one
    /// principal of a large evidence folder can hold thousands of printed SPN lists).
    Objects(
        usize,
        Box<dyn Fn(usize) -> Vec<(&'static str, Field<'a>)> + 'a>,
    ),
    Whole(Box<dyn Fn() -> serde_json::Result<Json> + 'a>),
}

fn items<T: Serialize>(list: &[T]) -> Field<'_> {
    Field::Items(
        list.len(),
        Box::new(move |i| serde_json::to_value(&list[i])),
    )
}

fn whole<T: Serialize>(value: &T) -> Field<'_> {
    Field::Whole(Box::new(move || serde_json::to_value(value)))
}

/// Every field the model serialises, by its serialised name. A test checks the names against
/// the model's own serialisation, so a field added to `Model` and not here fails it.
fn fields(model: &Model) -> Vec<(&'static str, Field<'_>)> {
    let m = model;
    let mut out = vec![
        ("files", items(&m.files)),
        ("problems", items(&m.problems)),
        ("certificates", items(&m.certificates)),
        ("not_certificates", items(&m.not_certificates)),
        ("private_keys", items(&m.private_keys)),
        ("commands", items(&m.commands)),
        ("method_calls", items(&m.method_calls)),
        ("assignments", items(&m.assignments)),
        ("records", items(&m.records)),
        ("errors", items(&m.errors)),
        ("prompts", items(&m.prompts)),
        ("parse_errors", items(&m.parse_errors)),
        ("broken_continuations", items(&m.broken_continuations)),
        ("placeholders", items(&m.placeholders)),
        ("secrets", items(&m.secrets)),
        (
            "configuration",
            Field::Object(configuration(&m.configuration)),
        ),
        ("probes", whole(&m.probes)),
        ("expected", whole(&m.expected)),
        (
            "now",
            Field::Whole(Box::new(move || {
                let text = m
                    .now
                    .format(&time::format_description::well_known::Rfc3339)
                    .map_err(serde::ser::Error::custom)?;
                Ok(Json::String(text))
            })),
        ),
    ];
    // `to_value` sorts an object's keys.
    out.sort_by_key(|(name, _)| *name);
    out
}

/// Every field the configuration serialises, by its serialised name, sorted. A test checks the
/// names against the configuration's own serialisation.
fn configuration(c: &Configuration) -> Vec<(&'static str, Field<'_>)> {
    let mut out = vec![
        ("generation", whole(&c.generation)),
        ("coverage", whole(&c.coverage)),
        ("tenant_ids", items(&c.tenant_ids)),
        ("oauth_servers", items(&c.oauth_servers)),
        ("partner_applications", items(&c.partner_applications)),
        ("oauth_settings", items(&c.oauth_settings)),
        (
            "service_principals",
            Field::Objects(
                c.service_principals.len(),
                Box::new(|i| service_principal(&c.service_principals[i])),
            ),
        ),
        ("connections", items(&c.connections)),
        (
            "oauth_certificate_thumbprints",
            items(&c.oauth_certificate_thumbprints),
        ),
        ("certificate_exports", items(&c.certificate_exports)),
        ("certificate_imports", items(&c.certificate_imports)),
        ("certificate_text_reads", items(&c.certificate_text_reads)),
        ("web_fqdns", items(&c.web_fqdns)),
        ("exchange", whole(&c.exchange)),
    ];
    // Left out of the serialisation when empty (`skip_serializing_if`).
    if !c.unresolved_principal_steps.is_empty() {
        out.push((
            "unresolved_principal_steps",
            items(&c.unresolved_principal_steps),
        ));
    }
    out.sort_by_key(|(name, _)| *name);
    out
}

/// Every field a service principal serialises, by its serialised name, sorted. A test checks
/// the names against the principal's own serialisation.
fn service_principal(sp: &ServicePrincipal) -> Vec<(&'static str, Field<'_>)> {
    let mut out = vec![
        ("app_id", whole(&sp.app_id)),
        ("credentials", items(&sp.credentials)),
        ("spn_lists", items(&sp.spn_lists)),
        ("spn_additions", items(&sp.spn_additions)),
        ("enabled", items(&sp.enabled)),
        ("location", whole(&sp.location)),
    ];
    out.sort_by_key(|(name, _)| *name);
    out
}

/// One top-level field as a JSON value, by its serialised name (the data checks' view of the
/// model reads the fields it needs this way); `None` for a name the model does not serialise.
pub fn field(model: &Model, name: &str) -> Option<Json> {
    let (_, field) = fields(model).into_iter().find(|(n, _)| *n == name)?;
    Some(value_of(field).unwrap_or(Json::Null))
}

/// One part of the configuration as a JSON value, by its serialised name: `Some(None)` for a
/// part the serialisation leaves out (empty), `None` for a name the configuration does not have.
pub fn configuration_field(c: &Configuration, name: &str) -> Option<Option<Json>> {
    if name == "unresolved_principal_steps" && c.unresolved_principal_steps.is_empty() {
        return Some(None);
    }
    let (_, field) = configuration(c).into_iter().find(|(n, _)| *n == name)?;
    Some(Some(value_of(field).unwrap_or(Json::Null)))
}

/// A list of the model serialised one item at a time: the data checks walk a large list (every
/// OAuth setting of a large evidence folder) holding one item as JSON, never all of them.
pub struct ListItems<'a> {
    len: usize,
    item: Box<dyn Fn(usize) -> serde_json::Result<Json> + 'a>,
}

impl ListItems<'_> {
    /// Each item as JSON, in order; an item that does not serialise is left out.
    pub fn each(&self) -> impl Iterator<Item = Json> + '_ {
        (0..self.len).filter_map(|i| (self.item)(i).ok())
    }
}

/// A top-level field (`problems`) or a part of the configuration (`configuration.oauth_settings`)
/// that the model serialises as a list, item by item; `None` for any other name (a single value,
/// such as `configuration.exchange`, or a name the model does not have).
pub fn list<'a>(model: &'a Model, name: &str) -> Option<ListItems<'a>> {
    let field = match name.split_once('.') {
        Some(("configuration", part)) => configuration(&model.configuration)
            .into_iter()
            .find(|(n, _)| *n == part)
            .map(|(_, f)| f),
        Some(_) => None,
        None => fields(model)
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f),
    };
    match field? {
        Field::Items(len, item) => Some(ListItems { len, item }),
        Field::Objects(len, fields) => Some(ListItems {
            len,
            item: Box::new(move |i| value_of(Field::Object(fields(i)))),
        }),
        Field::Object(_) | Field::Whole(_) => None,
    }
}

fn value_of(field: Field) -> serde_json::Result<Json> {
    match field {
        Field::Whole(value) => value(),
        Field::Items(len, item) => (0..len)
            .map(item)
            .collect::<Result<_, _>>()
            .map(Json::Array),
        Field::Objects(len, fields) => (0..len)
            .map(|i| value_of(Field::Object(fields(i))))
            .collect::<Result<_, _>>()
            .map(Json::Array),
        Field::Object(fields) => fields
            .into_iter()
            .map(|(name, field)| Ok((name.to_string(), value_of(field)?)))
            .collect::<Result<_, _>>()
            .map(Json::Object),
    }
}

/// Writes the model as pretty JSON followed by a newline, each JSON value passed through `mask`
/// (secrets blanked) before it is written.
pub fn write_pretty(
    model: &Model,
    mask: &dyn Fn(&mut Json),
    out: &mut dyn Write,
) -> io::Result<()> {
    write_object(&fields(model), 0, mask, out)?;
    out.write_all(b"\n")
}

/// An object's fields, pretty-printed as if the object sat `depth` levels deep.
fn write_object(
    fields: &[(&'static str, Field)],
    depth: usize,
    mask: &dyn Fn(&mut Json),
    out: &mut dyn Write,
) -> io::Result<()> {
    write_members(*b"{}", fields.len(), depth, out, |i, out| {
        let (name, field) = &fields[i];
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b": ")?;
        write_field(field, depth + 1, mask, out)
    })
}

/// One field's value, pretty-printed as if it sat `depth` levels deep.
fn write_field(
    field: &Field,
    depth: usize,
    mask: &dyn Fn(&mut Json),
    out: &mut dyn Write,
) -> io::Result<()> {
    match field {
        Field::Whole(value) => write_value(value()?, depth, mask, out),
        Field::Object(fields) => write_object(fields, depth, mask, out),
        Field::Objects(len, fields) => write_members(*b"[]", *len, depth, out, |i, out| {
            write_object(&fields(i), depth + 1, mask, out)
        }),
        Field::Items(len, item) => write_members(*b"[]", *len, depth, out, |i, out| {
            write_value(item(i)?, depth + 1, mask, out)
        }),
    }
}

/// An object's or an array's `len` members between `brackets`, pretty-printed as if it sat
/// `depth` levels deep, as serde_json prints them (`{}` or `[]` when there are none);
/// `member(i, out)` writes the `i`-th member after its indentation.
fn write_members(
    brackets: [u8; 2],
    len: usize,
    depth: usize,
    out: &mut dyn Write,
    mut member: impl FnMut(usize, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if len == 0 {
        return out.write_all(&brackets);
    }
    let inner = format!("\n{}", "  ".repeat(depth + 1));
    out.write_all(&brackets[..1])?;
    for i in 0..len {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(inner.as_bytes())?;
        member(i, out)?;
    }
    write!(out, "\n{}", "  ".repeat(depth))?;
    out.write_all(&brackets[1..])
}

/// One value, pretty-printed as if it sat `depth` levels deep: every line after the first is
/// indented by two spaces per level (JSON strings escape their line breaks, so every line break
/// in the text is the printer's own).
fn write_value(
    mut value: Json,
    depth: usize,
    mask: &dyn Fn(&mut Json),
    out: &mut dyn Write,
) -> io::Result<()> {
    mask(&mut value);
    let text = serde_json::to_string_pretty(&value)?;
    let indent = "  ".repeat(depth);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExpectedFacts, Location, SourceFile};

    fn model() -> Model {
        let now = time::macros::datetime!(2025-06-01 0:00 UTC);
        let mut m = Model::new(now, ExpectedFacts::default());
        m.files.push(SourceFile {
            path: "a \"quoted\"\npath.ps1".into(),
            kind: crate::model::EvidenceKind::Script,
            encoding: Some("UTF-8".into()),
            bom: false,
            lines: Default::default(),
            suppressions: Vec::new(),
        });
        m.files.push(SourceFile {
            path: "b.txt".into(),
            kind: crate::model::EvidenceKind::Transcript,
            encoding: None,
            bom: true,
            lines: Default::default(),
            suppressions: Vec::new(),
        });
        m.configuration.tenant_ids.push(crate::model::Fact {
            value: "t".into(),
            location: Location::new("b.txt", 3, 1, 1),
            source: crate::model::FactSource::Expected,
            outcome: crate::model::Outcome::Unknown,
            unknown: None,
            form: None,
        });
        let location = Location::new("b.txt", 4, 1, 1);
        m.configuration
            .service_principals
            .push(crate::model::ServicePrincipal {
                app_id: "00000004-0000-0ff1-ce00-000000000000".into(),
                credentials: Vec::new(),
                spn_lists: vec![crate::model::SpnList {
                    names: vec!["00000004-0000-0ff1-ce00-000000000000/a.contoso.com".into()],
                    truncated: false,
                    literal: false,
                    from_variable: Some("lyncSP".into()),
                    written: false,
                    unknown_contents: None,
                    location: location.clone(),
                    source: crate::model::FactSource::Record(0),
                    outcome: crate::model::Outcome::Succeeded,
                }],
                spn_additions: Vec::new(),
                enabled: Vec::new(),
                location,
            });
        m
    }

    fn streamed(m: &Model) -> String {
        let mut out = Vec::new();
        write_pretty(m, &|_| {}, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn streamed_text_is_the_whole_value_pretty_printed() {
        for m in [model(), Model::new(model().now, ExpectedFacts::default())] {
            let whole = serde_json::to_string_pretty(&serde_json::to_value(&m).expect("value"))
                .expect("text")
                + "\n";
            assert_eq!(streamed(&m), whole);
        }
    }

    #[test]
    fn every_serialised_field_is_written() {
        let m = model();
        let Json::Object(whole) = serde_json::to_value(&m).expect("value") else {
            panic!("the model serialises as an object");
        };
        let names: Vec<&str> = fields(&m).iter().map(|(n, _)| *n).collect();
        let expected: Vec<&str> = whole.keys().map(String::as_str).collect();
        assert_eq!(names, expected);
        let Some(Json::Object(configuration)) = whole.get("configuration") else {
            panic!("the configuration serialises as an object");
        };
        let names: Vec<&str> = super::configuration(&m.configuration)
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let expected: Vec<&str> = configuration.keys().map(String::as_str).collect();
        assert_eq!(names, expected);
        let Some(Json::Object(principal)) = configuration
            .get("service_principals")
            .and_then(|list| list.get(0))
        else {
            panic!("the test model has a service principal");
        };
        let names: Vec<&str> = service_principal(&m.configuration.service_principals[0])
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let expected: Vec<&str> = principal.keys().map(String::as_str).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn values_are_masked_before_they_are_written() {
        let mut out = Vec::new();
        write_pretty(
            &model(),
            &|v| {
                if let Json::Object(o) = v
                    && o.contains_key("bom")
                {
                    o.insert("bom".into(), Json::String("masked".into()));
                }
            },
            &mut out,
        )
        .expect("writes to memory");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(text.matches("\"bom\": \"masked\"").count(), 2);
    }
}
