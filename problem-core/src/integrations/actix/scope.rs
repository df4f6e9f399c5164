//! What [`ProblemMiddlewareService`](super::ProblemMiddlewareService) makes
//! known to the problems rendered while it calls the inner service and
//! polls its future: the request's context, and the middleware's hook. Lent
//! to the thread by reference around the call and each poll
//! ([`lend`](crate::integrations::lend)); the trace id is read from
//! `traceparent` only when a problem asks for it.

use core::cell::Cell;

use ::actix_web::http::Uri;
use ::actix_web::http::header::HeaderValue;

use crate::integrations::context::RequestContext;
use crate::integrations::lend;
use crate::integrations::traceparent::trace_id_of;
use crate::observe::report::{self, Hook, ProblemReport};

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
    /// Whether the hook is running: a problem it renders itself is logged
    /// where it is rendered, and not reported to it.
    pub(crate) in_hook: Cell<bool>,
}

scoped_tls::scoped_thread_local!(static CURRENT: Scope);

impl Scope {
    /// Whether every problem's report is wanted (for the hook): there is a
    /// hook, and the problem is not one the hook renders.
    pub(crate) fn hooked(&self) -> bool {
        self.hook.is_some() && !self.in_hook.get()
    }

    /// Calls the hook with `report`, in this scope: a problem the hook
    /// renders (to forward it) has the request's context, is logged where
    /// it is rendered and is not reported to the hook.
    pub(crate) fn call_hook(&self, report: &ProblemReport) {
        report::call_hook(self.hook.as_ref(), &self.in_hook, report, |call| {
            self.lend(call);
        });
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

    /// Whether a middleware will finish the response rendered now: its
    /// scope is lent to this thread, and not for its hook.
    pub(crate) fn will_finish() -> bool {
        Scope::with(|scope| scope.is_some_and(|scope| !scope.in_hook.get()))
    }

    /// Lends the scope to this thread while `f` (a call, a poll) runs.
    pub(crate) fn lend<R>(&self, f: impl FnOnce() -> R) -> R {
        lend::lend(&CURRENT, self, f)
    }
}
