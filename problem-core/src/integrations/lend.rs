//! A value lent to the current thread while a request's future is polled:
//! how a framework's layer makes its request's context known to the problem
//! responses rendered inside the poll, on whatever thread the poll runs.
//!
//! Each layer declares its own slot (`scoped_thread_local!`). The value is
//! lent by reference: it stays where it is, in the layer's future, and the
//! slot holds a pointer to it for the poll (nothing is moved, allocated or
//! counted). When the poll returns or unwinds, the slot holds again what it
//! held before: nothing, or the scope of a layer further out.

use scoped_tls::ScopedKey;

/// A thread-local slot a value is lent to.
pub(crate) type Slot<T> = &'static ScopedKey<T>;

/// Calls `f` with the value lent to this thread, if any. The value stays
/// lent while `f` runs: a `with` inside `f` (a problem rendered while one
/// is rendered) sees it too.
pub(crate) fn with<T, R>(key: Slot<T>, f: impl FnOnce(Option<&T>) -> R) -> R {
    if key.is_set() {
        key.with(|value| f(Some(value)))
    } else {
        f(None)
    }
}

/// Lends `value` to this thread while `f` runs (the thread's previous
/// value, if any, is lent again afterwards).
pub(crate) fn lend<T, R>(key: Slot<T>, value: &T, f: impl FnOnce() -> R) -> R {
    key.set(value, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    scoped_tls::scoped_thread_local!(static SLOT: u32);

    fn current() -> Option<u32> {
        with(&SLOT, |v| v.copied())
    }

    #[test]
    fn lent_while_the_closure_runs_and_nested() {
        assert_eq!(current(), None);
        assert!(!SLOT.is_set());
        lend(&SLOT, &1, || {
            assert_eq!(current(), Some(1));
            assert!(SLOT.is_set());
            lend(&SLOT, &2, || {
                assert_eq!(current(), Some(2));
                // Borrowed, not taken: seen inside a borrower too.
                with(&SLOT, |v| {
                    assert_eq!(v, Some(&2));
                    assert_eq!(current(), Some(2));
                });
            });
            assert_eq!(current(), Some(1));
        });
        assert_eq!(current(), None);
    }

    #[test]
    fn no_longer_lent_when_the_poll_unwinds() {
        let caught = std::panic::catch_unwind(|| {
            lend(&SLOT, &7, || panic!("the inner future panicked"));
        });
        assert!(caught.is_err());
        assert_eq!(current(), None);
    }

    #[test]
    fn still_lent_when_a_borrower_unwinds() {
        lend(&SLOT, &3, || {
            let caught = std::panic::catch_unwind(|| with(&SLOT, |_| panic!("a Display panicked")));
            assert!(caught.is_err());
            assert_eq!(current(), Some(3));
        });
    }
}
