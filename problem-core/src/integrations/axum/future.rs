//! [`ProblemFuture`]: polls the inner service's future inside the request's
//! scope, then finishes its response.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use ::axum::BoxError;
use ::axum::body::{Body, Bytes};
use ::axum::http::{Method, Response};
use pin_project_lite::pin_project;

use super::convert::{convert, is_plain_error};
use super::request_id::X_REQUEST_ID;
use super::response::Observed;
use super::scope::Scope;
use crate::observe::event;
use crate::observe::report::Hook;

/// What the future needs once the inner response is there.
pub(super) struct State {
    /// `None` only while lent to the thread, during a poll.
    pub(super) scope: Option<Box<Scope>>,
    pub(super) method: Method,
    pub(super) convert: bool,
    pub(super) hook: Option<Hook>,
}

pin_project! {
    /// The future of [`ProblemService`](super::ProblemService).
    pub struct ProblemFuture<F> {
        #[pin]
        inner: F,
        state: Option<State>,
    }
}

impl<F> ProblemFuture<F> {
    pub(super) fn new(inner: F, state: State) -> Self {
        ProblemFuture {
            inner,
            state: Some(state),
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
        let result = {
            let _lent = this
                .state
                .as_mut()
                .map(|state| Scope::lend(&mut state.scope));
            ready!(this.inner.poll(cx))
        };
        let response = result?.map(Body::new);
        Poll::Ready(Ok(match this.state.take() {
            Some(state) => finish(response, &state, cx),
            // Polled again after it completed: the inner future's answer.
            None => response,
        }))
    }
}

/// Sets the request id, and observes (or converts, then observes) a problem.
fn finish(
    mut response: ::axum::response::Response,
    state: &State,
    cx: &mut Context<'_>,
) -> ::axum::response::Response {
    let Some(scope) = &state.scope else {
        return response;
    };
    response
        .headers_mut()
        .insert(X_REQUEST_ID, scope.request_id.clone());
    let report = match response.extensions_mut().remove::<Observed>() {
        Some(Observed { report, logged }) => {
            let mut report = *report;
            scope.context().report(&mut report);
            if !logged {
                event::log(&report);
            }
            report
        }
        None if state.convert && is_plain_error(&response) => {
            let (converted, report) = convert(response, scope, &state.method, cx);
            response = converted;
            event::log(&report);
            report
        }
        None => return response,
    };
    if let Some(hook) = &state.hook {
        hook(&report);
    }
    response
}
