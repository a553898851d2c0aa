//! Parallel work with ordered, streaming results: the items of `0..n` are produced on a
//! worker pool and handed to the calling thread in index order, a few at a time, as soon as
//! all before them are in. Workers take items in order and stay within a window of the last
//! item handed over, so the results held at any time are bounded by the window, not by `n` —
//! a run over thousands of plan sets keeps a handful of them in memory.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

/// Finished results a worker may run ahead of the caller, per worker thread.
const AHEAD_PER_THREAD: usize = 4;

/// What the workers and the caller share: how many results the caller has taken (item `i`
/// starts only once `i < taken + window`), the finished results not yet taken, and whether
/// the run is being abandoned after a panic.
struct Shared<T> {
    taken: usize,
    finished: BTreeMap<usize, std::thread::Result<T>>,
    abandoned: bool,
}

impl<T> Shared<T> {
    /// How many results from the next one the caller takes are finished, one after another.
    fn ready(&self) -> usize {
        (self.finished.keys())
            .zip(self.taken..)
            .take_while(|(i, expected)| *i == expected)
            .count()
    }

    fn failed(&self) -> bool {
        self.finished.values().any(|r| r.is_err())
    }

    /// Whether the caller has something to do: a batch of results to take (or the last ones
    /// of `n`), or a panic to raise.
    fn worth_waking(&self, batch: usize, n: usize) -> bool {
        let ready = self.ready();
        self.failed() || ready >= batch || (ready > 0 && self.taken + ready == n)
    }
}

/// Produce `produce(i)` for every `i` in `0..n` on `pool`; call `consume(i, result)` on the
/// calling thread in increasing `i`. A panic in either stops the workers and is raised again
/// on the calling thread.
///
/// The caller is woken for half a window of results at a time (or the last ones), not for
/// each: on a machine whose cores the workers keep busy, every wake-up takes a core from a
/// worker for a moment.
pub fn for_each<T: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    produce: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T),
) {
    let window = pool.current_num_threads().max(1) * AHEAD_PER_THREAD;
    let batch = (window / 2).max(1);
    let next = AtomicUsize::new(0);
    let shared = Mutex::new(Shared {
        taken: 0,
        finished: BTreeMap::new(),
        abandoned: false,
    });
    let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    let room = Condvar::new();
    let ready = Condvar::new();
    let mut panicked = None;
    pool.in_place_scope(|scope| {
        for _ in 0..pool.current_num_threads().min(n) {
            let (next, lock, room, ready, produce) = (&next, &lock, &room, &ready, &produce);
            scope.spawn(move |_| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let mut held = lock();
                while !held.abandoned && i >= held.taken + window {
                    held = room.wait(held).unwrap_or_else(PoisonError::into_inner);
                }
                if held.abandoned {
                    break;
                }
                drop(held);
                let result = catch_unwind(AssertUnwindSafe(|| produce(i)));
                let mut held = lock();
                held.finished.insert(i, result);
                if held.worth_waking(batch, n) {
                    ready.notify_one();
                }
            });
        }
        let mut taken = 0;
        'taking: while taken < n {
            let mut held = lock();
            while !held.worth_waking(batch, n) {
                held = ready.wait(held).unwrap_or_else(PoisonError::into_inner);
            }
            if held.failed() {
                break 'taking;
            }
            let mut results = Vec::with_capacity(batch);
            while let Some(entry) = held
                .finished
                .first_entry()
                .filter(|e| *e.key() == taken + results.len())
            {
                results.push(entry.remove());
            }
            drop(held);
            for result in results {
                if let Err(payload) = result
                    .and_then(|result| catch_unwind(AssertUnwindSafe(|| consume(taken, result))))
                {
                    panicked = Some(payload);
                    break 'taking;
                }
                taken += 1;
            }
            lock().taken = taken;
            room.notify_all();
        }
        // Release waiting workers; results not taken are dropped.
        let mut held = lock();
        held.abandoned = true;
        if panicked.is_none() {
            let failure = std::mem::take(&mut held.finished)
                .into_values()
                .find_map(Result::err);
            panicked = failure;
        }
        drop(held);
        room.notify_all();
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
    fn runs_shorter_than_a_batch_are_handed_over() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        for n in 1..=9 {
            let mut seen = Vec::new();
            for_each(&pool, n, |i| i, |i, r| seen.push((i, r)));
            assert_eq!(seen, (0..n).map(|i| (i, i)).collect::<Vec<_>>());
        }
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
