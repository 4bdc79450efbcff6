//! `transcript/module-missing`: a needed cmdlet was not recognised: its module is not installed or
//! not loaded in that shell (MSOnline on a Lync server, the Lync cmdlets outside the Lync Server
//! Management Shell).

use crate::rules::applies::{self, Applies};
use crate::model::{ErrorKind, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

/// How to get a cmdlet: its module's way, as the cmdlet catalogue says.
fn remedy(name: &str) -> &'static str {
    crate::cmdlets::catalogue()
        .module_of(name)
        .and_then(|m| m.install.as_deref())
        .unwrap_or("Install or import the module that provides it, then run the step again.")
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::executed(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    model
        .errors
        .iter()
        .filter(|e| e.kind == ErrorKind::CommandNotFound)
        .map(|e| {
            let cmd = e.command.and_then(|c| model.commands.get(c));
            let name = e.command_name.as_deref().or_else(|| cmd.map(|c| c.name.as_str())).unwrap_or_default().to_string();
            let location = cmd.map(|c| c.location.clone()).unwrap_or_else(|| e.location.clone());
            Hit::new(
                format!("`{name}` is not recognised in this session: its module is not installed or not loaded, so the step did not run"),
                Some(location),
                Some(remedy(&name).to_string()),
            )
        })
        .collect()
}
