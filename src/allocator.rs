//! The binary's allocator, mimalloc, and how soon it gives freed memory back to the system.
//!
//! A run reads every file into partial models, parses and merges them, and frees the scratch
//! each file needed; mimalloc keeps freed pages for a while (a second by default) before returning
//! them, so on a large evidence folder the scratch of the last files read was still resident at
//! the run's peak (issue #14: 31 MB of 157 for `hybridlint model` on the bench's 50 MB corpus).
//! Returning them at once cost no measurable time there.

use std::ffi::{c_int, c_long};

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
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Has mimalloc return freed memory at once, unless the user set the delay themselves.
/// Called first thing in `main`, before any thread starts.
pub(crate) fn purge_freed_memory_at_once() {
    if std::env::var_os(PURGE_DELAY_VARIABLE).is_none() {
        // SAFETY: setting an option takes no pointers; mimalloc reads it on later purges.
        unsafe { mi_option_set(PURGE_DELAY, 0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        purge_freed_memory_at_once();
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 0);
    }
}
