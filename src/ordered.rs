//! Parallel work with ordered, streaming results: the items of `0..n` are produced on a
//! worker pool and handed to the calling thread in index order as soon as all before them
//! are in. Workers take items in order and stay within a window of the last item handed
//! over, so the results held at any time are bounded by the window, not by `n` — a run over
//! thousands of plan sets keeps a handful of them in memory.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

/// Finished results a worker may run ahead of the caller, per worker thread.
const AHEAD_PER_THREAD: usize = 4;

/// Produce `produce(i)` for every `i` in `0..n` on `pool`; call `consume(i, result)` on the
/// calling thread in increasing `i`. A panic in either stops the workers and is raised again
/// on the calling thread.
pub fn for_each<T: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    produce: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T),
) {
    let window = pool.current_num_threads().max(1) * AHEAD_PER_THREAD;
    let next = AtomicUsize::new(0);
    // How many results the caller has taken (item `i` starts only once `i < taken + window`),
    // and whether the run is being abandoned after a panic.
    let taken = Mutex::new((0usize, false));
    let room = Condvar::new();
    let (sender, finished) = std::sync::mpsc::channel::<(usize, std::thread::Result<T>)>();
    let mut panicked = None;
    pool.in_place_scope(|scope| {
        for _ in 0..pool.current_num_threads().min(n) {
            let sender = sender.clone();
            let (next, taken, room, produce) = (&next, &taken, &room, &produce);
            scope.spawn(move |_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let mut held = taken.lock().unwrap_or_else(PoisonError::into_inner);
                while !held.1 && i >= held.0 + window {
                    held = room.wait(held).unwrap_or_else(PoisonError::into_inner);
                }
                if held.1 {
                    break;
                }
                drop(held);
                let result = catch_unwind(AssertUnwindSafe(|| produce(i)));
                if sender.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut early: BTreeMap<usize, T> = BTreeMap::new();
        let mut expected = 0;
        'receiving: for (i, result) in &finished {
            match result {
                Ok(result) => early.insert(i, result),
                Err(payload) => {
                    panicked = Some(payload);
                    break 'receiving;
                }
            };
            while let Some(result) = early.remove(&expected) {
                let consumed = catch_unwind(AssertUnwindSafe(|| consume(expected, result)));
                if let Err(payload) = consumed {
                    panicked = Some(payload);
                    break 'receiving;
                }
                expected += 1;
                taken.lock().unwrap_or_else(PoisonError::into_inner).0 = expected;
                room.notify_all();
            }
        }
        // Release waiting workers; results still in flight are dropped with the channel.
        taken.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
        room.notify_all();
        drop(finished);
    });
    if let Some(payload) = panicked {
        resume_unwind(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order_and_within_the_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let started = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let mut most_ahead = 0;
        for_each(
            &pool,
            200,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                // Early items are slow, so later ones would race ahead without the window.
                if i % 50 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                i * 2
            },
            |i, doubled| {
                most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - i);
                seen.push((i, doubled));
            },
        );
        assert_eq!(seen, (0..200).map(|i| (i, i * 2)).collect::<Vec<_>>());
        assert!(most_ahead <= 3 * AHEAD_PER_THREAD + 1, "{most_ahead}");
    }

    #[test]
    fn a_panic_stops_the_run_and_reaches_the_caller() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        for failing in [0, 37] {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                for_each(
                    &pool,
                    500,
                    |i| {
                        assert_ne!(i, failing, "produce fails");
                        i
                    },
                    |_, _| {},
                )
            }));
            assert!(outcome.is_err(), "item {failing}");
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            for_each(&pool, 500, |i| i, |i, _| assert_ne!(i, 3, "consume fails"))
        }));
        assert!(outcome.is_err());
    }

    #[test]
    fn nothing_to_do() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut calls = 0;
        for_each(&pool, 0, |i| i, |_, _| calls += 1);
        assert_eq!(calls, 0);
    }
}
