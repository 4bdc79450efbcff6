//! Secrets never echoed: loaders blank every secret they find in the evidence text
//! (`evidence::secrets`), so no fact, message, fix or source line can carry one. This module is
//! the one place that turns those blanks into `*` for people and files: rules call it on every
//! finding's message, fix and source line, and `hybridlint model` on its whole dump, so every
//! reporter (human, JSON, SARIF, JUnit, GitHub and any later one) shows `****` where the secret
//! was, with the finding still pointing at its line and columns.

use std::borrow::Cow;

use serde_json::Value as Json;

/// What a secret's characters are replaced with in the loaded text: a character no evidence
/// needs, which `mask` turns into `*`. Not `*` itself, so a blanked line can never look like a
/// transcript's `**********` delimiter.
pub const MASK: char = '\u{2022}';

/// What each blanked character is shown as.
pub const SHOWN: char = '*';

/// `text` with every blanked character shown as `*` (one for one, so columns stay true).
pub fn mask(text: &str) -> Cow<'_, str> {
    if text.contains(MASK) {
        Cow::Owned(text.replace(MASK, &SHOWN.to_string()))
    } else {
        Cow::Borrowed(text)
    }
}

/// `mask` for an owned string, reusing it when there is nothing to mask.
pub fn mask_owned(text: String) -> String {
    match mask(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(masked) => masked,
    }
}

/// Masks every string (and object key) in a JSON value, in place.
pub fn mask_json(value: &mut Json) {
    match value {
        Json::String(s) if s.contains(MASK) => *s = mask_owned(std::mem::take(s)),
        Json::Array(items) => items.iter_mut().for_each(mask_json),
        Json::Object(map) => {
            if map.keys().any(|k| k.contains(MASK)) {
                let old = std::mem::take(map);
                for (k, mut v) in old {
                    mask_json(&mut v);
                    map.insert(mask_owned(k), v);
                }
            } else {
                map.values_mut().for_each(mask_json);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_become_stars_and_the_rest_is_kept() {
        let blanked = format!("-Password \"{}\" -Force", MASK.to_string().repeat(5));
        assert_eq!(mask(&blanked), "-Password \"*****\" -Force");
        assert!(matches!(mask("plain"), Cow::Borrowed("plain")));
        let mut json = serde_json::json!({"a": [blanked.clone()], "b": 1});
        mask_json(&mut json);
        assert_eq!(json["a"][0], "-Password \"*****\" -Force");
    }
}
