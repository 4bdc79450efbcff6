//! `tenant/not-connected`: tenant cmdlets run before a successful `Connect-MsolService` /
//! `Connect-AzureAD` / `Connect-MgGraph` in the same file. Every one of them then fails with "You
//! must call the Connect-… cmdlet", and the credential and SPN steps never happen.

use crate::rules::applies::{self, Applies};
use crate::rules::data_check::Scope;
use crate::cmdlets;
use crate::model::{Model, Outcome};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// The connect cmdlet a tenant cmdlet needs (`Command::is` compares case-insensitively): its
/// module's, as the cmdlet catalogue says.
fn connector(name: &str) -> &'static str {
    cmdlets::connect_for(name).unwrap_or("Connect-MgGraph")
}

/// The connect cmdlets of every tenant module, in the catalogue's order.
fn connectors() -> Vec<&'static str> {
    cmdlets::catalogue()
        .modules()
        .iter()
        .filter_map(|m| m.connect.as_deref())
        .collect()
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::scope(model, Scope::Tenant)
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmds in crate::rules::builtin::commands_by_file(model).values() {
        // The first successful (or not failed) connection of each kind, by evidence order.
        let first_connected = |need: &str| {
            cmds.iter()
                .filter(|k| k.is(need) && k.outcome != Outcome::Failed)
                .map(|k| k.order)
                .min()
        };
        let connected: Vec<(&str, Option<usize>)> = connectors()
            .into_iter()
            .map(|n| (n, first_connected(n)))
            .collect();
        let unconnected: Vec<_> = cmds
            .iter()
            // A command under a condition, or in a function body read where it is defined, does
            // not run where it stands: its order says nothing about the connection.
            .filter(|c| {
                cmdlets::is_tenant(&c.name)
                    && !cmdlets::lookup(&c.name)
                        .is_some_and(|e| e.facts.contains(&cmdlets::FactKind::Connection))
                    && !c.conditional
            })
            .filter(|c| {
                let need = connector(&c.name);
                let at = connected
                    .iter()
                    .find(|(n, _)| *n == need)
                    .map_or_else(|| first_connected(need), |(_, at)| *at);
                at.is_none_or(|o| o >= c.order)
            })
            .collect();
        let Some(first) = unconnected.first() else {
            continue;
        };
        let more = if unconnected.len() > 1 {
            format!(
                " (and {} more tenant command(s) after it)",
                unconnected.len() - 1
            )
        } else {
            String::new()
        };
        let failed = cmds
            .iter()
            .any(|k| k.is(connector(&first.name)) && k.outcome == Outcome::Failed);
        let need = connector(&first.name);
        let connects_later = cmds
            .iter()
            .any(|k| k.is(need) && k.outcome != Outcome::Failed && k.order > first.order);
        let fix = Some(paste::connect(ctx.cmdlets).to_string());
        if failed || connects_later || first.outcome == Outcome::Failed {
            let why = if failed {
                "the connection attempt failed"
            } else if connects_later {
                "the connection comes only after it"
            } else {
                "no connection precedes it"
            };
            hits.push(Hit::new(
                format!(
                    "`{}` runs before a successful `{need}`: {why}, so it fails{more}",
                    first.name
                ),
                Some(first.location.clone()),
                fix,
            ));
        } else if first.outcome == Outcome::Unknown {
            // Nothing in the file connects, but the session it runs in may be connected already
            // (Microsoft's procedures run their upload scripts in an open, connected session).
            hits.push(
                Hit::new(
                    format!(
                        "`{}` needs a session connected with `{need}`, which this file does not open; it works only in a session already connected (cannot confirm){more}",
                        first.name
                    ),
                    Some(first.location.clone()),
                    fix,
                )
                .with_severity(crate::findings::Severity::Info),
            );
        }
        // A transcript where the command succeeded shows the session was connected.
    }
    hits
}
