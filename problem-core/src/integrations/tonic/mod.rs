//! `tonic` feature: the same error type serves gRPC, with Google's rich
//! error model, both ways.
//!
//! - Every `#[derive(Problem)]` type implements `From<E> for tonic::Status`,
//!   so a tonic handler returns `Err(err.into())` or uses `?`.
//! - [`to_status`] sends any [`Problem`](crate::Problem), an
//!   [`Envelope`](crate::Envelope) with per-request context (its
//!   `request_id` becomes a `RequestInfo`), or [`ProblemDetails`](crate::ProblemDetails).
//! - [`details_from_status`] reads any status back, from this crate or not,
//!   and never panics; `E::from_problem(&details_from_status(&status))`
//!   rebuilds the typed error on the client.
//!
//! ```
//! use problem_core::{FromProblem, Problem};
//! use problem_core::tonic::{details_from_status, to_status};
//!
//! #[derive(Debug, PartialEq, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
//!     NotFound {
//!         #[problem(extension)]
//!         id: u64,
//!     },
//! }
//!
//! // Server side: a tonic handler returns `Result<_, tonic::Status>`.
//! let status: tonic::Status = ScanError::NotFound { id: 42 }.into();
//! assert_eq!(status.code(), tonic::Code::NotFound);
//! assert_eq!(status.message(), "scan 42 was not found");
//!
//! // Client side: the typed error back.
//! let details = details_from_status(&status);
//! assert_eq!(details.code.as_deref(), Some("scans.not_found"));
//! assert_eq!(ScanError::from_problem(&details), Some(ScanError::NotFound { id: 42 }));
//!
//! // Per-request context: the request id travels as a `RequestInfo`.
//! let err = ScanError::NotFound { id: 7 };
//! let status = to_status(&err.envelope().request_id("req-1"));
//! assert_eq!(details_from_status(&status).request_id.as_deref(), Some("req-1"));
//! ```
//!
//! # The status
//!
//! **Code.** From the occurrence's HTTP status ([`Problem::status`](crate::Problem::status),
//! so a `#[problem(status)]` field counts):
//!
//! | HTTP status | gRPC code |
//! |---|---|
//! | 400 | `InvalidArgument` |
//! | 401 | `Unauthenticated` |
//! | 403 | `PermissionDenied` |
//! | 404 | `NotFound` |
//! | 409 | `Aborted` |
//! | 412 | `FailedPrecondition` |
//! | 416 | `OutOfRange` |
//! | 429 | `ResourceExhausted` |
//! | 499 | `Cancelled` |
//! | 501 | `Unimplemented` |
//! | 503 | `Unavailable` |
//! | 504 | `DeadlineExceeded` |
//! | other 4xx | `FailedPrecondition` |
//! | other 5xx | `Internal` |
//!
//! [`grpc_code`] is this table, and [`http_status`] the way back for a
//! status that does not carry its HTTP status.
//!
//! **Message.** The detail when the envelope shows it, else the title. The
//! 5xx rule holds: a withheld detail is on no wire, neither the message nor
//! any rich detail nor the status's metadata.
//!
//! **Rich details** (google.rpc, through `tonic-types`), in this order:
//!
//! | detail | from |
//! |---|---|
//! | `ErrorInfo` | `reason`: the code; `domain`: the type URI's host (empty for `about:blank`); `metadata`: `type` (the type URI), `status` (the HTTP status), `title`, `instance` and `trace_id` when there are some, and each extension member |
//! | `RetryInfo` | `retry_after` (capped at `RetryInfo::MAX_RETRY_DELAY`, about 10,000 years) |
//! | `BadRequest` | `errors`: one field violation per field error, `field` = path, `description` = detail (else the code), `reason` = code |
//! | `RequestInfo` | the envelope's `request_id` |
//!
//! In the `ErrorInfo` metadata an extension member is written as itself when
//! it is a string, and as its JSON text otherwise (`100`, `{"unit":"scans"}`);
//! a string that would read as other JSON (`"42"`, `"true"`) is written as
//! JSON text too (`"\"42\""`), so that every value reads back as it was.
//!
//! The status is the same for every [envelope shape](crate::EnvelopeShape):
//! a wrapped or flat type's status carries its RFC 9457 members, and
//! [`from_problem`](crate::FromProblem::from_problem) rebuilds it from them.
//!
//! **Limits.** A detail that is exactly the title reads back as no detail.
//! Field errors travel as `reason` and `description`, so a field error whose
//! detail is exactly its code reads back without a detail.

mod code;
mod decode;
pub(crate) mod encode;
mod metadata;

pub use code::{grpc_code, http_status};
pub use decode::details_from_status;
pub use encode::ToStatus;

/// A problem, an [`Envelope`](crate::Envelope) or [`ProblemDetails`](crate::ProblemDetails)
/// as a `tonic::Status`; see [the module documentation](self).
///
/// ```
/// use problem_core::Problem;
///
/// #[derive(Debug, Problem)]
/// enum QuotaError {
///     #[problem(code = "quota.exceeded", status = 429)]
///     Exceeded {
///         #[problem(retry_after)]
///         retry_after: u64,
///     },
/// }
///
/// let status = problem_core::tonic::to_status(&QuotaError::Exceeded { retry_after: 30 });
/// assert_eq!(status.code(), tonic::Code::ResourceExhausted);
/// assert_eq!(status.message(), "Too Many Requests");
/// let details = problem_core::tonic::details_from_status(&status);
/// assert_eq!(details.retry_after(), Some(30));
/// ```
#[must_use]
pub fn to_status<T: ?Sized + ToStatus>(value: &T) -> ::tonic::Status {
    value.to_status()
}
