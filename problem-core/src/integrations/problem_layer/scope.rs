//! What [`ProblemService`](super::ProblemService) makes known to the problem
//! responses rendered while it polls the request's future: the request's
//! context, its language, and whether the layer observes problems.
//!
//! A thread-local value, lent by the request's future around each poll of
//! the inner future (so that it is seen on whatever thread the poll runs, and
//! only during it), taken back afterwards even when the poll unwinds.

use core::cell::Cell;
#[cfg(feature = "i18n")]
use std::sync::Arc;

use ::axum::http::{HeaderValue, Uri};

#[cfg(feature = "i18n")]
use crate::i18n::Localizer;

/// One request's scope.
#[derive(Clone)]
pub(crate) struct Scope {
    /// The request id (a visible-ASCII header value).
    pub(crate) request_id: HeaderValue,
    /// The request's URI: its path is the `instance` of a problem that has none.
    pub(crate) uri: Uri,
    pub(crate) trace_id: Option<String>,
    /// The layer has an `on_problem` hook: every problem's report is wanted.
    pub(crate) hooked: bool,
    #[cfg(feature = "i18n")]
    pub(crate) localizer: Option<Arc<dyn Localizer>>,
    #[cfg(feature = "i18n")]
    pub(crate) accept_language: Option<HeaderValue>,
}

thread_local! {
    static CURRENT: Cell<Option<Scope>> = const { Cell::new(None) };
}

impl Scope {
    /// The request id.
    pub(crate) fn request_id(&self) -> &str {
        self.request_id.to_str().unwrap_or_default()
    }

    /// The request path.
    pub(crate) fn instance(&self) -> &str {
        self.uri.path()
    }

    /// A copy of the scope of the poll running on this thread, if any (its
    /// parts are shared: reference counts, no copy of the strings but the
    /// trace id).
    pub(crate) fn current() -> Option<Scope> {
        CURRENT
            .try_with(|cell| {
                let scope = cell.take();
                let copy = scope.clone();
                cell.set(scope);
                copy
            })
            .ok()
            .flatten()
    }

    /// Lends the scope in `slot` to this thread until the guard drops, which
    /// puts it back (the scope moves; nothing is allocated or counted).
    pub(crate) fn enter(slot: &mut Option<Scope>) -> Entered<'_> {
        let mut lent = slot.take();
        let previous = CURRENT.try_with(|cell| cell.replace(lent.take()));
        match previous {
            Ok(previous) => Entered {
                slot,
                previous: Some(previous),
            },
            // The thread is going away: nothing is lent.
            Err(_) => {
                *slot = lent;
                Entered {
                    slot,
                    previous: None,
                }
            }
        }
    }
}

/// Puts the lent scope back, and the thread's previous scope in its place.
pub(crate) struct Entered<'a> {
    slot: &'a mut Option<Scope>,
    /// `None`: nothing was lent.
    previous: Option<Option<Scope>>,
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take()
            && let Ok(lent) = CURRENT.try_with(|cell| cell.replace(previous))
        {
            *self.slot = lent;
        }
    }
}
