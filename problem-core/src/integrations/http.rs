//! `http` feature: problems as [`http::Response`](::http::Response)s, for any
//! framework built on the `http` crate.
//!
//! [`ProblemExt`] gives every [`Problem`] a [`status_code`](ProblemExt::status_code)
//! and a [`to_response`](ProblemExt::to_response); [`ProblemDetails`] and
//! [`Envelope`] (a problem with per-request context) have the same two as
//! inherent methods.
//!
//! A response has:
//!
//! - the problem's status, always an error status: 500 for a status outside
//!   400..=599, which only a hand-written [`Problem`] or a [`ProblemDetails`]
//!   can hold (a derived type ignores a `#[problem(status)]` field holding
//!   such a value, and uses the declared status); the body then says 500
//!   too, and leaves the detail out, as a 5xx's (it is logged);
//! - `Content-Type: application/problem+json` (`application/json` for a type
//!   whose [envelope shape](crate::EnvelopeShape) is `wrapped` or `flat`);
//! - `Retry-After: <seconds>` when the problem carries a retry-after
//!   (a `#[problem(retry_after)]` field, or a `retry_after` member of
//!   [`ProblemDetails`]);
//! - the envelope's bytes as its body, exactly those of
//!   [`to_vec`](crate::to_vec) (or [`Envelope::to_vec`]).
//!
//! ```
//! use problem_core::Problem;
//! use problem_core::http::ProblemExt;
//!
//! #[derive(Debug, Problem)]
//! enum QuotaError {
//!     #[problem(code = "quota.exceeded", status = 429, detail = "limit is {limit}")]
//!     Exceeded {
//!         #[problem(extension)]
//!         limit: u32,
//!         #[problem(retry_after)]
//!         retry_after: u64,
//!     },
//! }
//!
//! let err = QuotaError::Exceeded { limit: 100, retry_after: 30 };
//! assert_eq!(err.status_code(), http::StatusCode::TOO_MANY_REQUESTS);
//!
//! let response = err.to_response();
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["content-type"], "application/problem+json");
//! assert_eq!(response.headers()["retry-after"], "30");
//! assert_eq!(
//!     std::str::from_utf8(response.body()).unwrap(),
//!     r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"limit is 100","code":"quota.exceeded","limit":100,"retry_after":30}"#
//! );
//! ```

use ::http::header::{self, HeaderValue};
use ::http::{Response, StatusCode};

use crate::details::ProblemDetails;
use crate::problem::{Envelope, Problem};
use crate::protocol::CONTENT_TYPE;
use crate::status::response_status;

/// `status_code()` and `to_response()` for every [`Problem`]; bring it into
/// scope with `use problem_core::http::ProblemExt;`.
pub trait ProblemExt: Problem {
    /// The status of this occurrence as an [`http::StatusCode`](::http::StatusCode)
    /// (500 when [`Problem::status`] is not an error status, 400..=599).
    fn status_code(&self) -> StatusCode {
        status_code(self.status())
    }

    /// The problem as an HTTP response: its status, `Content-Type:
    /// application/problem+json`, `Retry-After` when it carries one, and the
    /// bytes of [`to_vec`](crate::to_vec) as body.
    fn to_response(&self) -> Response<Vec<u8>> {
        Envelope::new(self).to_response()
    }
}

impl<P: ?Sized + Problem> ProblemExt for P {}

impl<P: ?Sized + Problem> Envelope<'_, P> {
    /// The status of the envelope's problem as an [`http::StatusCode`](::http::StatusCode).
    #[must_use]
    pub fn status_code(&self) -> StatusCode {
        status_code(self.problem().status())
    }

    /// The envelope, with its context and language, as an HTTP response: as
    /// [`ProblemExt::to_response`], with [`Envelope::to_vec`] as body.
    #[must_use]
    pub fn to_response(&self) -> Response<Vec<u8>> {
        let problem = self.problem();
        response(
            problem.status(),
            problem.retry_after(),
            self.shape().content_type(),
            self.to_vec(),
        )
    }
}

impl ProblemDetails {
    /// The `status` member as an [`http::StatusCode`](::http::StatusCode): 500
    /// when it is absent or not an error status, 400..=599 (a transport
    /// error's 0).
    #[must_use]
    pub fn status_code(&self) -> StatusCode {
        status_code(self.status.unwrap_or(500))
    }

    /// The details as an HTTP response: the [`status_code`](Self::status_code),
    /// `Content-Type: application/problem+json`, `Retry-After` when there is a
    /// `retry_after` member, and the serialized details as body.
    ///
    /// Details with an error status are sent as they are. Details without
    /// one (a client's [`transport`](Self::transport) error, whose status is
    /// 0) are sent as a 500: `"status":500` in the body too, and without
    /// their detail, which was written for the client's side (a URL, token
    /// and all) and is withheld as any 5xx detail is.
    ///
    /// ```
    /// use problem_core::ProblemDetails;
    ///
    /// let failed = ProblemDetails::transport("GET https://billing.internal/?token=s3cr3t: refused");
    /// let response = failed.to_response();
    /// assert_eq!(response.status(), 500);
    /// assert_eq!(
    ///     std::str::from_utf8(response.body()).unwrap(),
    ///     r#"{"type":"about:blank","title":"Transport error","status":500,"code":"transport.error"}"#
    /// );
    /// ```
    #[must_use]
    pub fn to_response(&self) -> Response<Vec<u8>> {
        let (fit, _) = self.fitted();
        response(
            fit.status.unwrap_or(500),
            fit.retry_after(),
            CONTENT_TYPE,
            fit.to_json(),
        )
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(response_status(status)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A problem response: `status` (500 when it is not an error status),
/// `Content-Type`, `Retry-After` when there is one, and `body`.
pub(crate) fn response<B>(
    status: u16,
    retry_after: Option<u64>,
    content_type: &'static str,
    body: B,
) -> Response<B> {
    let mut response = Response::new(body);
    *response.status_mut() = status_code(status);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(secs) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
