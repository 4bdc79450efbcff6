//! `exchange/partner-app-disabled`: Exchange Server's partner application for Exchange Online
//! (`00000002-…`, named `Exchange Online`) is shown disabled or set to `-Enabled $false`, and
//! nothing later enables it. Exchange Server then refuses Exchange Online's tokens.

use crate::model::{ExchangePartnerApplication, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

/// Microsoft's procedure enables it through a pipeline filtered on the id and a blank realm.
const FIX: &str = "Get-PartnerApplication | Where-Object { $_.ApplicationIdentifier -eq \"00000002-0000-0ff1-ce00-000000000000\" -and $_.Realm -eq \"\" } | Set-PartnerApplication -Enabled $true";

/// Whether the object is the Exchange Online partner application, by its id or its name.
fn is_exchange_online(app: &ExchangePartnerApplication) -> bool {
    let by_id = app
        .application_identifier
        .as_ref()
        .is_some_and(|f| f.is_known() && f.value.trim().eq_ignore_ascii_case(EXCHANGE_APP_ID));
    let by_name = app
        .name
        .as_ref()
        .is_some_and(|f| f.is_known() && f.value.trim().eq_ignore_ascii_case("Exchange Online"));
    by_id || by_name
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .configuration
            .exchange
            .partner_applications
            .iter()
            .any(|a| is_exchange_online(a) && a.enabled.is_some()),
        || "the evidence shows no Enabled state of the Exchange Online partner application".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    // The last enabled state in evidence order decides: a later enable repairs an earlier
    // `False`, and a value only run time knows decides nothing.
    let last = model
        .configuration
        .exchange
        .partner_applications
        .iter()
        .filter(|a| is_exchange_online(a) && a.seen.outcome != Outcome::Failed)
        .filter_map(|a| a.enabled.as_ref().filter(|f| f.is_known()).map(|f| (a, f)))
        .max_by_key(|(_, f)| model.order_of(f.source));
    match last {
        Some((app, enabled)) if enabled.value.eq_ignore_ascii_case("False") => {
            let how = if app.seen.cmdlet.to_ascii_lowercase().starts_with("get-") {
                "is shown with Enabled : False"
            } else {
                "is set to -Enabled $false"
            };
            vec![Hit::new(
                format!(
                    "the Exchange Online partner application (`{EXCHANGE_APP_ID}`) {how}; Exchange Server refuses Exchange Online's tokens until it is enabled"
                ),
                Some(enabled.location.clone()),
                Some(FIX.to_string()),
            )]
        }
        _ => Vec::new(),
    }
}
