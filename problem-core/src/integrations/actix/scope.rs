//! What [`ProblemMiddlewareService`](super::ProblemMiddlewareService) makes
//! known to the problems rendered while it polls the request's future: the
//! request's context, and whether the middleware has a hook. Lent to the
//! thread by reference around each poll ([`lend`](crate::integrations::lend));
//! the trace id is read from `traceparent` only when a problem asks for it.

use ::actix_web::http::Uri;
use ::actix_web::http::header::HeaderValue;

use crate::integrations::context::RequestContext;
use crate::integrations::lend;
use crate::integrations::traceparent::trace_id_of;

/// One request's scope.
pub(crate) struct Scope {
    /// The request id (a visible-ASCII header value).
    pub(crate) request_id: HeaderValue,
    /// The request's URI: its path is the `instance` of a problem that has none.
    pub(crate) uri: Uri,
    /// The request's `traceparent` header, parsed when a problem needs its
    /// trace id.
    pub(crate) traceparent: Option<HeaderValue>,
    /// The middleware has an `on_problem` hook: every problem's report is wanted.
    pub(crate) hooked: bool,
}

scoped_tls::scoped_thread_local!(static CURRENT: Scope);

impl Scope {
    /// The request's context, for problems.
    pub(crate) fn context(&self) -> RequestContext<'_> {
        RequestContext {
            // Visible ASCII, checked when the scope was made.
            request_id: std::str::from_utf8(self.request_id.as_bytes()).unwrap_or_default(),
            instance: self.uri.path(),
            trace_id: self
                .traceparent
                .as_ref()
                .and_then(|v| trace_id_of(v.as_bytes())),
        }
    }

    /// Calls `f` with the scope of the poll running on this thread, if any.
    pub(crate) fn with<R>(f: impl FnOnce(Option<&Scope>) -> R) -> R {
        lend::with(&CURRENT, f)
    }

    /// Whether a middleware's poll is running on this thread.
    pub(crate) fn is_current() -> bool {
        lend::is_lent(&CURRENT)
    }

    /// Lends the scope to this thread while `f` (a poll) runs.
    pub(crate) fn lend<R>(&self, f: impl FnOnce() -> R) -> R {
        lend::lend(&CURRENT, self, f)
    }
}
