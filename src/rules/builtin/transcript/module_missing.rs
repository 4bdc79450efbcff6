//! `transcript/module-missing`: a needed cmdlet was not recognised: its module is not installed or
//! not loaded in that shell (MSOnline on a Lync server, the Lync cmdlets outside the Lync Server
//! Management Shell).

use crate::model::{ErrorKind, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

/// How to get a cmdlet, by its noun.
fn remedy(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    if n.contains("msol") {
        "Install-Module MSOnline -Scope CurrentUser\nImport-Module MSOnline\n# MSOnline is retired; the Microsoft Graph equivalent is: Install-Module Microsoft.Graph.Applications -Scope CurrentUser"
    } else if n.contains("azuread") {
        "Install-Module AzureAD -Scope CurrentUser\n# AzureAD is retired; the Microsoft Graph equivalent is: Install-Module Microsoft.Graph.Applications -Scope CurrentUser"
    } else if n.contains("-mg") {
        "Install-Module Microsoft.Graph.Applications -Scope CurrentUser\nImport-Module Microsoft.Graph.Applications"
    } else if n == "get-cstenant" {
        "Install-Module MicrosoftTeams -Scope CurrentUser\nConnect-MicrosoftTeams"
    } else if n.contains("-cs") {
        "Run it in the Lync Server / Skype for Business Server Management Shell, or:\nImport-Module Lync   # SkypeForBusiness on Skype for Business Server"
    } else {
        "Install or import the module that provides it, then run the step again."
    }
}

pub fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    model
        .errors
        .iter()
        .filter(|e| e.kind == ErrorKind::CommandNotFound)
        .map(|e| {
            let cmd = e.command.and_then(|c| model.commands.get(c));
            let name = e.command_name.clone().or_else(|| cmd.map(|c| c.name.clone())).unwrap_or_default();
            let location = cmd.map(|c| c.location.clone()).unwrap_or_else(|| e.location.clone());
            Hit::new(
                format!("`{name}` is not recognised in this session: its module is not installed or not loaded, so the step did not run"),
                Some(location),
                Some(remedy(&name).to_string()),
            )
        })
        .collect()
}
