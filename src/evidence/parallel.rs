//! Reads evidence files on several threads with the result one thread would give: each file is
//! loaded into a model of its own (`load_one`), and those partial models are merged into the run's
//! model in discovery order (`merge`), which shifts every index a loader recorded (file, command,
//! error, evidence order) by what came before. The single-threaded path uses the same two steps,
//! so the two cannot drift apart.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::threads::{STACK_BYTES, threads};
use std::sync::mpsc;

use super::discover::Found;
use super::judged_lines::{LineWatch, judged_lines};
use super::resolve::next_order;
use crate::model::{EvidenceKind, FileLines, HeldLines, Model, Reread};
use crate::recording::ProbeFacts;

/// Below this many files, threads cost more than they save.
const MIN_FILES_FOR_THREADS: usize = 4;

/// Whether the model keeps each file's lines once the file is read. Findings copy their source
/// line from them; `hybridlint model` prints none, and need not hold the text of every file.
#[derive(Debug, Clone, Copy)]
pub enum Lines<'a> {
    Keep,
    Drop,
    /// Hold only the lines judging reads (`judged_lines`) of each file that can be read again;
    /// findings' other source lines are read again after judging (`check`).
    Hold(&'a LineWatch),
}

/// Reads every found file into `model`, calling `progress(index, total, path)` for each file in
/// discovery order as it joins the model.
pub fn load_all(
    found: &[Found],
    model: &mut Model,
    lines: Lines<'_>,
    progress: &mut dyn FnMut(usize, usize, &str),
) {
    let total = found.len();
    let threads = threads().min(total);
    if threads <= 1 || total < MIN_FILES_FOR_THREADS {
        // One entry per file, most often: room made once rather than by doubling.
        model.files.reserve(total);
        for (i, f) in found.iter().enumerate() {
            progress(i, total, &f.display);
            let partial = load_one(f, model, lines);
            merge(model, partial);
        }
        release_growth_room(model);
        return;
    }
    let next = AtomicUsize::new(0);
    let order = largest_first(found);
    let template = Model::new(model.now, model.expected.clone());
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Model)>();
        let mut spawned = 0;
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, template, order) = (&next, &template, &order);
            let work = move || {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let Some(f) = found.get(i) else { break };
                    if tx.send((i, load_one(f, template, lines))).is_err() {
                        break;
                    }
                }
            };
            // The main thread's stack size, not the 2 MiB spawned threads get by default: the
            // parsers recurse (to a bounded depth) over hostile, deeply nested input.
            if std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, work)
                .is_ok()
            {
                spawned += 1;
            }
        }
        drop(tx);
        if spawned == 0 {
            // No thread could be started: read on this one.
            for (i, f) in found.iter().enumerate() {
                progress(i, total, &f.display);
                merge(model, load_one(f, &template, lines));
            }
            return;
        }
        // Results that arrived before an earlier file finished wait here for their turn.
        let mut waiting: BTreeMap<usize, Model> = BTreeMap::new();
        let mut cursor = 0;
        for (i, partial) in rx {
            waiting.insert(i, partial);
            // Once every file left has arrived (with the largest read first, the first files
            // found are often the last read), the lists grow once to their final size rather
            // than doubling, and copying, as file after file is appended.
            if waiting.len() == total - cursor {
                reserve_for(model, waiting.values());
            }
            while let Some(partial) = waiting.remove(&cursor) {
                progress(cursor, total, &found[cursor].display);
                merge(model, partial);
                cursor += 1;
            }
        }
    });
    release_growth_room(model);
}

/// Calls the macro `$apply` with the model's lists that loading appends to, file after file:
/// one list for making room before the last merges and giving back room after them.
macro_rules! with_loaded_lists {
    ($apply:ident) => {
        $apply!(
            files,
            problems,
            certificates,
            not_certificates,
            private_keys,
            commands,
            method_calls,
            assignments,
            records,
            errors,
            prompts,
            parse_errors,
            broken_continuations,
            placeholders,
            secrets
        )
    };
}

/// Makes room in `model`'s lists for everything `partials` will add to them.
fn reserve_for<'a>(model: &mut Model, partials: impl Iterator<Item = &'a Model> + Clone) {
    macro_rules! reserve {
        ($($list:ident),*) => {$(
            model.$list.reserve_exact(partials.clone().map(|p| p.$list.len()).sum());
        )*};
    }
    with_loaded_lists!(reserve);
}

/// Gives back the room the merged lists kept for growth: appending file after file leaves each
/// up to half empty, and nothing is appended to most of them after loading.
fn release_growth_room(model: &mut Model) {
    macro_rules! shrink {
        ($($list:ident),*) => {$(
            model.$list.shrink_to_fit();
        )*};
    }
    with_loaded_lists!(shrink);
}

/// The order the threads take the files in: the largest first, so that one large transcript
/// met last does not leave the other threads idle while it is read (in discovery order, a
/// 100,000-line transcript sorting after the small ones held a two-thread run to 1.3×). Files of
/// the same size keep their discovery order; a file whose size cannot be read counts as empty.
fn largest_first(found: &[Found]) -> Vec<usize> {
    let size = |f: &Found| std::fs::metadata(&f.path).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = found
        .iter()
        .enumerate()
        .map(|(i, f)| (size(f), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, i)| i).collect()
}

/// One file read into a model of its own, judged at the same instant with the same facts.
pub fn load_one(found: &Found, like: &Model, lines: Lines<'_>) -> Model {
    let mut partial = Model::new(like.now, like.expected.clone());
    // Taken as the file was opened, before reading: a file changed after this is not read again
    // for snippets. Standard input has none.
    let seen = super::load_file_measured(&found.path, &found.display, &mut partial);
    match lines {
        Lines::Keep => {}
        Lines::Drop => {
            for f in &mut partial.files {
                f.lines = FileLines::default();
            }
        }
        Lines::Hold(watch) => {
            if let Some(meta) = seen {
                hold_judged_lines(&mut partial, found, &meta, watch);
            }
        }
    }
    partial
}

/// Replaces a lone file's whole text with the lines judging reads, when the file is read straight
/// from disk (a bundle's members are not: they are held whole).
fn hold_judged_lines(
    partial: &mut Model,
    found: &Found,
    meta: &std::fs::Metadata,
    watch: &LineWatch,
) {
    let [file] = partial.files.as_slice() else {
        return;
    };
    let FileLines::Whole(text) = &file.lines else {
        return;
    };
    // Only kinds whose blanked secrets the model records can be read again and blanked the same
    // way, by holding the blanked lines.
    if !super::records_secrets(file.kind) || file.path != found.display || text.is_empty() {
        return;
    }
    // Patterns that cannot be compiled together leave the file whole, as `Lines::Keep` would.
    let Some(patterns) = watch.compiled() else {
        return;
    };
    let numbers = judged_lines(partial, 0, text, patterns);
    let source = Reread {
        path: found.path.clone(),
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    let held = HeldLines::new(text, &numbers, source);
    partial.files[0].lines = FileLines::Held(held);
}

/// Appends a partial model (one file, see `load_one`) to `into`, shifting its indices.
pub fn merge(into: &mut Model, partial: Model) {
    let file_base = into.files.len();
    let command_base = into.commands.len();
    let error_base = into.errors.len();
    let order_base = next_order(into);
    let file = |f: usize| f + file_base;
    let command = |c: Option<usize>| c.map(|c| c + command_base);
    let Model {
        files,
        problems,
        certificates,
        not_certificates,
        private_keys,
        commands,
        method_calls,
        assignments,
        records,
        errors,
        prompts,
        parse_errors,
        broken_continuations,
        placeholders,
        secrets,
        configuration: _,
        // Computed on the merged model when it is normalised.
        superseded: _,
        in_uncalled_functions,
        // Recognised on the whole model, after every file is read.
        recognition: _,
        probes,
        expected: _,
        now: _,
    } = partial;
    let recording = files.iter().any(|f| f.kind == EvidenceKind::Recording);
    into.files.extend(files);
    into.problems.extend(problems);
    into.certificates
        .extend(certificates.into_iter().map(|mut c| {
            c.file = file(c.file);
            c
        }));
    into.not_certificates
        .extend(not_certificates.into_iter().map(|mut c| {
            c.file = file(c.file);
            c
        }));
    into.private_keys
        .extend(private_keys.into_iter().map(|mut k| {
            k.file = file(k.file);
            k
        }));
    into.in_uncalled_functions
        .extend(in_uncalled_functions.into_iter().map(|c| c + command_base));
    into.commands.extend(commands.into_iter().map(|mut c| {
        c.index += command_base;
        c.file = file(c.file);
        c.order += order_base;
        c.error = c.error.map(|e| e + error_base);
        c
    }));
    into.method_calls
        .extend(method_calls.into_iter().map(|mut m| {
            m.file = file(m.file);
            m.order += order_base;
            m
        }));
    into.assignments
        .extend(assignments.into_iter().map(|mut a| {
            a.file = file(a.file);
            a.order += order_base;
            a
        }));
    into.records.extend(records.into_iter().map(|mut r| {
        r.command = command(r.command);
        r.file = file(r.file);
        r.order += order_base;
        r
    }));
    into.errors.extend(errors.into_iter().map(|mut e| {
        e.command = command(e.command);
        e.file = file(e.file);
        e.order += order_base;
        e
    }));
    into.prompts.extend(prompts.into_iter().map(|mut p| {
        p.command = command(p.command);
        p.file = file(p.file);
        p
    }));
    into.parse_errors.extend(parse_errors);
    into.broken_continuations.extend(broken_continuations);
    into.placeholders.extend(placeholders);
    into.secrets.extend(secrets.into_iter().map(|mut s| {
        s.file = file(s.file);
        s
    }));
    // A recording's facts are kept when it is the first to bring observations, as when it was
    // ingested straight into the run's model.
    if recording
        && into.probes.is_empty()
        && (!probes.is_empty() || probes.facts != ProbeFacts::default())
    {
        into.probes.facts = probes.facts;
    }
    into.probes.dns.extend(probes.dns);
    into.probes.endpoints.extend(probes.endpoints);
}
