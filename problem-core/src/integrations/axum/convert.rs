//! A plain error response (a framework's or a middleware's text or empty
//! body) made into a problem, by the rules of
//! [`plain`](crate::integrations::plain), in axum's types.

use core::pin::Pin;
use core::task::{Context, Poll};

use ::axum::body::Body;
use ::axum::http::Response as HttpResponse;
use ::axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderValue};
use ::axum::response::Response;
use http_body::Body as _;

use super::scope::Scope;
use crate::integrations::plain::{
    self, BODY_HEADERS, MAX_BODY_BYTES, MAX_BODY_POLLS, is_text, text_of,
};
use crate::observe::report::ProblemReport;
use crate::protocol::CONTENT_TYPE as PROBLEM_JSON;

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
/// is read only as far as it is ready now (a body held in memory, as the
/// frameworks' and middlewares' are): the layer never waits on it.
pub(super) fn convert(
    response: Response,
    scope: &Scope,
    cx: &mut Context<'_>,
) -> (Response, ProblemReport) {
    let (mut parts, mut body) = response.into_parts();
    let headers = &mut parts.headers;
    let text = if is_text(
        headers.get(CONTENT_TYPE).map(HeaderValue::as_bytes),
        headers.contains_key(CONTENT_ENCODING),
    ) {
        text_of(&read_ready(&mut body, cx))
    } else {
        None
    };
    drop(body);
    let status = parts.status.as_u16();
    let (body, report) = plain::convert(status, scope.method.as_str(), scope.context(), text);
    for name in BODY_HEADERS {
        headers.remove(name);
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    (Response::from_parts(parts, Body::from(body)), report)
}

/// What the body has ready now, up to [`MAX_BODY_BYTES`] in at most
/// [`MAX_BODY_POLLS`] frames.
fn read_ready(body: &mut Body, cx: &mut Context<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..MAX_BODY_POLLS {
        if out.len() >= MAX_BODY_BYTES {
            break;
        }
        match Pin::new(&mut *body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    let room = MAX_BODY_BYTES - out.len();
                    out.extend_from_slice(&data[..data.len().min(room)]);
                }
            }
            Poll::Ready(Some(Err(_)) | None) | Poll::Pending => break,
        }
    }
    out
}
