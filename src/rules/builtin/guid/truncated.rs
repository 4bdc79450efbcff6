//! `guid/truncated`: an id typed with the wrong group lengths, such as the 2014 walkthrough's
//! `00000004-0000-0ff1-ce00-00000000000` (one zero short). PowerShell refuses to bind it as a GUID,
//! so the step it belongs to never happens.

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
            if !guid::is_near_guid(token) {
                continue;
            }
            let lengths = guid::group_lengths(token)
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("-");
            let (message, fix) = match guid::closest_well_known(token) {
                Some((id, name)) => (
                    format!(
                        "`{token}` has groups of {lengths} digits, not 8-4-4-4-12: it is the {name} id `{id}` with a digit missing or added"
                    ),
                    Some(guid::replace_token(statement, token, id)),
                ),
                None => (
                    format!(
                        "`{token}` has groups of {lengths} digits, not 8-4-4-4-12, so it is not a valid id"
                    ),
                    None,
                ),
            };
            hits.push(Hit::new(
                message,
                Some(token_location(value, offset, token)),
                fix,
            ));
        }
    }
    hits
}
