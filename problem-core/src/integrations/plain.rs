//! A plain error response (a framework's or a middleware's text or empty
//! body) made into a problem: the rules that axum's `ProblemLayer` and
//! actix-web's `ProblemMiddleware` both follow. Each reads the response in
//! its own framework's types and asks these functions what to do with it.

use crate::client::is_json_media_type;
use crate::details::ProblemDetails;
use crate::integrations::context::RequestContext;
use crate::integrations::request::RequestProblem;
use crate::observe::report::ProblemReport;
use crate::problem::Problem;
use crate::protocol::CONTENT_TYPE;
use crate::status::reason_phrase;

/// The most characters of a body kept as a detail.
pub(crate) const MAX_DETAIL_CHARS: usize = 500;

/// The most bytes read of a plain body: enough for the characters kept.
pub(crate) const MAX_BODY_BYTES: usize = MAX_DETAIL_CHARS * 4;

/// The most frames (or chunks) of a plain body polled: a body that is
/// always ready with empty frames does not keep the conversion spinning.
pub(crate) const MAX_BODY_POLLS: usize = 64;

/// The headers that describe the body a conversion replaces: removed, and
/// `Content-Type: application/problem+json` set. Every other header
/// (`Retry-After`, `Allow`, `WWW-Authenticate`, ...) is kept.
pub(crate) const BODY_HEADERS: [&str; 5] = [
    "content-type",
    "content-length",
    "content-encoding",
    "content-range",
    "transfer-encoding",
];

/// Whether a response is converted: a status in 400..=599 whose body is not
/// JSON (any `Content-Type` the client parser reads as JSON), or is absent.
#[must_use]
pub(crate) fn is_plain_error(status: u16, content_type: Option<&[u8]>) -> bool {
    (400..=599).contains(&status)
        && !content_type.is_some_and(|ct| {
            // The two the integrations write, without parsing.
            ct == CONTENT_TYPE.as_bytes()
                || ct == b"application/json"
                || std::str::from_utf8(ct).is_ok_and(is_json_media_type)
        })
}

/// Whether the body is text to keep (a 4xx's detail) or log (a 5xx's): no
/// content type, or `text/plain`; not content-encoded.
#[must_use]
pub(crate) fn is_text(content_type: Option<&[u8]>, encoded: bool) -> bool {
    if encoded {
        return false;
    }
    match content_type {
        None => true,
        Some(ct) => std::str::from_utf8(ct).is_ok_and(|ct| {
            let essence = ct.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("text/plain")
        }),
    }
}

/// The first [`MAX_DETAIL_CHARS`] characters of a UTF-8 body, trimmed;
/// `None` when empty or not text. A body cut inside a character (by
/// [`MAX_BODY_BYTES`]) keeps the whole characters.
#[must_use]
pub(crate) fn text_of(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
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

/// The problem that replaces a plain error response with this status and
/// body text: its JSON body, and its report (whose detail is the text also
/// when the wire does not carry it: a 5xx's).
pub(crate) fn convert(
    status: u16,
    method: &str,
    request: RequestContext<'_>,
    text: Option<String>,
) -> (Vec<u8>, ProblemReport) {
    let mut details = problem_for(status, method, request.instance, text.as_deref());
    details.status = Some(status);
    request.fill(&mut details);
    let report = ProblemReport::converted(&details, details.detail.clone().or(text));
    // Serializing a `ProblemDetails` (strings, integers and `serde_json`
    // values) into a `Vec` cannot fail.
    let body = serde_json::to_vec(&details).unwrap_or_default();
    (body, report)
}

/// The problem for a status: the built-in one where there is one (as it is,
/// so that one error has one shape whoever answers it), else
/// `http.<status>` with the reason phrase as title, whose detail is a 4xx's
/// text (never a 5xx's).
fn problem_for(status: u16, method: &str, path: &str, text: Option<&str>) -> ProblemDetails {
    match status {
        404 => RequestProblem::NotFound {
            instance: path.to_owned(),
        }
        .to_details(),
        405 => RequestProblem::MethodNotAllowed {
            method: method.to_owned(),
        }
        .to_details(),
        413 => RequestProblem::BodyTooLarge.to_details(),
        _ => {
            let mut details = ProblemDetails::default();
            match RequestProblem::CATALOG
                .iter()
                .find(|spec| status == 415 && spec.code == "validation.content_type")
            {
                // Not `UnsupportedContentType`: what it expected is unknown.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(status: u16, text: Option<&str>) -> (String, ProblemReport) {
        let request = RequestContext {
            instance: "/things/1",
            request_id: "req-1",
            trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736"),
        };
        let (body, report) = convert(status, "PUT", request, text.map(str::to_owned));
        (String::from_utf8(body).unwrap(), report)
    }

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
        let cut = &"é".as_bytes()[..1];
        assert_eq!(
            text_of(&[b"ab".as_slice(), cut].concat()).as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn what_is_converted_and_read() {
        assert!(is_plain_error(404, None));
        assert!(is_plain_error(599, Some(b"text/html")));
        assert!(!is_plain_error(399, None));
        assert!(!is_plain_error(600, None));
        assert!(!is_plain_error(400, Some(b"application/json")));
        assert!(!is_plain_error(
            500,
            Some(b"Application/Problem+JSON; charset=utf-8")
        ));
        assert!(!is_plain_error(422, Some(b"application/vnd.api+json")));
        assert!(is_plain_error(400, Some(&[0xff])));

        assert!(is_text(None, false));
        assert!(is_text(Some(b"Text/Plain; charset=utf-8"), false));
        assert!(!is_text(Some(b"text/html"), false));
        assert!(!is_text(Some(b"text/plain"), true));
        assert!(!is_text(Some(&[0xff]), false));
    }

    #[test]
    fn built_in_problems_and_http_codes() {
        let (body, report) = converted(404, Some("nothing here"));
        assert_eq!(
            body,
            r#"{"type":"about:blank","title":"Resource not found","status":404,"detail":"no resource matches this path","instance":"/things/1","code":"resource.not_found","request_id":"req-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#
        );
        assert_eq!(report.code, "resource.not_found");
        assert!(report.converted);

        let (body, _) = converted(405, None);
        assert!(
            body.contains(r#""code":"resource.method_not_allowed","#),
            "{body}"
        );
        assert!(body.contains(r#""method":"PUT""#), "{body}");
        let (body, _) = converted(413, Some("length limit exceeded"));
        assert!(
            body.contains(r#""code":"validation.body_too_large""#),
            "{body}"
        );
        assert!(!body.contains("length limit"), "{body}");
        let (body, _) = converted(415, None);
        assert!(
            body.contains(r#""code":"validation.content_type""#),
            "{body}"
        );

        let (body, report) = converted(429, Some("slow down"));
        assert_eq!(
            body,
            r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"slow down","instance":"/things/1","code":"http.429","request_id":"req-1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#
        );
        assert_eq!(report.detail.as_deref(), Some("slow down"));
        assert!(!report.detail_withheld);
        let (body, _) = converted(499, None);
        assert!(body.contains(r#""title":"HTTP error""#), "{body}");
    }

    #[test]
    fn a_5xx_body_goes_to_the_report_only() {
        let (body, report) = converted(500, Some("db password is hunter2"));
        assert!(!body.contains("hunter2"), "{body}");
        assert!(body.contains(r#""code":"http.500""#), "{body}");
        assert_eq!(report.detail.as_deref(), Some("db password is hunter2"));
        assert!(report.detail_withheld);
        assert_eq!(report.level, crate::log_level::LogLevel::Error);
        assert_eq!(report.request_id.as_deref(), Some("req-1"));
        assert_eq!(report.instance.as_deref(), Some("/things/1"));
    }
}
