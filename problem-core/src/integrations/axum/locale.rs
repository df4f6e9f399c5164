//! The language of a request, made known by a localizing `ProblemLayer` to
//! the problem responses rendered while its inner service runs.

use core::cell::Cell;
use std::sync::Arc;

use ::axum::http::HeaderValue;

use crate::i18n::Localizer;

/// What a localizing `ProblemLayer` makes known to the problem responses
/// rendered while its inner service runs: a thread-local value, set around
/// each poll of the inner service's future (so that it is seen on whatever
/// thread the poll runs, and only during it).
#[derive(Clone)]
pub(crate) struct LocaleScope {
    pub(crate) localizer: Arc<dyn Localizer>,
    pub(crate) accept_language: Option<HeaderValue>,
}

thread_local! {
    static LOCALE: Cell<Option<LocaleScope>> = const { Cell::new(None) };
}

impl LocaleScope {
    /// The scope of the poll running on this thread, if any.
    pub(crate) fn current() -> Option<LocaleScope> {
        LOCALE
            .try_with(|cell| {
                let scope = cell.take();
                let copy = scope.clone();
                cell.set(scope);
                copy
            })
            .ok()
            .flatten()
    }

    /// Makes this scope current until the guard drops.
    pub(crate) fn enter(&self) -> ScopeGuard {
        ScopeGuard(
            LOCALE
                .try_with(|cell| cell.replace(Some(self.clone())))
                .ok()
                .flatten(),
        )
    }
}

/// Restores the scope that was current before [`LocaleScope::enter`].
pub(crate) struct ScopeGuard(Option<LocaleScope>);

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        let _ = LOCALE.try_with(|cell| cell.set(previous));
    }
}
