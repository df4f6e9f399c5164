//! What [`ProblemService`](super::ProblemService) makes known to the problem
//! responses rendered while it polls the request's future: the request's
//! context, its language, and whether the layer observes problems. Lent to
//! the thread around each poll ([`lend`](crate::integrations::lend)), boxed
//! so that lending moves a pointer.
//!
//! Nothing here is parsed or copied for a request that succeeds: the header
//! values and the URI are shared with the request (reference counts), and
//! the trace id is read from `traceparent` only when a problem asks for it.

use core::cell::Cell;
#[cfg(feature = "i18n")]
use std::sync::Arc;

use ::axum::http::{HeaderValue, Uri};

#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::integrations::context::RequestContext;
use crate::integrations::lend::{self, Lent};
use crate::integrations::traceparent::trace_id_of;

/// One request's scope.
#[derive(Clone)]
pub(crate) struct Scope {
    /// The request id (a visible-ASCII header value).
    pub(crate) request_id: HeaderValue,
    /// The request's URI: its path is the `instance` of a problem that has none.
    pub(crate) uri: Uri,
    /// The request's `traceparent` header, parsed when a problem needs its
    /// trace id.
    pub(crate) traceparent: Option<HeaderValue>,
    /// The layer has an `on_problem` hook: every problem's report is wanted.
    pub(crate) hooked: bool,
    #[cfg(feature = "i18n")]
    pub(crate) localizer: Option<Arc<dyn Localizer>>,
    #[cfg(feature = "i18n")]
    pub(crate) accept_language: Option<HeaderValue>,
}

thread_local! {
    static CURRENT: Cell<Option<Box<Scope>>> = const { Cell::new(None) };
}

impl Scope {
    /// The request id.
    pub(crate) fn request_id(&self) -> &str {
        // Visible ASCII, checked when the scope was made.
        std::str::from_utf8(self.request_id.as_bytes()).unwrap_or_default()
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
            trace_id: self
                .traceparent
                .as_ref()
                .and_then(|v| trace_id_of(v.as_bytes())),
        }
    }

    /// Calls `f` with the scope of the poll running on this thread, if any.
    pub(crate) fn with<R>(f: impl FnOnce(Option<&Scope>) -> R) -> R {
        lend::with(&CURRENT, |scope| f(scope.map(|b| &**b)))
    }

    /// Lends the scope in `slot` to this thread until the guard drops.
    pub(crate) fn lend(slot: &mut Option<Box<Scope>>) -> Lent<'_, Box<Scope>> {
        lend::lend(&CURRENT, slot)
    }
}
