//! The binary's allocator, mimalloc, and how soon it gives freed memory back to the system.
//!
//! A run reads every file into partial models, parses and merges them, and frees the scratch
//! each file needed; mimalloc keeps freed pages for a while (a second by default) before returning
//! them, so on a large evidence folder the scratch of the last files read was still resident at
//! the run's peak (issue #14: 33 MB of 157 for `hybridlint model` on the bench's 50 MB corpus).
//! A delay of a few milliseconds gives nearly all of that back; none at all (purging at every
//! free) cost three times the system time, a fifth of a failing corpus's run while reporting.
//!
//! tree-sitter is C and allocates with the C library's `malloc` unless told otherwise: it is told
//! to use mimalloc too (`route_tree_sitter_here`).

use std::ffi::{c_int, c_long, c_void};

/// mimalloc: a run allocates and frees millions of small strings and lists (commands, values,
/// findings), where the system allocator spent a seventh of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in `mimalloc.h` (mimalloc v3, as built by libmimalloc-sys 0.1.49,
/// which declares no constant for it): the 16th option, milliseconds before freed memory is
/// purged. The test below holds it to the option's default.
const PURGE_DELAY: c_int = 15;

/// The environment variable mimalloc reads for that option: a user's own setting wins.
const PURGE_DELAY_VARIABLE: &str = "MIMALLOC_PURGE_DELAY";

// The library is linked by the `mimalloc` crate; these two are part of its public C interface.
unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_calloc(count: usize, size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, size: usize) -> *mut c_void;
    fn mi_free(p: *mut c_void);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Milliseconds freed memory waits before it goes back. Measured on the failing 50 MB corpus
/// (one thread): 0 ms gave `check` 151 MB and `model` 123 MB at 0.25-0.37 s of system time;
/// 3 ms gave 154 and 124 MB at 0.18-0.21 s; 10 ms 156 and 126 MB; the default 167 and 157 MB
/// at 0.12-0.15 s.
const PURGE_DELAY_MS: c_long = 3;

/// Has mimalloc give freed memory back after `PURGE_DELAY_MS`, unless the user set the delay
/// themselves. Called first thing in `main`, before any thread starts.
pub(crate) fn give_back_freed_memory_soon() {
    if std::env::var_os(PURGE_DELAY_VARIABLE).is_none() {
        // SAFETY: setting an option takes no pointers; mimalloc reads it on later purges.
        unsafe { mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

/// Has tree-sitter allocate its parse stacks, subtrees and trees with mimalloc. Parsing a
/// script makes and frees tens of thousands of small nodes: through the C library's allocator
/// that was a tenth of a folder of scripts' run (its `malloc`, `free` and consolidation), and
/// memory freed there is kept apart from mimalloc's. Called first thing in `main`, before any
/// parser or tree exists: what one allocator gave must not reach the other's `free`.
pub(crate) fn route_tree_sitter_here() {
    // SAFETY: no tree-sitter object exists yet (see above), and mimalloc's four functions have
    // the C library's signatures and contract (`mi_free` takes null); the binding also frees the
    // strings it is handed with the function set here.
    unsafe {
        tree_sitter::set_allocator(
            Some(mi_malloc),
            Some(mi_calloc),
            Some(mi_realloc),
            Some(mi_free),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Routed to mimalloc, tree-sitter parses, hands the binding a string it allocated (freed
    /// by the binding with the function set), and frees its tree. A `free` from the other
    /// allocator on any of these aborts the test process.
    #[test]
    fn tree_sitter_parses_and_frees_through_mimalloc() {
        route_tree_sitter_here();
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_powershell::LANGUAGE.into())
            .expect("the grammar loads");
        for _ in 0..3 {
            let tree = parser
                .parse("New-CsOAuthServer microsoft.sts -MetadataUrl $url", None)
                .expect("a parse");
            let text = tree.root_node().to_sexp();
            assert!(text.contains("command"), "{text}");
        }
    }

    #[test]
    fn the_option_set_is_the_purge_delay() {
        if std::env::var_os(PURGE_DELAY_VARIABLE).is_some() {
            return;
        }
        // mimalloc's options.c gives purge_delay a default of 1000 (ms); its neighbours default to
        // other values (the retired eager-commit delay 1, the NUMA node count 0), so a shifted
        // index shows.
        // SAFETY: reading an option takes no pointers.
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
        assert_ne!(unsafe { mi_option_get(PURGE_DELAY - 1) }, 1000);
        assert_ne!(unsafe { mi_option_get(PURGE_DELAY + 1) }, 1000);
        give_back_freed_memory_soon();
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, PURGE_DELAY_MS);
    }
}
