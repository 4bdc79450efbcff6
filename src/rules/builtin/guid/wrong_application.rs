//! `guid/wrong-application`: a well-known id where another belongs. The ids differ in one digit
//! (`00000002` Exchange, `00000004` Lync) or in the family (`0ff1-ce00` for Office services,
//! `0000-c000` for ACS and Graph), so they are easily swapped and the result fails silently.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::token_location;
use crate::guid;
use crate::model::{Model, Value};
use crate::rules::Hit;
use crate::rules::template::Context;
use crate::wellknown::{ACS_APP_ID, EXCHANGE_APP_ID, LYNC_APP_ID, well_known_name};

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::written_values(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut expect = |value: &Value, wanted: &str, what: &str, fix: String| {
        let got = value.resolved.clone().unwrap_or_else(|| value.text.clone());
        let got = got.trim();
        if got.eq_ignore_ascii_case(wanted) {
            return;
        }
        if let Some(name) = well_known_name(got) {
            hits.push(Hit::new(
                format!(
                    "{what} is `{got}`, the {name} id; it must be `{wanted}` ({})",
                    well_known_name(wanted).unwrap_or("")
                ),
                Some(value.location.clone()),
                Some(fix),
            ));
        }
    };
    for cmd in &model.commands {
        if cmd.is("Set-CsOAuthConfiguration")
            && let Some(v) = cmd.value("ServiceName")
        {
            expect(
                v,
                LYNC_APP_ID,
                "The OAuth service name (-ServiceName)",
                format!("Set-CsOAuthConfiguration -ServiceName {LYNC_APP_ID}"),
            );
        }
        if cmd.is("New-CsPartnerApplication") || cmd.is("Set-CsPartnerApplication") {
            let identity = cmd
                .value("Identity")
                .or_else(|| cmd.positional().next())
                .and_then(|v| v.resolved.clone())
                .unwrap_or_default();
            if identity.eq_ignore_ascii_case("microsoft.exchange")
                && let Some(v) = cmd.value("ApplicationIdentifier")
            {
                expect(
                    v,
                    EXCHANGE_APP_ID,
                    "The application identifier of partner application microsoft.exchange",
                    format!(
                        "New-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier {EXCHANGE_APP_ID} -ApplicationTrustLevel Full -UseOAuthServer"
                    ),
                );
            }
        }
    }
    // Family mix-ups anywhere: ACS's number with the Office family, or an Office number with the
    // ACS family.
    for (value, statement) in model.written_values_in_context() {
        for (offset, token) in guid::tokens(&value.text) {
            if !guid::is_guid(token) || well_known_name(token).is_some() {
                continue;
            }
            let lower = token.to_ascii_lowercase();
            let (prefix, rest) = lower.split_at(8);
            let meant = match (prefix, rest) {
                ("00000001", "-0000-0ff1-ce00-000000000000") => Some(ACS_APP_ID),
                ("00000002", "-0000-0000-c000-000000000000") => Some(EXCHANGE_APP_ID),
                ("00000004", "-0000-0000-c000-000000000000") => Some(LYNC_APP_ID),
                _ => None,
            };
            if let Some(id) = meant {
                hits.push(Hit::new(
                    format!(
                        "`{token}` mixes the id families: the {} id is `{id}`",
                        well_known_name(id).unwrap_or("")
                    ),
                    Some(token_location(value, offset, token)),
                    Some(guid::replace_token(statement, token, id)),
                ));
            }
        }
    }
    hits
}
