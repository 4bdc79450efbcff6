//! Which failed commands a later success of the same step supersedes: the failure is history, not
//! the current state. What a command does (its step) is the cmdlet catalogue's knowledge, so the
//! normaliser works it out and the model only records the answer (`Model::superseded`), which
//! rules read through `Model::is_superseded`.

use std::collections::{HashMap, HashSet};

use crate::command_steps::command_kind;
use crate::model::{Command, FactSource, Model, Outcome, typed_app_ids};

/// Per command index: whether a later success of the same step (same cmdlet, same application
/// ids once typing mistakes are corrected) supersedes its failure.
pub(super) fn superseded(model: &Model) -> Vec<bool> {
    let mut ids_by_command: HashMap<usize, Vec<&'static str>> = HashMap::new();
    for (source, id) in model.principal_facts() {
        if let FactSource::Command(i) = source {
            ids_by_command.entry(i).or_default().push(id);
        }
    }
    // Only steps that failed somewhere can be superseded: key just those commands.
    let failed_kinds: HashSet<String> = model
        .commands
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(kind)
        .collect();
    if failed_kinds.is_empty() {
        return vec![false; model.commands.len()];
    }
    let keys: Vec<Option<(String, Vec<&'static str>)>> = model
        .commands
        .iter()
        .map(|c| {
            (c.outcome != Outcome::Unknown && failed_kinds.contains(&kind(c)))
                .then(|| step_key(c, ids_by_command.get(&c.index)))
        })
        .collect();
    let mut by_order: Vec<usize> = (0..model.commands.len()).collect();
    by_order.sort_by_key(|&i| std::cmp::Reverse(model.commands[i].order));
    let mut succeeded_later = HashSet::new();
    let mut superseded = vec![false; model.commands.len()];
    for i in by_order {
        let c = &model.commands[i];
        let Some(key) = &keys[i] else {
            continue;
        };
        match c.outcome {
            Outcome::Failed => superseded[i] = succeeded_later.contains(key),
            Outcome::Succeeded => {
                succeeded_later.insert(key.clone());
            }
            Outcome::Unknown => {}
        }
    }
    superseded
}

/// What a command does in the procedure (its step), else its cmdlet name.
fn kind(c: &Command) -> String {
    command_kind(c)
        .map(str::to_string)
        .unwrap_or_else(|| c.name.to_ascii_lowercase())
}

/// A command's step identity, the same across cmdlet generations: what it does (by the
/// procedure's step) and the well-known ids it acts on, typed (typing mistakes corrected),
/// resolved from variables, or attributed to it by the normaliser.
fn step_key(c: &Command, attributed: Option<&Vec<&'static str>>) -> (String, Vec<&'static str>) {
    let mut ids = typed_app_ids(c);
    ids.extend(attributed.into_iter().flatten());
    ids.sort_unstable();
    ids.dedup();
    (kind(c), ids)
}
