//! The process's memory allocator — mimalloc for small blocks, the system allocator for large
//! ones — and whether its pages may be huge (only in runs over many plan sets).
//!
//! A run makes over a million small allocations (item, cell and heading texts, ID keys, regex
//! captures), often freed on another thread than the one that made them: with glibc's
//! allocator alone, malloc and free took an eighth of a corpus run. Large blocks are few but
//! grow: pulldown-cmark's node vector doubles as a file is parsed, as do the Markdown model's
//! and the ID index's vectors. mimalloc moves a growing block to fresh memory, copying it and
//! touching new pages each time (40 % of a corpus run's page faults), where glibc extends it
//! in place or reuses memory just freed. Sending blocks from [`LARGE`] bytes up to the system
//! allocator took a corpus run from about 8,500 page faults to 6,800, its peak memory from 42
//! to 34 MB (55 to 47 MB on sixteen copies) and its CPU time down 2 % (`bench/compare.sh`).
//!
//! Most of a run's remaining page faults are first touches of mimalloc's fresh pages; with
//! transparent huge pages a fault maps 2 MiB instead of 4 KiB. That pays on a run over many
//! plan sets and not on a small one, which zeroes whole huge pages it barely uses: see
//! [`huge_pages`].
//!
//! mimalloc is called through its C functions rather than the `mimalloc` crate, which asks for
//! every block with `mi_malloc_aligned`: its alignment checks cost a corpus run 1.2 % of its
//! instructions, where nearly every Rust layout needs no more alignment than any mimalloc
//! block has.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The size from which a block is the system allocator's: just above mimalloc's small objects
/// (up to 10 KiB, kept in 64 KiB pages). 4 and 64 KiB measured about the same.
pub const LARGE: usize = 16 * 1024;

/// The number of plan sets from which a run turns transparent huge pages on (see
/// [`huge_pages`]): more than a commit hook usually lints, and where they were measured to pay.
pub const HUGE_PAGES_MIN_SETS: usize = 8;

/// Allow or forbid transparent huge pages for the rest of the process's life (Linux; a no-op
/// elsewhere). mimalloc asks for them on its arenas; the kernel grants them at each page
/// fault unless the process has switched them off, so `main` forbids them before any work and
/// a run of [`HUGE_PAGES_MIN_SETS`] plan sets or more allows them once it knows its size.
/// On the real-plan corpus (227 plan sets) that took page faults from 6,600 to 4,500 and the
/// wall time to about 0.97–0.98 (`bench/compare.sh`); on one plan set they cost up to a fifth
/// more CPU time.
pub fn huge_pages(allowed: bool) {
    #[cfg(target_os = "linux")]
    {
        let disable = libc::c_ulong::from(!allowed);
        // SAFETY: PR_SET_THP_DISABLE takes an integer flag and no pointers; it only changes
        // which page size later faults may map. On failure (an old kernel) the default stays.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, 0, 0, 0) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allowed;
}

/// The alignment every block of mimalloc's plain functions has (`MI_MAX_ALIGN_SIZE`, 16 bytes
/// on 64-bit targets); a layout asking for more goes to the aligned functions.
const MIMALLOC_ALIGN: usize = if cfg!(target_pointer_width = "64") {
    16
} else {
    8
};

/// mimalloc, with the plain functions where the layout's alignment allows them.
struct Mimalloc;

impl Mimalloc {
    fn plain(layout: Layout) -> bool {
        layout.align() <= MIMALLOC_ALIGN
    }

    /// A new block from `plain` or, for a layout aligned beyond it, `aligned` (mimalloc's
    /// allocation functions with and without zeroing).
    ///
    /// # Safety
    /// As for [`GlobalAlloc::alloc`].
    #[inline(always)]
    unsafe fn new_block(
        layout: Layout,
        plain: unsafe extern "C" fn(usize) -> *mut c_void,
        aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
    ) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions take any size and a power-of-two alignment,
        // which a `Layout` has.
        let block = unsafe {
            if Self::plain(layout) {
                plain(layout.size())
            } else {
                aligned(layout.size(), layout.align())
            }
        };
        block.cast()
    }

    /// # Safety
    /// `ptr` is a live block from [`Mimalloc`].
    unsafe fn dealloc(ptr: *mut u8) {
        // SAFETY: mimalloc frees any block it made, whatever function made it.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    /// # Safety
    /// As for [`GlobalAlloc::realloc`], for a block from [`Mimalloc`].
    unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is a live mimalloc block (the caller's contract); the new block keeps
        // the layout's alignment.
        let block = unsafe {
            if Self::plain(layout) {
                mi::mi_realloc(ptr.cast(), new_size)
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align())
            }
        };
        block.cast()
    }
}

/// mimalloc below [`LARGE`] bytes, the system allocator from there.
///
/// Which allocator owns a block follows from its size alone, and Rust hands `dealloc` and
/// `realloc` the layout the block was allocated (or last reallocated) with, so each block is
/// always returned to the allocator that made it.
pub struct Split;

fn is_large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: every call is forwarded to the allocator that owns the block (see `Split`), with the
// caller's layout; a block changing owners in `realloc` is copied into a new block of the
// new owner and the old one returned to its own.
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe {
            if is_large(layout.size()) {
                System.alloc(layout)
            } else {
                Mimalloc::new_block(layout, mi::mi_malloc, mi::mi_malloc_aligned)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if is_large(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                Mimalloc::new_block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated with `layout`, so by the allocator its size picks.
        unsafe {
            if is_large(layout.size()) {
                System.dealloc(ptr, layout)
            } else {
                Mimalloc::dealloc(ptr)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is live with `layout` (the caller's contract), and `new_size`, rounded
        // up to `layout.align()`, does not overflow `isize` (ditto), so `new_layout` is valid.
        unsafe {
            match (is_large(layout.size()), is_large(new_size)) {
                (true, true) => System.realloc(ptr, layout, new_size),
                (false, false) => Mimalloc::realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block of counting bytes grown and shrunk across [`LARGE`], at several alignments,
    /// through `Split` directly (the test binary keeps the default allocator).
    #[test]
    fn blocks_keep_their_bytes_when_they_change_allocator() {
        let split = Split;
        let sizes = [
            16,
            LARGE - 1,
            LARGE,
            3 * LARGE,
            LARGE - 1,
            100,
            5 * LARGE,
            8,
        ];
        for align in [1, 8, 64, 4096] {
            let mut layout = Layout::from_size_align(sizes[0], align).unwrap();
            // SAFETY: every block is used within its layout and freed once with it.
            unsafe {
                let mut ptr = split.alloc(layout);
                assert!(!ptr.is_null());
                for i in 0..layout.size() {
                    *ptr.add(i) = i as u8;
                }
                for &size in &sizes[1..] {
                    let kept = layout.size().min(size);
                    ptr = split.realloc(ptr, layout, size);
                    assert!(!ptr.is_null());
                    assert_eq!(ptr as usize % align, 0, "{size} bytes aligned to {align}");
                    for i in 0..kept {
                        assert_eq!(*ptr.add(i), i as u8, "byte {i} after {size} bytes");
                    }
                    layout = Layout::from_size_align(size, align).unwrap();
                    for i in kept..size {
                        *ptr.add(i) = i as u8;
                    }
                }
                split.dealloc(ptr, layout);
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_switch_the_process_flag() {
        // SAFETY: PR_GET_THP_DISABLE takes no pointers and returns the flag.
        let disabled = || unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        huge_pages(false);
        assert_eq!(disabled(), 1);
        huge_pages(true);
        assert_eq!(disabled(), 0);
    }

    #[test]
    fn zeroed_blocks_are_zero_on_both_sides() {
        let split = Split;
        for size in [64, LARGE, 4 * LARGE] {
            let layout = Layout::from_size_align(size, 16).unwrap();
            // SAFETY: the block is read within its layout and freed once with it.
            unsafe {
                let ptr = split.alloc_zeroed(layout);
                assert!(!ptr.is_null());
                assert!((0..size).all(|i| *ptr.add(i) == 0), "{size} bytes");
                split.dealloc(ptr, layout);
            }
        }
    }
}
