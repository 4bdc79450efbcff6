//! `transcript/command-failed`: a cmdlet the procedure needs ended in an error, so its step did not
//! happen. Quotes the error and names the consequence, because the transcript scrolls on and
//! administrators miss the red text.

use crate::rules::applies::{self, Applies};
use crate::cmdlets;
use crate::model::{ErrorKind, Model, Outcome};
use crate::rules::Hit;
use crate::rules::template::Context;

/// What is missing when a step's cmdlet fails: its catalogue entry says.
fn consequence(name: &str) -> &'static str {
    cmdlets::lookup(name)
        .and_then(|c| c.failure.as_deref())
        .unwrap_or("this step of the procedure did not happen")
}

/// A cmdlet of either half of the procedure, or one whose failure the catalogue explains.
fn is_procedure(name: &str) -> bool {
    cmdlets::is_on_premises(name)
        || cmdlets::is_tenant(name)
        || cmdlets::lookup(name).is_some_and(|c| c.failure.is_some())
}

/// Whether an argument of the command is a near miss of a well-known application id (a digit short,
/// a look-alike character): the guid rules report that cause with the corrected command.
fn names_mistyped_id(cmd: &crate::model::Command) -> bool {
    crate::guid::tokens(&cmd.text).iter().any(|(_, token)| {
        !crate::guid::is_guid(token)
            && (crate::guid::closest_well_known(token).is_some()
                || crate::guid::lookalike_correction(token).is_some())
    })
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::executed(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cmd in model
        .commands
        .iter()
        .filter(|c| c.outcome == Outcome::Failed && is_procedure(&c.name))
    {
        let Some(err) = cmd.error.and_then(|e| model.errors.get(e)) else {
            continue;
        };
        // A command that does not exist is transcript/module-missing's finding; one that failed on
        // a mistyped well-known id is guid/*'s (one cause, one finding, and its fix corrects the
        // id); the Graph SDK's key-binding defect is transcript/graph-sdk-key-defect's; a 401 or an access
        // denial of Test-CsExStorageConnectivity is transcript/exstorage-test-failed's.
        if err.kind == ErrorKind::CommandNotFound
            || names_mistyped_id(cmd)
            || crate::rules::builtin::transcript::graph_sdk_key_defect::is_sdk_key_defect(&err.message)
            || crate::rules::builtin::transcript::exstorage_test_failed::explains(&cmd.name, &err.message)
        {
            continue;
        }
        let mut quoted: String = err.message.chars().take(240).collect();
        if err.message.chars().count() > 240 {
            quoted.push('…');
        }
        // Joined, not formatted: `concat` makes each text exactly its length, where `format!`
        // left up to as much again as spare room, which a failing transcript folder's tens of
        // thousands of findings then held for the rest of the run (issue #14).

        // Run again later with success, the failure is history: still worth knowing, not an error.
        if model.is_superseded(cmd) {
            hits.push(
                Hit::new(
                    [
                        "`",
                        &cmd.name,
                        "` failed: \"",
                        &quoted,
                        "\"; the same step succeeded when run again later",
                    ]
                    .concat(),
                    Some(cmd.location.clone()),
                    None,
                )
                .with_related(err.location.clone(), "the error record")
                .with_severity(crate::findings::Severity::Info),
            );
            continue;
        }
        hits.push(Hit::new(
            [
                "`",
                &cmd.name,
                "` failed: \"",
                &quoted,
                "\"; consequence: ",
                consequence(&cmd.name),
            ]
            .concat(),
            Some(cmd.location.clone()),
            Some(
                [
                    "Fix the cause shown in the error, then run the step again:\n",
                    &cmd.text,
                ]
                .concat(),
            ),
        )
        .with_related(err.location.clone(), "the error record"));
    }
    hits
}
