//! reqwest (feature `reqwest`): an error response read, bounded, into a
//! [`ClientError`], and a failed request as one.
//!
//! An SDK method is the request, `?`, and [`error_for_problem`](ResponseExt::error_for_problem):
//!
//! ```
//! use problem_core::ClientError;
//! use problem_core::reqwest::ResponseExt;
//!
//! #[derive(serde::Deserialize)]
//! struct Scan {
//!     id: u64,
//! }
//!
//! async fn get_scan(http: &reqwest::Client, base: &str, id: u64) -> Result<Scan, ClientError> {
//!     let response = http.get(format!("{base}/scans/{id}")).send().await?;
//!     let bytes = response.error_for_problem().await?.bytes().await?;
//!     serde_json::from_slice(&bytes).map_err(ClientError::transport)
//! }
//! ```
//!
//! (With reqwest's `json` feature, the last two lines are
//! `Ok(response.error_for_problem().await?.json().await?)`.)
//!
//! reqwest's own features are the user's to choose: this crate turns none of
//! them on (no TLS backend, no HTTP/2), and works over whatever the user's
//! reqwest is built with. Set a timeout on the client (`timeout` or
//! `read_timeout`): reading an error body, like reading any body, waits for
//! the server otherwise.

use std::future::Future;

use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};

use crate::client_error::ClientError;
use crate::details::ProblemDetails;

/// How much of an error response's body is read: 64 KiB. A problem is a few
/// hundred bytes; the rest of a longer body (a 1 GiB error page) is never
/// read, and the connection is closed rather than drained.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Error responses as [`ClientError`]s, for `reqwest::Response`.
///
/// Sealed: implemented for [`reqwest::Response`] only.
pub trait ResponseExt: sealed::Sealed + Sized {
    /// Passes a response whose status is below 400 through untouched; reads
    /// an error response into a [`ClientError`].
    ///
    /// The body of an error response is read up to [`MAX_ERROR_BODY`] and no
    /// further, then parsed with [`ProblemDetails::from_response`] (a body cut
    /// at the limit is not a problem any more: it gives `http.<status>`). Its
    /// `Retry-After` header is kept for [`ClientError::retry_after`]. When
    /// the body fails part way (the connection drops, a decoder fails, the
    /// client's timeout fires), what was read is used, and the reqwest error
    /// is kept as [`source()`](std::error::Error::source).
    ///
    /// # Errors
    ///
    /// The [`ClientError`] of a response whose status is 400 or more.
    fn error_for_problem(self) -> impl Future<Output = Result<Response, ClientError>> + Send;
}

impl ResponseExt for Response {
    async fn error_for_problem(self) -> Result<Response, ClientError> {
        let status = self.status().as_u16();
        if status < 400 {
            return Ok(self);
        }
        let headers = self.headers();
        // A content type that is not text is no JSON media type: read it as
        // the bytes it is, so the body is synthesised, not parsed.
        let content_type = headers
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let retry_after = headers.get(RETRY_AFTER).cloned();
        let (body, failure) = read_prefix(self, MAX_ERROR_BODY).await;
        let mut err = ClientError::from_response(status, content_type.as_deref(), &body);
        if let Some(value) = retry_after {
            err = err.with_retry_after(value);
        }
        if let Some(failure) = failure {
            err = err.with_source(failure);
        }
        Err(err)
    }
}

/// Reads at most `limit` bytes of the body; what was read, and the error that
/// stopped the read early, if one did.
async fn read_prefix(mut response: Response, limit: usize) -> (Vec<u8>, Option<reqwest::Error>) {
    let hint = response
        .content_length()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let mut body = Vec::with_capacity(hint.min(limit));
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) => break,
            Err(e) => return (body, Some(e)),
        }
    }
    (body, None)
}

/// A request that got no response (connection refused, timeout, a body that
/// could not be sent or decoded, a redirect loop): code `transport.error`,
/// status 0, the reqwest error kept as [`source()`](std::error::Error::source).
/// The detail names its kind (`connect`, `timeout`, `connect timeout`,
/// `body`, `decode`, `redirect`, `builder`, `upgrade`, `status` or
/// `request`), then the error's whole `source()` chain: `connect: error
/// sending request for url (http://127.0.0.1:9/): client error (Connect):
/// tcp connect error: Connection refused (os error 111)`.
impl From<reqwest::Error> for ClientError {
    fn from(err: reqwest::Error) -> Self {
        let mut details = ProblemDetails::transport_error(&err);
        let kind = kind(&err);
        details.detail = Some(match details.detail {
            Some(chain) => format!("{kind}: {chain}"),
            None => kind.to_owned(),
        });
        ClientError::from(details).with_source(err)
    }
}

/// The word for what failed.
fn kind(err: &reqwest::Error) -> &'static str {
    match (err.is_timeout(), err.is_connect()) {
        (true, true) => "connect timeout",
        (true, false) => "timeout",
        (false, true) => "connect",
        _ if err.is_body() => "body",
        _ if err.is_decode() => "decode",
        _ if err.is_redirect() => "redirect",
        _ if err.is_builder() => "builder",
        _ if err.is_upgrade() => "upgrade",
        _ if err.is_status() => "status",
        _ => "request",
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for reqwest::Response {}
}
