//! What [`ProblemService`](super::ProblemService) makes known to the problem
//! responses rendered while it polls the request's future: the request's
//! context, its language, and whether the layer observes problems. Lent to
//! the thread around each poll ([`lend`](crate::integrations::lend)).

use core::cell::Cell;
#[cfg(feature = "i18n")]
use std::sync::Arc;

use ::axum::http::{HeaderValue, Uri};

#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::integrations::context::RequestContext;
use crate::integrations::lend::{self, Lent};

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

    /// The request's context, for problems.
    pub(crate) fn context(&self) -> RequestContext<'_> {
        RequestContext {
            request_id: self.request_id(),
            instance: self.instance(),
            trace_id: self.trace_id.as_deref(),
        }
    }

    /// A copy of the scope of the poll running on this thread, if any (its
    /// parts are shared: reference counts, no copy of the strings but the
    /// trace id).
    pub(crate) fn current() -> Option<Scope> {
        lend::current(&CURRENT)
    }

    /// Lends the scope in `slot` to this thread until the guard drops.
    pub(crate) fn lend(slot: &mut Option<Scope>) -> Lent<'_, Scope> {
        lend::lend(&CURRENT, slot)
    }
}
