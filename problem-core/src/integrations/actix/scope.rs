//! What [`ProblemMiddlewareService`](super::ProblemMiddlewareService) makes
//! known to the problems rendered while it calls the inner service and
//! polls its future: the request's context, and the middleware's hook. Lent
//! to the thread by reference around the call and each poll
//! ([`lend`](crate::integrations::lend)); the trace id is read from
//! `traceparent` only when a problem asks for it.

use ::actix_web::http::Uri;
use ::actix_web::http::header::HeaderValue;

use crate::integrations::context::RequestContext;
use crate::integrations::lend;
use crate::integrations::traceparent::trace_id_of;
use crate::observe::report::Hook;

/// One request's scope.
pub(crate) struct Scope {
    /// The request id (a visible-ASCII header value).
    pub(crate) request_id: HeaderValue,
    /// The request's URI: its path is the `instance` of a problem that has none.
    pub(crate) uri: Uri,
    /// The request's `traceparent` header, parsed when a problem needs its
    /// trace id.
    pub(crate) traceparent: Option<HeaderValue>,
    /// The middleware's `on_problem` hook (with the hook of a middleware
    /// around it, when nested): every problem's report is wanted.
    pub(crate) hook: Option<Hook>,
}

scoped_tls::scoped_thread_local!(static CURRENT: Scope);

impl Scope {
    /// Whether every problem's report is wanted (for the hook).
    pub(crate) fn hooked(&self) -> bool {
        self.hook.is_some()
    }

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

    /// Calls `f` with the scope lent to this thread, if any.
    pub(crate) fn with<R>(f: impl FnOnce(Option<&Scope>) -> R) -> R {
        lend::with(&CURRENT, f)
    }

    /// Whether a middleware's scope is lent to this thread.
    pub(crate) fn is_current() -> bool {
        lend::is_lent(&CURRENT)
    }

    /// Lends the scope to this thread while `f` (a call, a poll) runs.
    pub(crate) fn lend<R>(&self, f: impl FnOnce() -> R) -> R {
        lend::lend(&CURRENT, self, f)
    }
}
