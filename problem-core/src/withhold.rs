//! Whether a detail goes on the wire ([`detail_shown`], asked by the
//! generated `__write`), and the one look the logs get at a detail the wire
//! withholds.
//!
//! `observe`'s probe sets a thread-local flag around the one `__write` it
//! makes ([`Reveal::set`]); the first `detail_shown` on the thread takes it
//! and answers "shown" once, so that the probe's sink receives the detail.
//! The probe's own `start` clears it too ([`Reveal::clear`]): nothing
//! rendered for the wire, on this thread or another, ever sees it.

use core::cell::Cell;

thread_local! {
    /// Set by [`Reveal::set`] for the one `__write` the probe makes.
    static REVEAL: Cell<bool> = const { Cell::new(false) };
}

/// Whether a detail goes on the wire: always below 500, and for 5xx only
/// when exposed (`expose_detail`). (Also true once while the logs' probe
/// reads a withheld detail: see the module docs.)
#[must_use]
#[inline]
pub fn detail_shown(status: u16, expose: bool) -> bool {
    expose || status < 500 || revealing()
}

/// Whether the detail about to be withheld should be given to the sink:
/// true once, inside a probe and before its sink's `start`.
#[inline]
fn revealing() -> bool {
    REVEAL.try_with(|flag| flag.replace(false)).unwrap_or(false)
}

/// The probe's permission to see one withheld detail; cleared when dropped,
/// however the probe ends.
pub(crate) struct Reveal(());

impl Reveal {
    /// Lets the next `detail_shown` on this thread answer "shown".
    pub(crate) fn set() -> Reveal {
        let _ = REVEAL.try_with(|flag| flag.set(true));
        Reveal(())
    }

    /// Clears the flag; whether it was still set (no `detail_shown` took it).
    pub(crate) fn clear() -> bool {
        REVEAL.try_with(|flag| flag.replace(false)).unwrap_or(false)
    }
}

impl Drop for Reveal {
    fn drop(&mut self) {
        Reveal::clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_below_500_or_exposed() {
        assert!(detail_shown(404, false));
        assert!(detail_shown(500, true));
        assert!(!detail_shown(500, false));
    }

    #[test]
    fn the_reveal_flag_is_taken_once_and_cleared() {
        assert!(!detail_shown(500, false));
        {
            let _reveal = Reveal::set();
            assert!(detail_shown(500, false));
            assert!(!detail_shown(500, false));
            let _again = Reveal::set();
        }
        // Cleared when the probe ends, however it ends.
        assert!(!detail_shown(500, false));
    }
}
