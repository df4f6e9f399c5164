//! A plain error response (a framework's or a middleware's text or empty
//! body) made into a problem.

use core::pin::Pin;
use core::task::{Context, Poll};

use ::axum::body::Body;
use ::axum::http::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, HeaderValue, TRANSFER_ENCODING,
};
use ::axum::http::{HeaderMap, Method};
use ::axum::response::Response;
use http_body::Body as _;

use super::scope::Scope;
use crate::details::ProblemDetails;
use crate::integrations::RequestProblem;
use crate::observe::ProblemReport;
use crate::problem::Problem;
use crate::status::reason_phrase;

/// The most characters of a body kept as a detail.
pub(crate) const MAX_DETAIL_CHARS: usize = 500;

/// The most bytes read of a plain body: enough for the characters kept.
const MAX_BODY_BYTES: usize = MAX_DETAIL_CHARS * 4;

/// The problem for a plain error response, and its report. The body's text
/// is read only as far as it is ready now (a body held in memory, as the
/// frameworks' and middlewares' are): the layer never waits on it.
pub(super) fn convert(
    response: Response,
    scope: &Scope,
    method: &Method,
    cx: &mut Context<'_>,
) -> (Response, ProblemReport) {
    let (mut parts, mut body) = response.into_parts();
    let status = parts.status.as_u16();
    let text = if is_text(&parts.headers) {
        text_of(&read_ready(&mut body, cx))
    } else {
        None
    };
    drop(body);
    let mut details = problem_for(status, scope, method, text.as_deref());
    details.status = Some(status);
    details
        .instance
        .get_or_insert_with(|| scope.instance().to_owned());
    details.request_id = Some(scope.request_id().to_owned());
    details.trace_id.clone_from(&scope.trace_id);
    let report = ProblemReport::converted(&details, details.detail.clone().or(text));

    for name in [
        CONTENT_TYPE,
        CONTENT_LENGTH,
        CONTENT_ENCODING,
        CONTENT_RANGE,
        TRANSFER_ENCODING,
    ] {
        parts.headers.remove(name);
    }
    parts
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static(crate::CONTENT_TYPE));
    let body = serde_json::to_vec(&details).unwrap_or_default();
    (Response::from_parts(parts, Body::from(body)), report)
}

/// The problem for a status: the built-in one where there is one (as it is,
/// so that one error has one shape whoever answers it), else
/// `http.<status>`, whose detail is a 4xx's text (never a 5xx's).
fn problem_for(status: u16, scope: &Scope, method: &Method, text: Option<&str>) -> ProblemDetails {
    match status {
        404 => RequestProblem::NotFound {
            instance: scope.instance().to_owned(),
        }
        .to_details(),
        405 => RequestProblem::MethodNotAllowed {
            method: method.as_str().to_owned(),
        }
        .to_details(),
        413 => RequestProblem::BodyTooLarge.to_details(),
        _ => {
            let mut details = ProblemDetails::default();
            match RequestProblem::CATALOG
                .iter()
                .find(|spec| status == 415 && spec.code == "validation.content_type")
            {
                Some(spec) => {
                    details.code = Some(spec.code.to_owned());
                    details.title = Some(spec.title.to_owned());
                    spec.type_uri.clone_into(&mut details.type_uri);
                }
                None => {
                    details.code = Some(format!("http.{status}"));
                    details.title = Some(reason_phrase(status).unwrap_or("HTTP error").to_owned());
                }
            }
            if status < 500 {
                details.detail = text.map(str::to_owned);
            }
            details
        }
    }
}

/// A body that is plain text, or has no content type.
fn is_text(headers: &HeaderMap) -> bool {
    if headers.contains_key(CONTENT_ENCODING) {
        return false;
    }
    match headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(ct) => {
            let essence = ct.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("text/plain")
        }
    }
}

/// What the body has ready now, up to [`MAX_BODY_BYTES`].
fn read_ready(body: &mut Body, cx: &mut Context<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() < MAX_BODY_BYTES {
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

/// The first [`MAX_DETAIL_CHARS`] characters of a UTF-8 body, trimmed;
/// `None` when empty or not text.
fn text_of(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // Cut inside a character by the byte limit: the whole characters.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let text = match text.char_indices().nth(MAX_DETAIL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_characters() {
        assert_eq!(text_of(b"  plain  ").as_deref(), Some("plain"));
        assert_eq!(text_of(b""), None);
        assert_eq!(text_of(b" \n "), None);
        assert_eq!(text_of(&[0xff, 0xfe]), None);
        let long = "é".repeat(MAX_DETAIL_CHARS + 10);
        assert_eq!(
            text_of(long.as_bytes()).unwrap().chars().count(),
            MAX_DETAIL_CHARS
        );
        // A body cut inside a character by the byte limit.
        let cut = &"é".as_bytes()[..1];
        assert_eq!(
            text_of(&[b"ab".as_slice(), cut].concat()).as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn what_counts_as_text() {
        let mut headers = HeaderMap::new();
        assert!(is_text(&headers));
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("Text/Plain; charset=utf-8"),
        );
        assert!(is_text(&headers));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        assert!(!is_text(&headers));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        assert!(!is_text(&headers));
    }
}
