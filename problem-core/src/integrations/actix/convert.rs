//! A plain error response (actix-web's own, a middleware's, a handler's
//! `HttpResponse::InternalServerError()`) made into a problem, by the rules
//! of [`plain`](crate::integrations::plain), in actix-web's types.

use core::pin::pin;
use core::task::{Context, Poll};

use ::actix_web::HttpResponse;
use ::actix_web::body::{BoxBody, MessageBody};
use ::actix_web::http::Method;
use ::actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderValue};

use super::scope::Scope;
use crate::integrations::plain::{
    self, BODY_HEADERS, MAX_BODY_BYTES, MAX_BODY_POLLS, is_text, text_of,
};
use crate::observe::report::ProblemReport;
use crate::protocol::{CONTENT_TYPE as PROBLEM_JSON, format_detail};

/// Whether the response is a plain error, to be converted.
pub(super) fn is_plain_error<B>(response: &HttpResponse<B>) -> bool {
    plain::is_plain_error(
        response.status().as_u16(),
        response
            .headers()
            .get(CONTENT_TYPE)
            .map(HeaderValue::as_bytes),
    )
}

/// The problem for a plain error response, and its report. The body's text
/// is read only as far as it is ready now (a body held in memory, as
/// actix-web's and its error responses' are): the middleware never waits on
/// it. The error the response carries (`HttpResponse::error`) stays with it,
/// and its text is the report's `error`.
pub(super) fn convert<B: MessageBody>(
    response: HttpResponse<B>,
    scope: &Scope,
    method: &Method,
    cx: &mut Context<'_>,
) -> (HttpResponse<BoxBody>, ProblemReport) {
    let (mut head, body) = response.into_parts();
    let headers = head.headers();
    let text = if is_text(
        headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes),
        headers.contains_key(CONTENT_ENCODING),
    ) {
        text_of(&read_ready(body, cx))
    } else {
        None
    };
    let status = head.status().as_u16();
    let (body, mut report) = plain::convert(status, method.as_str(), scope.context(), text);
    if let Some(error) = head.error() {
        // A `Display` that fails leaves the cause out, as everywhere.
        report.error = format_detail(format_args!("{error}"));
    }
    let headers = head.headers_mut();
    for name in BODY_HEADERS {
        headers.remove(name);
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    (head.set_body(BoxBody::new(body)), report)
}

/// What the body has ready now, up to [`MAX_BODY_BYTES`] in at most
/// [`MAX_BODY_POLLS`] frames.
fn read_ready<B: MessageBody>(body: B, cx: &mut Context<'_>) -> Vec<u8> {
    let mut body = pin!(body);
    let mut out = Vec::new();
    for _ in 0..MAX_BODY_POLLS {
        if out.len() >= MAX_BODY_BYTES {
            break;
        }
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(data))) => {
                let room = MAX_BODY_BYTES - out.len();
                out.extend_from_slice(&data[..data.len().min(room)]);
            }
            Poll::Ready(Some(Err(_)) | None) | Poll::Pending => break,
        }
    }
    out
}
