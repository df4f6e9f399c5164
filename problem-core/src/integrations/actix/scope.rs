//! What [`ProblemMiddlewareService`](super::ProblemMiddlewareService) makes
//! known to the problems rendered while it polls the request's future: the
//! request's context, and whether the middleware has a hook. Lent to the
//! thread around each poll ([`lend`](crate::integrations::lend)).

use core::cell::Cell;

use ::actix_web::http::Uri;
use ::actix_web::http::header::HeaderValue;

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
    /// The middleware has an `on_problem` hook: every problem's report is wanted.
    pub(crate) hooked: bool,
}

thread_local! {
    static CURRENT: Cell<Option<Scope>> = const { Cell::new(None) };
}

impl Scope {
    /// The request's context, for problems.
    pub(crate) fn context(&self) -> RequestContext<'_> {
        RequestContext {
            request_id: self.request_id.to_str().unwrap_or_default(),
            instance: self.uri.path(),
            trace_id: self.trace_id.as_deref(),
        }
    }

    /// A copy of the scope of the poll running on this thread, if any.
    pub(crate) fn current() -> Option<Scope> {
        lend::current(&CURRENT)
    }

    /// Whether a middleware's poll is running on this thread.
    pub(crate) fn is_current() -> bool {
        lend::is_lent(&CURRENT)
    }

    /// Lends the scope in `slot` to this thread until the guard drops.
    pub(crate) fn lend(slot: &mut Option<Scope>) -> Lent<'_, Scope> {
        lend::lend(&CURRENT, slot)
    }
}
