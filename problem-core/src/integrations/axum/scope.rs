//! What [`ProblemService`](super::ProblemService) keeps of one request, and
//! makes known to the problem responses rendered while it handles the
//! request: the request's context, its language, and what the layer does
//! with problems. It lives in the layer's future, and is lent to the thread
//! by reference around the inner service's `call`, each poll of its future
//! and the hook ([`lend`](crate::integrations::lend)).
//!
//! Nothing here is checked, parsed or made for a request that succeeds: the
//! header values and the path are shared with the request (reference
//! counts); the request id is checked, or a new one made, and the trace id
//! read from `traceparent`, only when a problem (or a handler's
//! [`RequestId`](crate::axum::RequestId) extractor) asks for them. (A layer
//! nested in another takes the outer one's id when the request comes in.)

use core::cell::{Cell, OnceCell};
#[cfg(feature = "i18n")]
use std::sync::Arc;

use ::axum::http::uri::PathAndQuery;
use ::axum::http::{HeaderValue, Method};

#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::integrations::context::RequestContext;
use crate::integrations::lend;
use crate::integrations::request_id::{is_valid_request_id, new_request_id};
use crate::integrations::traceparent::trace_id_of;
use crate::observe::report::{self, Hook, ProblemReport};

/// One request's scope.
pub(crate) struct Scope {
    /// The request's `X-Request-Id` header, as it came: checked when the
    /// id is first asked for, and moved into `request_id` when valid.
    pub(crate) given_id: Cell<Option<HeaderValue>>,
    /// The request id: set from the request's `RequestId` extension (a
    /// middleware's id, taken as it is) when it has one; else, once asked
    /// for, the given header when valid, or a new one (visible ASCII).
    pub(crate) request_id: OnceCell<HeaderValue>,
    /// The request's path (and query): its path is the `instance` of a
    /// problem that has none.
    pub(crate) path: Option<PathAndQuery>,
    /// The request's `traceparent` header, parsed when a problem needs its
    /// trace id.
    pub(crate) traceparent: Option<HeaderValue>,
    /// The request's method (a converted 405 names it).
    pub(crate) method: Method,
    /// Whether plain error responses are converted.
    pub(crate) convert: bool,
    /// The layer's `on_problem` hook: every problem's report is wanted.
    pub(crate) hook: Option<Hook>,
    /// Whether the hook is running: a problem it renders itself is not
    /// reported to it (which would call it again, without end).
    pub(crate) in_hook: Cell<bool>,
    #[cfg(feature = "i18n")]
    pub(crate) localizer: Option<Arc<dyn Localizer>>,
    #[cfg(feature = "i18n")]
    pub(crate) accept_language: Option<HeaderValue>,
}

scoped_tls::scoped_thread_local!(static CURRENT: Scope);

impl Scope {
    /// The request id as a header value: the request's own when valid, else
    /// a new one, made on the first call.
    pub(crate) fn request_id_value(&self) -> &HeaderValue {
        self.request_id.get_or_init(|| {
            match self
                .given_id
                .take()
                .filter(|v| is_valid_request_id(v.as_bytes()))
            {
                Some(value) => value,
                None => new_request_id_value(),
            }
        })
    }

    /// The request id.
    pub(crate) fn request_id(&self) -> &str {
        // Visible ASCII, checked or made by `request_id_value` (`to_str`
        // checks for it, cheaper than UTF-8), unless a middleware's
        // `RequestId` extension gave it (taken as it is: UTF-8).
        let value = self.request_id_value();
        value
            .to_str()
            .or_else(|_| std::str::from_utf8(value.as_bytes()))
            .unwrap_or_default()
    }

    /// Whether the layer wants every problem's report: it has a hook, and
    /// the problem is not one the hook renders.
    pub(crate) fn hooked(&self) -> bool {
        self.hook.is_some() && !self.in_hook.get()
    }

    /// Calls the layer's hook with `report`, unless the hook is running:
    /// the report of a problem the hook renders itself is not given back
    /// to it. The hook runs in this scope (lent to the thread for it): such
    /// a problem has the request's context, and a layer around this one (a
    /// nested layer's hook calls the outer one's too) does not take it for
    /// a problem of its own.
    pub(crate) fn call_hook(&self, report: &ProblemReport) {
        report::call_hook(self.hook.as_ref(), &self.in_hook, report, |call| {
            self.lend(call);
        });
    }

    /// The request path.
    pub(crate) fn instance(&self) -> &str {
        self.path.as_ref().map_or("", PathAndQuery::path)
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

    /// Calls `f` with the scope lent to this thread, if any.
    pub(crate) fn with<R>(f: impl FnOnce(Option<&Scope>) -> R) -> R {
        lend::with(&CURRENT, f)
    }

    /// Lends the scope to this thread while `f` (a call, a poll, the hook)
    /// runs.
    pub(crate) fn lend<R>(&self, f: impl FnOnce() -> R) -> R {
        lend::lend(&CURRENT, self, f)
    }
}

/// A new request id as a header value.
fn new_request_id_value() -> HeaderValue {
    // 32 hex digits: always a valid header value.
    HeaderValue::from_bytes(&new_request_id()).unwrap_or(HeaderValue::from_static("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(request_id: Option<HeaderValue>) -> Scope {
        let id = OnceCell::new();
        if let Some(value) = request_id {
            let _ = id.set(value);
        }
        Scope {
            given_id: Cell::new(None),
            request_id: id,
            path: None,
            traceparent: None,
            method: Method::GET,
            convert: true,
            hook: None,
            in_hook: Cell::new(false),
            #[cfg(feature = "i18n")]
            localizer: None,
            #[cfg(feature = "i18n")]
            accept_language: None,
        }
    }

    /// An id a middleware set (the `RequestId` extension) is taken as it
    /// is, not checked: one that is not visible ASCII is kept whole.
    #[test]
    fn an_id_set_by_a_middleware_is_kept_whole() {
        let given = HeaderValue::from_str("réq-1").unwrap();
        assert_eq!(scope(Some(given)).request_id(), "réq-1");
        assert_eq!(
            scope(Some(HeaderValue::from_static("req-2"))).request_id(),
            "req-2"
        );
        assert_eq!(scope(None).request_id().len(), 32);
    }
}
