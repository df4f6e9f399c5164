//! [`ProblemFuture`]: polls the inner service's future inside the request's
//! scope, then finishes its response.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use ::axum::BoxError;
use ::axum::body::{Body, Bytes};
use ::axum::http::Response;
use pin_project_lite::pin_project;

use super::convert::{convert, is_plain_error};
use super::request_id::X_REQUEST_ID;
use super::response::Observed;
use super::scope::Scope;
use crate::observe::event;

pin_project! {
    /// The future of [`ProblemService`](super::ProblemService).
    pub struct ProblemFuture<F> {
        #[pin]
        inner: F,
        // `None` once finished.
        scope: Option<Scope>,
    }
}

impl<F> ProblemFuture<F> {
    pub(super) fn new(inner: F, scope: Scope) -> Self {
        ProblemFuture {
            inner,
            scope: Some(scope),
        }
    }
}

impl<F, B, E> Future for ProblemFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Output = Result<::axum::response::Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let inner = this.inner;
        let result = match this.scope {
            Some(scope) => ready!(scope.lend(|| inner.poll(cx))),
            // Polled again after it completed: the inner future's answer.
            None => ready!(inner.poll(cx)),
        };
        let response = match result {
            Ok(response) => response.map(Body::new),
            Err(error) => {
                *this.scope = None;
                return Poll::Ready(Err(error));
            }
        };
        // A problem is an error response (400 and up): a success's
        // extensions and headers are not looked at.
        if response.status().as_u16() >= 400
            && let Some(scope) = this.scope.take()
        {
            return Poll::Ready(Ok(finish(response, &scope, cx)));
        }
        *this.scope = None;
        Poll::Ready(Ok(response))
    }
}

/// Finishes an error response: converts (and observes) a plain one, hands
/// the report of a problem rendered outside the scope to the hook, and sets
/// the request id. (A problem rendered in the scope was observed there.)
fn finish(
    mut response: ::axum::response::Response,
    scope: &Scope,
    cx: &mut Context<'_>,
) -> ::axum::response::Response {
    let report = match response.extensions_mut().remove::<Observed>() {
        // Rendered (and logged) outside the scope, at a level the
        // subscriber records: the hook is called, with the request's
        // context.
        Some(Observed { report }) if scope.hooked() => {
            let mut report = *report;
            scope.context().report(&mut report);
            Some(report)
        }
        Some(_) => None,
        None if scope.convert && is_plain_error(&response) => {
            let (converted, report) = convert(response, scope, cx);
            response = converted;
            event::log(&report);
            Some(report)
        }
        None => None,
    };
    response
        .headers_mut()
        .insert(X_REQUEST_ID, scope.request_id_value().clone());
    if let Some(report) = &report {
        scope.call_hook(report);
    }
    response
}
