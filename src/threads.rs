//! How many threads a run uses (`--threads`), and one way to spread independent work over them
//! with the result one thread would give: `map_in_order` returns each item's result in the
//! items' order, whichever thread computed it. Loading evidence and judging rules both use it.

use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Whether this thread is doing work [`map_in_order`] shared out.
    static IN_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Threads to use; 0 means one per available core.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Stack size of the worker threads: the main thread's, not the 2 MiB spawned threads get by
/// default, since the parsers and the evaluator recurse (to a bounded depth) over hostile,
/// deeply nested input.
pub const STACK_BYTES: usize = 8 * 1024 * 1024;

/// Sets how many threads a run uses (`--threads`); 0 restores the default (one per core).
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

/// Items handed to a thread at once by [`map_each_in_order`]: many small items (commands,
/// records) cost less to share out in runs than one by one.
const CHUNK: usize = 1024;

/// [`map_in_order`] for many small items: `f` of every item, in order, the items shared out in
/// runs of [`CHUNK`].
pub fn map_each_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads() <= 1 || items.len() <= CHUNK {
        return items.iter().map(&f).collect();
    }
    let chunks: Vec<&[T]> = items.chunks(CHUNK).collect();
    let mapped = map_in_order(&chunks, |chunk| chunk.iter().map(&f).collect::<Vec<R>>());
    let mut out = Vec::with_capacity(items.len());
    for part in mapped {
        out.extend(part);
    }
    out
}

/// `f` of every item, in the items' order, computed on up to [`threads`] threads that take the
/// next item as they become free (items of very different cost balance out). On one thread, or
/// when no thread can be started, everything runs on the calling thread.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = threads().min(items.len());
    // Work already shared out (a deployment judged on one thread normalises its own part) stays
    // on its thread: a run uses the threads it was given, not their square.
    if workers <= 1 || IN_WORKER.get() {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let work = || {
        let was = IN_WORKER.replace(true);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            if let Ok(mut slots) = results.lock() {
                slots[i] = Some(r);
            }
        }
        IN_WORKER.set(was);
    };
    std::thread::scope(|scope| {
        // This thread works too; the others help when they can be started.
        for _ in 1..workers {
            let _ = std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, work);
        }
        work();
    });
    let slots = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // A slot is empty only if its worker panicked, and the scope re-raises that panic before
    // this line; computing it here keeps the function total all the same.
    slots
        .into_iter()
        .zip(items)
        .map(|(r, item)| r.unwrap_or_else(|| f(item)))
        .collect()
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
    fn work_shared_out_is_not_shared_out_again() {
        set_threads(2);
        let outer: Vec<u64> = (0..4).collect();
        let threads_seen = map_in_order(&outer, |_| {
            let inner: Vec<u64> = (0..64).collect();
            let ids = map_in_order(&inner, |_| std::thread::current().id());
            ids.iter().all(|id| *id == std::thread::current().id())
        });
        set_threads(0);
        assert!(threads_seen.iter().all(|same| *same));
        assert!(!IN_WORKER.get());
    }

    #[test]
    fn one_thread_and_no_items_work() {
        assert!(map_in_order(&[] as &[u8], |x| *x).is_empty());
        set_threads(1);
        assert_eq!(map_in_order(&[1, 2, 3], |x| x * 2), vec![2, 4, 6]);
        set_threads(0);
    }
}
