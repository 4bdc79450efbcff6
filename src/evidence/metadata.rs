//! Reads an OAuth metadata document (`/metadata/json/1`) tolerantly: key names match in any case
//! (`keyValue`, `keyvalue`), extra fields are ignored, and the signing key's certificate is
//! decoded to its thumbprint. Describes what the body is; never says whether that is right.

use base64::Engine as _;
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};
use x509_parser::prelude::*;

use crate::model::{MetadataDocument, MetadataEndpoint, MetadataKey, MetadataParse};

pub fn parse(body: &str) -> MetadataParse {
    let value: Value = match serde_json::from_str(body.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            return MetadataParse::NotJson {
                detail: format!("the body is not JSON ({e})"),
            };
        }
    };
    let Some(object) = value.as_object() else {
        return MetadataParse::NotMetadata {
            detail: "the body is JSON but not an object".to_string(),
        };
    };
    let keys = array(object, "keys");
    let endpoints = array(object, "endpoints");
    if keys.is_none() && endpoints.is_none() {
        return MetadataParse::NotMetadata {
            detail: "the JSON object has neither `keys` nor `endpoints`".to_string(),
        };
    }
    MetadataParse::Document(MetadataDocument {
        realm: string(object, "realm"),
        service_name: string(object, "serviceName"),
        issuer: string(object, "issuer"),
        keys: keys
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_object)
            .map(key)
            .collect(),
        endpoints: endpoints
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_object)
            .map(|e| MetadataEndpoint {
                location: string(e, "location"),
                protocol: string(e, "protocol"),
                usage: string(e, "usage"),
            })
            .collect(),
    })
}

/// A field by name in any case.
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn string(object: &Map<String, Value>, name: &str) -> Option<String> {
    field(object, name)
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn array<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a [Value]> {
    field(object, name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
}

fn key(object: &Map<String, Value>) -> MetadataKey {
    let mut out = MetadataKey {
        usage: string(object, "usage"),
        ..MetadataKey::default()
    };
    let Some(key_value) = field(object, "keyValue").and_then(Value::as_object) else {
        out.problem = Some("the key has no `keyValue` object".to_string());
        return out;
    };
    out.key_type = string(key_value, "type");
    let Some(value) = string(key_value, "value") else {
        out.problem = Some("`keyValue` has no `value`".to_string());
        return out;
    };
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let der = match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(d) => d,
        Err(e) => {
            out.problem = Some(format!("`keyValue.value` is not Base64 ({e})"));
            return out;
        }
    };
    match X509Certificate::from_der(&der) {
        Ok((_, cert)) => {
            out.thumbprint = Some(crate::digest_text::upper(&Sha1::digest(&der)));
            out.subject = Some(cert.subject().to_string());
        }
        Err(e) => {
            out.problem = Some(format!(
                "`keyValue.value` is not an X.509 certificate ({e})"
            ))
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_key_case_and_extra_fields() {
        let doc = r#"{"Realm":"contoso.com","servicename":"00000004-0000-0ff1-ce00-000000000000",
            "extra":1,"KEYS":[{"usage":"signing","keyvalue":{"type":"x509Certificate","value":"AAAA"}}]}"#;
        let MetadataParse::Document(d) = parse(doc) else {
            panic!("not read as a document");
        };
        assert_eq!(d.realm.as_deref(), Some("contoso.com"));
        assert_eq!(
            d.service_name.as_deref(),
            Some("00000004-0000-0ff1-ce00-000000000000")
        );
        assert_eq!(d.keys.len(), 1);
        assert!(
            d.keys[0]
                .problem
                .as_deref()
                .unwrap_or("")
                .contains("not an X.509")
        );
    }

    #[test]
    fn html_is_not_json_and_other_json_is_not_metadata() {
        assert!(matches!(parse("<html>"), MetadataParse::NotJson { .. }));
        assert!(matches!(
            parse(r#"{"a":1}"#),
            MetadataParse::NotMetadata { .. }
        ));
        assert!(matches!(parse("[1]"), MetadataParse::NotMetadata { .. }));
    }
}
