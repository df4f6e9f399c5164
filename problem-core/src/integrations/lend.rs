//! A value lent to the current thread while a request's future is polled:
//! how a framework's layer makes its request's context known to the problem
//! responses rendered inside the poll, on whatever thread the poll runs.
//!
//! Each layer declares its own thread-local slot; the value moves in for the
//! poll and back out afterwards (nothing is allocated or counted), even when
//! the poll unwinds.

use core::cell::Cell;
use std::thread::LocalKey;

/// A thread-local slot a value is lent to.
pub(crate) type Slot<T> = &'static LocalKey<Cell<Option<T>>>;

/// Calls `f` with the value lent to this thread, if any (borrowed: nothing
/// is copied). While `f` runs, the value is out of the slot: a `with` inside
/// `f` sees none. It goes back when `f` returns or unwinds.
pub(crate) fn with<T: 'static, R>(key: Slot<T>, f: impl FnOnce(Option<&T>) -> R) -> R {
    /// Puts the value back, however `f` ends.
    struct Back<T: 'static> {
        key: Slot<T>,
        value: Option<T>,
    }
    impl<T: 'static> Drop for Back<T> {
        fn drop(&mut self) {
            if let Some(value) = self.value.take() {
                let _ = self.key.try_with(|cell| cell.set(Some(value)));
            }
        }
    }
    let back = Back {
        key,
        value: key.try_with(Cell::take).ok().flatten(),
    };
    f(back.value.as_ref())
}

/// Whether a value is lent to this thread.
#[cfg_attr(not(feature = "actix-web"), allow(dead_code))]
pub(crate) fn is_lent<T: 'static>(key: Slot<T>) -> bool {
    key.try_with(|cell| {
        let value = cell.take();
        let lent = value.is_some();
        cell.set(value);
        lent
    })
    .unwrap_or(false)
}

/// Lends the value in `slot` to this thread until the guard drops, which
/// puts it back, and the thread's previous value in its place.
pub(crate) fn lend<T: 'static>(key: Slot<T>, slot: &mut Option<T>) -> Lent<'_, T> {
    let mut lent = slot.take();
    match key.try_with(|cell| cell.replace(lent.take())) {
        Ok(previous) => Lent {
            key,
            slot,
            previous: Some(previous),
        },
        // The thread is going away: nothing is lent.
        Err(_) => {
            *slot = lent;
            Lent {
                key,
                slot,
                previous: None,
            }
        }
    }
}

/// Puts the lent value back.
pub(crate) struct Lent<'a, T: 'static> {
    key: Slot<T>,
    slot: &'a mut Option<T>,
    /// `None`: nothing was lent.
    previous: Option<Option<T>>,
}

impl<T: 'static> Drop for Lent<'_, T> {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take()
            && let Ok(lent) = self.key.try_with(|cell| cell.replace(previous))
        {
            *self.slot = lent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: Cell<Option<u32>> = const { Cell::new(None) };
    }

    #[test]
    fn lent_for_the_guards_life_and_nested() {
        assert_eq!(current(), None);
        assert!(!is_lent(&SLOT));
        let mut outer = Some(1);
        {
            let _outer = lend(&SLOT, &mut outer);
            assert_eq!(current(), Some(1));
            assert!(is_lent(&SLOT));
            let mut inner = Some(2);
            {
                let _inner = lend(&SLOT, &mut inner);
                assert_eq!(current(), Some(2));
                // Out of the slot while borrowed.
                with(&SLOT, |v| {
                    assert_eq!(v, Some(&2));
                    assert_eq!(current(), None);
                });
            }
            assert_eq!(inner, Some(2));
            assert_eq!(current(), Some(1));
        }
        assert_eq!(outer, Some(1));
        assert_eq!(current(), None);
    }

    fn current() -> Option<u32> {
        with(&SLOT, |v| v.copied())
    }

    #[test]
    fn given_back_when_the_borrower_unwinds() {
        let mut value = Some(3);
        let _lent = lend(&SLOT, &mut value);
        let caught = std::panic::catch_unwind(|| with(&SLOT, |_| panic!("a Display panicked")));
        assert!(caught.is_err());
        assert_eq!(current(), Some(3));
    }

    #[test]
    fn given_back_when_the_poll_unwinds() {
        let mut value = Some(7);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _lent = lend(&SLOT, &mut value);
            panic!("the inner future panicked");
        }));
        assert!(caught.is_err());
        assert_eq!(value, Some(7));
        assert_eq!(current(), None);
    }
}
