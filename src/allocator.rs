//! The allocator programs built on this library use: mimalloc (the
//! `mimalloc` feature, on by default), which each binary installs with
//! `#[global_allocator] static A: chitieu::allocator::Allocator = …;` and
//! tunes with [`tune`] first thing in `main`.
//!
//! A run makes millions of small strings on every core; mimalloc is faster at
//! that than glibc's malloc and keeps less memory fragmented.

#[cfg(feature = "mimalloc")]
pub use mimalloc::MiMalloc as Allocator;

/// mimalloc keeps freed pages a while before returning them; a run frees
/// whole stages at once (the per-file results, then the frames), and keeping
/// them raised peak memory by a third at 3,000 files for no speed gained.
/// `MIMALLOC_PURGE_DELAY` in the environment still overrides. Does nothing
/// without the `mimalloc` feature.
pub fn tune() {
    #[cfg(feature = "mimalloc")]
    {
        // `mi_option_purge_delay` in mimalloc.h (v3), which the -sys crate does not name.
        const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: sets one of mimalloc's global options (an integer it
            // reads atomically); any thread may call it at any time.
            unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
        }
    }
}
