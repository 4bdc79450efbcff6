//! The well-known application ids every command acts on, worked out for all commands at once and
//! kept in one list: recognition and the checklist ask for them by command index. A list per
//! command was 24 bytes for each of a large transcript folder's commands, nearly all of which
//! name no well-known id (issue #14: 1.4 MB of a failing 50 MB folder's peak, held twice).

use super::{FactSource, Model};

/// By command index, [`Model::command_app_ids`]: the ids of command `i` are
/// `ids[starts[i]..starts[i + 1]]`, sorted and without repeats.
#[derive(Debug, Default)]
pub struct AppIdsByCommand {
    starts: Vec<u32>,
    ids: Vec<&'static str>,
}

impl AppIdsByCommand {
    /// Every command's ids: typed (typing mistakes corrected) or resolved from variables, and
    /// attributed to it by the normaliser, in one pass over the principals' facts.
    pub fn of_model(model: &Model) -> AppIdsByCommand {
        let count = model.commands.len();
        // (command index, id) for every id any command acts on; few commands have any.
        let mut pairs: Vec<(usize, &'static str)> = Vec::new();
        for c in &model.commands {
            pairs.extend(super::typed_app_ids(c).iter().map(|id| (c.index, *id)));
        }
        pairs.extend(
            model
                .principal_facts()
                .filter_map(|(source, id)| match source {
                    FactSource::Command(i) => Some((i, id)),
                    _ => None,
                }),
        );
        pairs.retain(|(i, _)| *i < count);
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = Vec::with_capacity(count + 1);
        let mut next = pairs.iter().peekable();
        let mut ids = Vec::with_capacity(pairs.len());
        for index in 0..count {
            starts.push(position(ids.len()));
            while let Some((_, id)) = next.next_if(|(i, _)| *i == index) {
                ids.push(*id);
            }
        }
        starts.push(position(ids.len()));
        AppIdsByCommand { starts, ids }
    }

    /// The ids of the command at `index`; none for an index past the last command.
    pub fn of(&self, index: usize) -> &[&'static str] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => self.ids.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A position in the list of ids: more than four thousand million ids do not fit in memory
/// before they fit here.
fn position(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}
