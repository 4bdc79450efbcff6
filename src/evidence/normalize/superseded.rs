//! Which failed commands a later success of the same step supersedes: the failure is history, not
//! the current state. What a command does (its step) is the cmdlet catalogue's knowledge, so the
//! normaliser works it out and the model only records the answer (`Model::superseded`), which
//! rules read through `Model::is_superseded`.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::command_steps::command_kind;
use crate::model::{Command, Model, Outcome};

/// Per command index: whether a later success of the same step (same cmdlet, same application
/// ids once typing mistakes are corrected) supersedes its failure.
pub(super) fn superseded(model: &Model) -> Vec<bool> {
    // What each command with a known outcome does, worked out once (a catalogue lookup), on the
    // run's threads.
    let kinds: Vec<Option<Cow<'static, str>>> =
        crate::threads::map_each_in_order(&model.commands, |c| {
            (c.outcome != Outcome::Unknown).then(|| kind(c))
        });
    // Only steps that failed somewhere can be superseded: key just those commands.
    let failed_kinds: HashSet<&str> = (model.commands.iter().zip(&kinds))
        .filter(|(c, _)| c.outcome == Outcome::Failed)
        .filter_map(|(_, k)| k.as_deref())
        .collect();
    if failed_kinds.is_empty() {
        return vec![false; model.commands.len()];
    }
    // A step is its cmdlet and the application ids it acts on (typed, typing mistakes
    // corrected, or attributed by the normaliser): `Model::command_app_ids` of each command.
    let app_ids = model.app_ids_of_commands();
    let keys: Vec<Option<(&str, &[&'static str])>> = (model.commands.iter().zip(&kinds))
        .map(|(c, k)| {
            let k = k.as_deref().filter(|k| failed_kinds.contains(k))?;
            Some((k, app_ids.of(c.index)))
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
                succeeded_later.insert(*key);
            }
            Outcome::Unknown => {}
        }
    }
    superseded
}

/// What a command does in the procedure (its step), else its cmdlet name.
fn kind(c: &Command) -> Cow<'static, str> {
    command_kind(c).map_or_else(|| Cow::Owned(c.name.to_ascii_lowercase()), Cow::Borrowed)
}
