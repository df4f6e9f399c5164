//! `axum` feature: handlers return their error enum, and the problem goes out.
//!
//! - Every `#[derive(Problem)]` type, [`ProblemDetails`](crate::ProblemDetails)
//!   and [`Envelope`](crate::Envelope)
//!   implement [`IntoResponse`](::axum::response::IntoResponse), with no extra attribute on the type: the
//!   response has the problem's status, `Content-Type:
//!   application/problem+json`, `Retry-After` when the problem carries one,
//!   and the envelope's exact bytes (those of [`to_vec`](crate::to_vec)).
//! - [`Json`], [`Query`] and [`Path`] wrap axum's extractors; their rejections
//!   are [`RequestProblem`](crate::RequestProblem)s, so a malformed request gets problem+json too.
//! - [`not_found`] and [`method_not_allowed`] are fallbacks for unmatched
//!   routes and methods (`resource.not_found`, `resource.method_not_allowed`).
//! - [`ProblemLayer`] gives every request an id (`X-Request-Id` from the
//!   request, or generated when first needed), sets it on every error
//!   response (a success passes untouched), adds
//!   `request_id`, `instance` (the request path) and, from a W3C
//!   `traceparent` header, `trace_id` to every problem response, converts
//!   every plain 4xx/5xx response (a framework's, tower-http's) into a
//!   problem, and observes each problem response once (a `tracing` event
//!   with the `tracing` feature, and its `on_problem` hook). Its docs show
//!   the recommended `ServiceBuilder` with tower-http's layers.
//!
//! ```
//! use axum::Router;
//! use axum::routing::{get, post};
//! use problem_core::Problem;
//! use problem_core::axum::{Json, Path, ProblemLayer};
//!
//! #[derive(Debug, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
//!     NotFound {
//!         #[problem(extension)]
//!         id: u64,
//!     },
//! }
//!
//! async fn get_scan(Path(id): Path<u64>) -> Result<String, ScanError> {
//!     Err(ScanError::NotFound { id })
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct NewScan {
//!     target: String,
//! }
//!
//! async fn start_scan(Json(scan): Json<NewScan>) -> String {
//!     scan.target
//! }
//!
//! let app: Router = Router::new()
//!     .route("/scans/{id}", get(get_scan))
//!     .route("/scans", post(start_scan))
//!     .fallback(problem_core::axum::not_found)
//!     .method_not_allowed_fallback(problem_core::axum::method_not_allowed)
//!     .layer(ProblemLayer::new());
//! ```
//!
//! A derived type's `IntoResponse` needs nothing of the type but `Problem`:
//! it is neither required to be `Send`, `Sync` nor `'static` (the response
//! is rendered with the layer's context at once, and what the logs need is
//! copied out of the error).

mod convert;
mod extract;
mod fallback;
mod future;
mod layer;
mod request_id;
pub(crate) mod response;
mod scope;

pub use self::extract::{Json, Path, Query};
pub use self::fallback::{method_not_allowed, not_found};
pub use self::future::ProblemFuture;
pub use self::layer::{ProblemLayer, ProblemService};
pub use self::request_id::X_REQUEST_ID;
pub use crate::integrations::request_id::{MAX_REQUEST_ID_LEN, RequestId, generate_request_id};
