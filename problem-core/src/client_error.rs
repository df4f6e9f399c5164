//! [`ClientError`]: what a call to a service returns when it did not succeed,
//! whichever HTTP client made it.

use core::fmt;
use std::error::Error;
use std::time::{Duration, SystemTime};

use crate::client::FromProblem;
use crate::details::ProblemDetails;
use crate::retry_after::RetryAfter;

/// A failed call to a service: an error response read into
/// [`ProblemDetails`], or a request that got no response (code
/// `transport.error`, status 0), with the client's error kept as
/// [`source()`](Error::source).
///
/// It does not depend on an HTTP client: build one from any client's
/// response with [`from_response`](ClientError::from_response) (plus
/// [`with_retry_after`](ClientError::with_retry_after) for the header), from a
/// failed request with [`transport`](ClientError::transport), or from details
/// you already have with `From<ProblemDetails>`. With the `reqwest` feature,
/// `reqwest::ResponseExt::error_for_problem` and `?` on a
/// `reqwest::Error` build it for you.
///
/// It displays as its details do (the code, then the detail or title): for a
/// transport failure the detail already holds the client error's whole
/// `source()` chain, so a log line of `{err}` shows why the request failed,
/// and a reporter that also walks `source()` shows those causes twice.
///
/// ```
/// use problem_core::{ClientError, Problem};
///
/// #[derive(Debug, PartialEq, Problem)]
/// enum ScanError {
///     #[problem(code = "scans.rate_limited", status = 429)]
///     RateLimited {
///         #[problem(retry_after)]
///         retry_after: u64,
///     },
/// }
///
/// // What any HTTP client gives: the status, two headers and the body.
/// let body = br#"{"title":"Too many scans","status":429,"code":"scans.rate_limited","retry_after":30}"#;
/// let err = ClientError::from_response(429, Some("application/problem+json"), body)
///     .with_retry_after("7");
///
/// assert_eq!(err.status(), 429);
/// assert_eq!(err.to_string(), "scans.rate_limited: Too many scans");
/// assert_eq!(err.decode::<ScanError>(), Some(ScanError::RateLimited { retry_after: 30 }));
/// // The header wins over the member.
/// assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(7)));
///
/// let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
/// let err = ClientError::transport(refused);
/// assert_eq!((err.status(), err.details().code.as_deref()), (0, Some("transport.error")));
/// assert!(std::error::Error::source(&err).is_some());
/// ```
pub struct ClientError {
    // Boxed: a `Result<T, ClientError>` stays two words wide.
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    details: ProblemDetails,
    /// The HTTP status of the response, 0 when there was none.
    status: u16,
    retry_after: Option<RetryAfter>,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

impl ClientError {
    fn new(details: ProblemDetails, status: u16) -> Self {
        ClientError {
            inner: Box::new(Inner {
                details,
                status,
                retry_after: None,
                source: None,
            }),
        }
    }

    /// An error response, read with [`ProblemDetails::from_response`]: a
    /// problem body is parsed, anything else (HTML, plain text, truncated
    /// or invalid JSON, bytes that are not UTF-8, an empty body) becomes
    /// code `http.<status>` with the body's first 500 characters as the
    /// detail. Never panics.
    ///
    /// Give it at most a bounded prefix of the body: it needs no more than
    /// what a problem takes (the `reqwest` integration reads 64 KiB).
    #[must_use]
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Self {
        ClientError::new(
            ProblemDetails::from_response(status, content_type, body),
            status,
        )
    }

    /// A request that got no response: code `transport.error`, status 0, the
    /// error's whole `source()` chain as the detail (see
    /// [`ProblemDetails::transport_error`]), and the error itself as
    /// [`source()`](Error::source).
    #[must_use]
    pub fn transport<E: Error + Send + Sync + 'static>(err: E) -> Self {
        ClientError::from(ProblemDetails::transport_error(&err)).with_source(err)
    }

    /// Takes the response's `Retry-After` header value (RFC 9110 section
    /// 10.2.3): a number of seconds, or an HTTP-date in any of its three
    /// forms. A value that is neither (negative, fractional, not a number,
    /// not a date, not ASCII) is ignored, as if the header were absent; more
    /// seconds than a `u64` holds read as `u64::MAX` seconds.
    ///
    /// Any byte slice will do: an `http::HeaderValue`, a `&str`, a `Vec<u8>`.
    #[must_use]
    pub fn with_retry_after(mut self, header: impl AsRef<[u8]>) -> Self {
        self.inner.retry_after = RetryAfter::parse(header.as_ref(), SystemTime::now());
        self
    }

    /// Keeps `source` as this error's [`source()`](Error::source): the
    /// client's error when the request failed, or when an error response's
    /// body could not be read to the end.
    #[must_use]
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// The problem details: parsed from the response, synthesised from a
    /// body that was not a problem, or `transport.error` with status 0.
    #[must_use]
    pub fn details(&self) -> &ProblemDetails {
        &self.inner.details
    }

    /// The problem details, owned.
    #[must_use]
    pub fn into_details(self) -> ProblemDetails {
        self.inner.details
    }

    /// The response's HTTP status; 0 when the request got no response.
    ///
    /// This is the status line's, which a problem's `status` member (in
    /// [`details`](ClientError::details)) may contradict, for instance when a
    /// proxy relays another service's problem.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.inner.status
    }

    /// Decodes the details into a typed error: `Some` when the code (or an
    /// alias) is one of `E`'s and its members rebuild the variant; see
    /// [`FromProblem`].
    #[must_use]
    pub fn decode<E: FromProblem>(&self) -> Option<E> {
        E::from_problem(&self.inner.details)
    }

    /// How long to wait before retrying: the `Retry-After` header given to
    /// [`with_retry_after`](ClientError::with_retry_after) (a date is counted
    /// from now, and a date that has passed is zero), else the problem's
    /// `retry_after` member (whole seconds), else `None`.
    ///
    /// Whether a retry is worth it is the problem's to say: decode it and ask
    /// [`Problem::retryable`](crate::Problem::retryable). Cap the wait: a
    /// server may ask for any number of seconds.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match self.inner.retry_after {
            Some(header) => Some(header.delay(SystemTime::now())),
            None => self.inner.details.retry_after().map(Duration::from_secs),
        }
    }
}

/// Details already read (from a gRPC status, a message queue, a cache): the
/// status is their `status` member, 0 without one.
impl From<ProblemDetails> for ClientError {
    fn from(details: ProblemDetails) -> Self {
        let status = details.status.unwrap_or(0);
        ClientError::new(details, status)
    }
}

/// The status, the details, the `Retry-After` header read, and the source.
impl fmt::Debug for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner {
            details,
            status,
            retry_after,
            source,
        } = &*self.inner;
        f.debug_struct("ClientError")
            .field("status", status)
            .field("details", details)
            .field("retry_after", retry_after)
            .field("source", source)
            .finish()
    }
}

/// As the details display: the code, then the detail or title.
impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner.details, f)
    }
}

impl Error for ClientError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_static<T: Send + Sync + 'static>() {}

    #[test]
    fn is_send_sync_static_and_small() {
        assert_send_sync_static::<ClientError>();
        // Under clippy's `result_large_err` threshold (128 bytes) with room
        // to spare: an SDK returns `Result<T, ClientError>` everywhere.
        assert_eq!(
            std::mem::size_of::<ClientError>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn retry_after_header_then_member() {
        let body = br#"{"code":"a.b","retry_after":30}"#;
        let err = ClientError::from_response(429, None, body);
        assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
        // An invalid header is as good as none: the member is used.
        for bad in ["-1", "soon", "1.5", "", "\u{e9}"] {
            let err = ClientError::from_response(429, None, body).with_retry_after(bad);
            assert_eq!(err.retry_after(), Some(Duration::from_secs(30)), "{bad:?}");
        }
        let err = ClientError::from_response(429, None, body).with_retry_after("0");
        assert_eq!(err.retry_after(), Some(Duration::ZERO));
        let err = ClientError::from_response(429, None, b"").with_retry_after("nope");
        assert_eq!(err.retry_after(), None);
        let past = ClientError::from_response(503, None, b"")
            .with_retry_after("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(past.retry_after(), Some(Duration::ZERO));
        let huge =
            ClientError::from_response(503, None, b"").with_retry_after("184467440737095516150000");
        assert_eq!(huge.retry_after(), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn status_is_the_responses() {
        let relayed = br#"{"status":404,"code":"other.not_found"}"#;
        let err = ClientError::from_response(502, None, relayed);
        assert_eq!((err.status(), err.details().status), (502, Some(404)));
        let err = ClientError::from(ProblemDetails::default());
        assert_eq!(err.status(), 0);
        assert!(err.source().is_none());
    }
}
