//! What [`ProblemService`](super::ProblemService) makes known to the problem
//! responses rendered while it polls the request's future: the request's
//! context, its language, and whether the layer observes problems.
//!
//! A thread-local value, set around each poll of the inner future (so that it
//! is seen on whatever thread the poll runs, and only during it), restored
//! afterwards even when the poll unwinds.

use core::cell::RefCell;
use std::sync::Arc;

#[cfg(feature = "i18n")]
use ::axum::http::HeaderValue;

#[cfg(feature = "i18n")]
use crate::i18n::Localizer;

/// One request's scope.
pub(crate) struct Scope {
    pub(crate) request_id: String,
    /// The request path: the `instance` of a problem that has none.
    pub(crate) instance: String,
    pub(crate) trace_id: Option<String>,
    /// The layer has an `on_problem` hook: every problem's report is wanted.
    pub(crate) hooked: bool,
    #[cfg(feature = "i18n")]
    pub(crate) localizer: Option<Arc<dyn Localizer>>,
    #[cfg(feature = "i18n")]
    pub(crate) accept_language: Option<HeaderValue>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Scope>>> = const { RefCell::new(None) };
}

impl Scope {
    /// The scope of the poll running on this thread, if any.
    pub(crate) fn current() -> Option<Arc<Scope>> {
        CURRENT
            .try_with(|cell| cell.try_borrow().ok().and_then(|s| s.clone()))
            .ok()
            .flatten()
    }

    /// Makes this scope current until the guard drops.
    pub(crate) fn enter(self: &Arc<Self>) -> Entered {
        let previous = CURRENT
            .try_with(|cell| {
                cell.try_borrow_mut()
                    .ok()
                    .map(|mut current| current.replace(Arc::clone(self)))
            })
            .ok()
            .flatten();
        Entered { previous }
    }
}

/// Restores the scope that was current before [`Scope::enter`].
pub(crate) struct Entered {
    /// `None`: nothing to restore (the thread-local was not available).
    previous: Option<Option<Arc<Scope>>>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            let _ = CURRENT.try_with(|cell| {
                if let Ok(mut current) = cell.try_borrow_mut() {
                    *current = previous;
                }
            });
        }
    }
}
