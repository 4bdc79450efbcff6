//! One deployment's part of the run's model, without reading its files again: the items of the
//! files it keeps, with every index a loader recorded (file, command, error) renumbered as if
//! those files alone had been read, the inverse of `parallel::merge`. The caller normalises the
//! part, as a load does. Evidence order keeps its values: only its sequence matters.

use crate::model::{EvidenceKind, Model, ProbeEvidence};

/// The raw evidence of the files whose paths `keep` accepts (not yet normalised).
pub fn files_of(model: &Model, keep: &dyn Fn(&str) -> bool) -> Model {
    let mut part = Model::new(model.now, model.expected.clone());
    // Old index → new index, for files, commands and errors.
    let mut file_map: Vec<Option<usize>> = Vec::with_capacity(model.files.len());
    for f in &model.files {
        if keep(&f.path) {
            file_map.push(Some(part.files.len()));
            part.files.push(f.clone());
        } else {
            file_map.push(None);
        }
    }
    let file = |i: usize| file_map.get(i).copied().flatten();
    let kept_path = |path: &str| keep(path);
    part.problems = model
        .problems
        .iter()
        .filter(|p| kept_path(&p.location.path))
        .cloned()
        .collect();
    macro_rules! by_file {
        ($field:ident) => {
            part.$field = model
                .$field
                .iter()
                .filter_map(|x| {
                    let f = file(x.file)?;
                    let mut x = x.clone();
                    x.file = f;
                    Some(x)
                })
                .collect();
        };
    }
    by_file!(certificates);
    by_file!(not_certificates);
    by_file!(private_keys);
    by_file!(method_calls);
    by_file!(assignments);
    by_file!(secrets);
    let command_map: Vec<Option<usize>> = {
        let mut next = 0;
        model
            .commands
            .iter()
            .map(|c| {
                file(c.file).map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    };
    let error_map: Vec<Option<usize>> = {
        let mut next = 0;
        model
            .errors
            .iter()
            .map(|e| {
                file(e.file).map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    };
    let command = |c: Option<usize>| c.and_then(|c| command_map.get(c).copied().flatten());
    // Commands and records are most of a large deployment's part: copied on the run's threads.
    part.commands = crate::threads::map_each_in_order(&model.commands, |c| {
        let f = file(c.file)?;
        let index = command_map.get(c.index).copied().flatten()?;
        let mut c = c.clone();
        c.file = f;
        c.index = index;
        c.error = c.error.and_then(|e| error_map.get(e).copied().flatten());
        Some(c)
    })
    .into_iter()
    .flatten()
    .collect();
    part.errors = model
        .errors
        .iter()
        .filter_map(|e| {
            let f = file(e.file)?;
            let mut e = e.clone();
            e.file = f;
            e.command = command(e.command);
            Some(e)
        })
        .collect();
    part.records = crate::threads::map_each_in_order(&model.records, |r| {
        let f = file(r.file)?;
        let mut r = r.clone();
        r.file = f;
        r.command = command(r.command);
        Some(r)
    })
    .into_iter()
    .flatten()
    .collect();
    part.prompts = model
        .prompts
        .iter()
        .filter_map(|p| {
            let f = file(p.file)?;
            let mut p = p.clone();
            p.file = f;
            p.command = command(p.command);
            Some(p)
        })
        .collect();
    part.parse_errors = model
        .parse_errors
        .iter()
        .filter(|p| kept_path(&p.location.path))
        .cloned()
        .collect();
    part.broken_continuations = model
        .broken_continuations
        .iter()
        .filter(|p| kept_path(&p.location.path))
        .cloned()
        .collect();
    // A replayed recording's observations belong to the part that holds it.
    part.probes = if part.files.iter().any(|f| f.kind == EvidenceKind::Recording) {
        model.probes.clone()
    } else {
        ProbeEvidence::default()
    };
    part
}
