//! [`ProblemMiddlewareFuture`]: polls the inner service's future inside the
//! request's scope, then finishes its response (or answers its error).

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::borrow::Cow;

use ::actix_web::body::{EitherBody, MessageBody};
use ::actix_web::dev::ServiceResponse;
use ::actix_web::http::Method;
use ::actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use super::answered::Answered;
use super::convert::{convert, is_plain_error};
use super::error::Observed;
use super::request_id::X_REQUEST_ID;
use super::scope::Scope;
use crate::observe::event;
use crate::observe::report::ProblemReport;
use crate::protocol::format_detail;

/// What the future needs once the inner response is there.
pub(super) struct State {
    pub(super) scope: Scope,
    pub(super) method: Method,
    pub(super) convert: bool,
}

pin_project! {
    /// The future of [`ProblemMiddlewareService`](super::ProblemMiddlewareService).
    pub struct ProblemMiddlewareFuture<F, B> {
        #[pin]
        inner: F,
        state: Option<State>,
        body: PhantomData<fn() -> B>,
    }
}

impl<F, B> ProblemMiddlewareFuture<F, B> {
    pub(super) fn new(inner: F, state: State) -> Self {
        ProblemMiddlewareFuture {
            inner,
            state: Some(state),
            body: PhantomData,
        }
    }
}

impl<F, B> Future for ProblemMiddlewareFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let inner = this.inner;
        let result = match this.state {
            Some(state) => ready!(state.scope.lend(|| inner.poll(cx))),
            None => ready!(inner.poll(cx)),
        };
        let Some(state) = this.state.take() else {
            // Polled again after it completed: the inner future's answer.
            return Poll::Ready(result.map(ServiceResponse::map_into_left_body));
        };
        Poll::Ready(match result {
            Ok(response) => {
                let (request, response) = response.into_parts();
                let response = finish(response, None, &state, cx);
                Ok(ServiceResponse::new(request, response))
            }
            Err(error) => Err(answer(error, &state, cx)),
        })
    }
}

/// Sets the request id, and observes (or converts, then observes) a
/// problem. `error`: the inner error the response answers, if any.
fn finish<B: MessageBody>(
    mut response: HttpResponse<B>,
    error: Option<&Error>,
    state: &State,
    cx: &mut Context<'_>,
) -> HttpResponse<EitherBody<B>> {
    let scope = &state.scope;
    response
        .headers_mut()
        .insert(X_REQUEST_ID, scope.request_id.clone());
    let observed = response.extensions_mut().remove::<Observed>();
    if let Some(Observed(logged)) = observed {
        let context = scope.context();
        let report = if context.adds_to(&logged.report) {
            let mut report = logged.report.clone();
            context.report(&mut report);
            Cow::Owned(report)
        } else {
            Cow::Borrowed(&logged.report)
        };
        // Logged once, whoever else sees the same error.
        seen(&report, logged.take(), state);
        return response.map_into_left_body();
    }
    if !(state.convert && is_plain_error(&response)) {
        return response.map_into_left_body();
    }
    // A `Display` that fails leaves the cause out, as everywhere.
    let cause = response
        .error()
        .or(error)
        .and_then(|e| format_detail(format_args!("{e}")));
    let (converted, mut report) = convert(response, scope, &state.method, cx);
    report.error = cause;
    seen(&report, true, state);
    converted.map_into_right_body()
}

/// Logs the report (when `log`), and gives it to the hook.
fn seen(report: &ProblemReport, log: bool, state: &State) {
    if log {
        event::log(report);
    }
    state.scope.call_hook(report);
}

/// The inner service's error, answered as a problem: its response rendered
/// inside the request's scope (a [`ProblemError`](super::ProblemError) gets
/// the context), then finished as a response would be, and kept in an
/// error, so that it still leaves as one.
fn answer(error: Error, state: &State, cx: &mut Context<'_>) -> Error {
    let response = state.scope.lend(|| error.error_response());
    let response = finish(response, Some(&error), state, cx).map_into_boxed_body();
    Error::from(Answered::new(response, error))
}
