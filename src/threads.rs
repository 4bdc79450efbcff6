//! How many threads a run uses (`--threads`), and one way to spread independent work over them
//! with the result one thread would give: `map_in_order` returns each item's result in the
//! items' order, whichever thread computed it. Judging (rules, deployments, recognition) and the
//! normaliser use it; loading has its own threads (`evidence::parallel`), which merge files in
//! discovery order as they come.
//!
//! The work runs on a rayon pool of exactly that many threads. Work shared out from inside
//! shared-out work (the rules of one deployment while the deployments are judged) goes to the
//! same pool, whose idle threads take it over: one large deployment no longer runs on one thread
//! while the others wait, and a run never uses more threads than it was given.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

/// Threads to use; 0 means one per available core.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Stack size of the worker threads: the main thread's, not the 2 MiB spawned threads get by
/// default, since the parsers and the evaluator recurse (to a bounded depth) over hostile,
/// deeply nested input.
pub const STACK_BYTES: usize = 8 * 1024 * 1024;

/// The pools made so far, by size: a run uses one, tests several.
static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());

/// Sets the number of threads (`--threads N`); 0 restores the default.
pub fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

/// The number of threads a run uses.
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The pool of `n` threads, made on first use; `None` when its threads cannot be started.
fn pool(n: usize) -> Option<Arc<rayon::ThreadPool>> {
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = pools.iter().find(|(size, _)| *size == n) {
        return Some(Arc::clone(p));
    }
    let made = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .stack_size(STACK_BYTES)
        .thread_name(|i| format!("hybridlint-{i}"))
        .build()
        .ok()?;
    let made = Arc::new(made);
    pools.push((n, Arc::clone(&made)));
    Some(made)
}

/// Items handed out together by [`map_each_in_order`] at the least: many small items (commands,
/// records) cost less to share out in runs than one by one.
const CHUNK: usize = 1024;

/// [`map_in_order`] for many small items, shared out in runs of at least [`CHUNK`].
pub fn map_each_in_order<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() <= CHUNK {
        return items.iter().map(&f).collect();
    }
    run(|| items.par_iter().with_min_len(CHUNK).map(&f).collect())
        .unwrap_or_else(|| items.iter().map(&f).collect())
}

/// `f` of every item, in the items' order, computed on up to [`threads`] threads that take work
/// as they become free (items of very different cost balance out). On one thread, or when no
/// thread can be started, everything runs on the calling thread.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() <= 1 {
        return items.iter().map(&f).collect();
    }
    run(|| items.par_iter().with_max_len(1).map(&f).collect())
        .unwrap_or_else(|| items.iter().map(&f).collect())
}

/// Runs `work` (which shares itself out with rayon) on the run's pool: on the current one when
/// called from inside it, else on the pool of [`threads`] threads. `None` when there is no pool
/// to run on (one thread, or its threads could not be started): the caller works alone.
fn run<R: Send>(work: impl FnOnce() -> R + Send) -> Option<R> {
    if rayon::current_thread_index().is_some() {
        return Some(work());
    }
    let n = threads();
    if n <= 1 {
        return None;
    }
    Some(pool(n)?.install(work))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order() {
        set_threads(4);
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work: later items finish first on some threads.
        let out = map_in_order(&items, |n| {
            let spin = (1000 - n) * 50;
            (0..spin).fold(*n, |a, b| a ^ b) ^ (0..spin).fold(0, |a, b| a ^ b)
        });
        set_threads(0);
        assert_eq!(out, items);
    }

    #[test]
    fn small_items_come_back_in_order_in_chunks() {
        set_threads(2);
        let items: Vec<u64> = (0..5000).collect();
        let out = map_each_in_order(&items, |n| n * 3);
        set_threads(0);
        assert_eq!(out, items.iter().map(|n| n * 3).collect::<Vec<_>>());
    }

    #[test]
    fn work_shared_out_within_shared_out_work_stays_on_the_runs_threads() {
        // Run from inside a pool of two (as a run's judging is), not through the shared
        // setting, which other tests change while this one runs.
        let two = pool(2).expect("a pool of two threads");
        let seen = Mutex::new(std::collections::HashSet::new());
        let outer: Vec<u64> = (0..8).collect();
        let sums = two.install(|| {
            map_in_order(&outer, |o| {
                let inner: Vec<u64> = (0..3000).collect();
                let values = map_each_in_order(&inner, |i| {
                    if let Ok(mut s) = seen.lock() {
                        s.insert(std::thread::current().id());
                    }
                    i * o
                });
                values.iter().sum::<u64>()
            })
        });
        let expected: Vec<u64> = outer
            .iter()
            .map(|o| (0..3000).map(|i| i * o).sum())
            .collect();
        assert_eq!(sums, expected);
        let seen = seen.into_inner().unwrap_or_default();
        assert!(
            !seen.is_empty() && seen.len() <= 2,
            "{} threads",
            seen.len()
        );
    }

    #[test]
    fn one_thread_and_no_items_work() {
        assert!(map_in_order(&[] as &[u8], |x| *x).is_empty());
        set_threads(1);
        assert_eq!(map_in_order(&[1, 2, 3], |x| x * 2), vec![2, 4, 6]);
        set_threads(0);
    }
}
