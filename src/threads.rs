//! How many threads a run uses (`--threads`), and one way to spread independent work over them
//! with the result one thread would give: `map_in_order` returns each item's result in the
//! items' order, whichever thread computed it (`map_costliest_first` starts the costliest first),
//! and `join` runs two independent steps side by side. Judging (rules, deployments, recognition)
//! and the normaliser use them; loading has its own threads (`evidence::parallel`), which merge files in
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

/// [`map_in_order`], with the items started costliest first by `cost` (items of equal cost in
/// their order): one large item started last would run alone while the other threads idle. The
/// results still come in the items' order.
pub fn map_costliest_first<T: Sync, R: Send>(
    items: &[T],
    cost: impl Fn(&T) -> u64,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    let mut order: Vec<(u64, usize)> = items.iter().map(&cost).zip(0..).collect();
    order.sort_by_key(|&(c, i)| (std::cmp::Reverse(c), i));
    let results = map_in_order(&order, |&(_, i)| items.get(i).map(&f));
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for ((_, i), r) in order.into_iter().zip(results) {
        if let Some(slot) = slots.get_mut(i) {
            *slot = r;
        }
    }
    slots.into_iter().flatten().collect()
}

/// `a()` and `b()`, side by side on the run's threads when it has more than one (either may share
/// its own work out further), else one after the other on the calling thread: for two independent
/// steps of a run, one of which would otherwise leave the other threads idle.
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    join_in(place(), a, b)
}

/// [`join`] at a given place.
fn join_in<A: Send, B: Send>(
    place: Place,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    match place {
        Place::Inside => rayon::join(a, b),
        Place::Pool(pool) => pool.install(|| rayon::join(a, b)),
        Place::Alone => (a(), b()),
    }
}

/// Where work shared out with rayon runs.
enum Place {
    /// On the pool the caller already runs on (work shared out from shared-out work).
    Inside,
    /// On the pool of [`threads`] threads.
    Pool(Arc<rayon::ThreadPool>),
    /// On the calling thread alone: one thread, or the pool's threads could not be started.
    Alone,
}

fn place() -> Place {
    place_for(threads())
}

/// Where work shared out on `n` threads runs.
fn place_for(n: usize) -> Place {
    if rayon::current_thread_index().is_some() {
        return Place::Inside;
    }
    if n <= 1 {
        return Place::Alone;
    }
    pool(n).map_or(Place::Alone, Place::Pool)
}

/// Runs `work` (which shares itself out with rayon) on the run's pool: on the current one when
/// called from inside it, else on the pool of [`threads`] threads. `None` when there is no pool
/// to run on (one thread, or its threads could not be started): the caller works alone.
fn run<R: Send>(work: impl FnOnce() -> R + Send) -> Option<R> {
    match place() {
        Place::Inside => Some(work()),
        Place::Pool(pool) => Some(pool.install(work)),
        Place::Alone => None,
    }
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
    fn costliest_first_gives_the_results_in_the_items_order() {
        let two = pool(2).expect("a pool of two threads");
        let items: Vec<u64> = (0..50).collect();
        let started = Mutex::new(Vec::new());
        let out = two.install(|| {
            map_costliest_first(
                &items,
                |n| n % 7,
                |n| {
                    if let Ok(mut s) = started.lock() {
                        s.push(*n);
                    }
                    n * 2
                },
            )
        });
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        // Each item ran once.
        let mut started = started.into_inner().unwrap_or_default();
        started.sort_unstable();
        assert_eq!(started, items);
    }

    #[test]
    fn join_runs_both_sides_at_once_on_a_pool() {
        let two = pool(2).expect("a pool of two threads");
        let (tx, rx) = std::sync::mpsc::channel();
        // The first side waits for the second: it sees the signal only if both run at once.
        let (waited, sent) = two.install(|| {
            join(
                move || rx.recv_timeout(std::time::Duration::from_secs(20)).is_ok(),
                move || tx.send(()).is_ok(),
            )
        });
        assert!(waited && sent);
    }

    #[test]
    fn join_on_one_thread_runs_both_in_turn() {
        let order = Mutex::new(Vec::new());
        // From a thread of no pool, with one thread.
        assert!(matches!(place_for(1), Place::Alone));
        let (a, b) = join_in(
            Place::Alone,
            || {
                order.lock().map(|mut o| o.push('a')).ok();
                1
            },
            || {
                order.lock().map(|mut o| o.push('b')).ok();
                2
            },
        );
        assert_eq!((a, b), (1, 2));
        assert_eq!(order.into_inner().unwrap_or_default(), vec!['a', 'b']);
    }

    #[test]
    fn one_thread_and_no_items_work() {
        assert!(map_in_order(&[] as &[u8], |x| *x).is_empty());
        set_threads(1);
        assert_eq!(map_in_order(&[1, 2, 3], |x| x * 2), vec![2, 4, 6]);
        set_threads(0);
    }
}
