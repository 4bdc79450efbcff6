//! `exchange/app-role-wrong`: an application role on Exchange Online (`00000002-…`) is granted to
//! an app registration in evidence of the dedicated Exchange hybrid application, and it is not
//! `full_access_as_app` (`dc890d15-9560-4a4c-9b7f-a736ec74ec40`), the role the dedicated
//! application needs. A role only run time knows is said as "cannot confirm".

use crate::model::{Command, Model};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::data_check::cannot_confirm;
use crate::rules::template::Context;
use crate::wellknown::EXCHANGE_APP_ID;

/// Exchange Online's application role `full_access_as_app`.
const FULL_ACCESS_AS_APP: &str = "dc890d15-9560-4a4c-9b7f-a736ec74ec40";

/// Whether the assignment's resource is the Exchange Online principal.
fn on_exchange_online(c: &Command) -> bool {
    c.value("ResourceId").is_some_and(|v| {
        v.principal()
            .is_some_and(|p| p.eq_ignore_ascii_case(EXCHANGE_APP_ID))
    })
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        model
            .commands
            .iter()
            .any(|c| c.is("New-MgServicePrincipalAppRoleAssignment") && on_exchange_online(c)),
        || "the evidence grants no Exchange Online application role (New-MgServicePrincipalAppRoleAssignment)".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    // The application's id, when the evoSTS authorization server names it in the evidence.
    let app_id = model
        .configuration
        .exchange
        .auth_servers
        .iter()
        .filter_map(|a| a.application_identifier.as_ref())
        .find(|f| f.is_known() && crate::guid::is_guid(f.value.trim()))
        .map_or("<the dedicated application's app id>".to_string(), |f| {
            f.value.trim().to_string()
        });
    let fix = format!(
        "# Microsoft Graph: grant Exchange Online's full_access_as_app to the dedicated application\n$exo = Get-MgServicePrincipal -Filter \"appId eq '{EXCHANGE_APP_ID}'\"\n$appSp = Get-MgServicePrincipal -Filter \"appId eq '{app_id}'\"\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $appSp.Id -PrincipalId $appSp.Id -ResourceId $exo.Id -AppRoleId \"{FULL_ACCESS_AS_APP}\"\n# or let Microsoft's script create the application: .\\ConfigureExchangeHybridApplication.ps1 -CreateApplication"
    );
    model
        .commands
        .iter()
        .filter(|c| {
            c.is("New-MgServicePrincipalAppRoleAssignment")
                && c.may_have_succeeded()
                && on_exchange_online(c)
        })
        .filter_map(|c| {
            let role = c.value("AppRoleId")?;
            let hit = Hit::new(String::new(), Some(role.location.clone()), Some(fix.clone()));
            match role.resolved.as_deref().map(str::trim) {
                Some(id) if id.eq_ignore_ascii_case(FULL_ACCESS_AS_APP) => None,
                Some(id) => Some(Hit {
                    message: format!(
                        "the application role granted on Exchange Online (`{EXCHANGE_APP_ID}`) is `{id}`, not full_access_as_app (`{FULL_ACCESS_AS_APP}`), the role the dedicated hybrid application needs"
                    ),
                    ..hit
                }),
                None => Some(cannot_confirm(
                    hit,
                    "the role granted on Exchange Online is full_access_as_app",
                    &format!("`{}` is known only at run time", role.text),
                    &role.location,
                )),
            }
        })
        .collect()
}
