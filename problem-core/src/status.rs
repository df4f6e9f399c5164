//! Statuses: the reason phrases of RFC 9110 and the IANA registry, and the
//! rules that follow a problem's status (which statuses a problem may have,
//! which are retryable, when a detail is withheld).

/// The reason phrase of an HTTP status code, as the IANA registry names it
/// (RFC 9110: 413 is "Content Too Large", 422 is "Unprocessable Content").
///
/// `None` for a code the registry does not list.
///
/// ```
/// assert_eq!(problem_core::reason_phrase(404), Some("Not Found"));
/// assert_eq!(problem_core::reason_phrase(422), Some("Unprocessable Content"));
/// assert_eq!(problem_core::reason_phrase(499), None);
/// ```
#[must_use]
pub const fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Whether a status is retryable when a problem does not say: 429, 502, 503 and 504.
#[must_use]
pub const fn default_retryable(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The status itself when it is an error status (400..=599), the only
/// statuses a problem has: a `#[problem(status)]` field holding another
/// value is ignored, and a response never carries one.
#[must_use]
pub(crate) const fn error_status(status: u16) -> Option<u16> {
    if 400 <= status && status <= 599 {
        Some(status)
    } else {
        None
    }
}

/// The status a framework response carries: the problem's, or 500 when it
/// is not an error status. A derived type's status always is one; a
/// hand-written `Problem` or a `ProblemDetails` (a transport error's 0) may
/// hold any `u16`, and a problem response is never a 1xx, 2xx or 3xx.
#[cfg(any(feature = "http", feature = "actix-web"))]
#[must_use]
pub(crate) const fn response_status(status: u16) -> u16 {
    match error_status(status) {
        Some(status) => status,
        None => 500,
    }
}

#[cfg(all(test, any(feature = "http", feature = "actix-web")))]
mod tests {
    use super::*;

    #[test]
    fn statuses_that_are_not_errors_become_500() {
        assert_eq!(response_status(404), 404);
        assert_eq!(response_status(599), 599);
        for other in [0, 204, 399, 600, 1000] {
            assert_eq!(response_status(other), 500, "{other}");
        }
    }
}
