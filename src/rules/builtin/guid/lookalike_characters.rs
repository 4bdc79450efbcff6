//! `guid/lookalike-characters`: an id with letters standing in for digits (`Off1`, `ce0O`, `l` for
//! `1`), as happens when an id is retyped from a printed page or a screenshot.

use crate::rules::builtin::token_location;
use crate::guid;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::applies::{self, Applies};
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::written_values(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (value, statement) in model.written_values_in_context() {
        for (offset, token) in guid::tokens(&value.text) {
            let Some(corrected) = guid::lookalike_correction(token) else {
                continue;
            };
            let letters: Vec<String> = token
                .chars()
                .zip(corrected.chars())
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("`{a}` for `{b}`"))
                .collect();
            let name = crate::wellknown::well_known_name(&corrected)
                .map(|n| format!(" (the {n} id)"))
                .unwrap_or_default();
            hits.push(Hit::new(
                format!("`{token}` contains letters where digits belong ({}); the id is `{corrected}`{name}", letters.join(", ")),
                Some(token_location(value, offset, token)),
                Some(guid::replace_token(statement, token, &corrected)),
            ));
        }
    }
    hits
}
