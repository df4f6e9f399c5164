//! `axum` feature: handlers return their error enum, and the problem goes out.
//!
//! - Every `#[derive(Problem)]` type, [`ProblemDetails`](crate::ProblemDetails)
//!   and [`Envelope`](crate::Envelope)
//!   implement [`IntoResponse`], with no extra attribute on the type: the
//!   response has the problem's status, `Content-Type:
//!   application/problem+json`, `Retry-After` when the problem carries one,
//!   and the envelope's exact bytes (those of [`to_vec`](crate::to_vec)).
//! - [`Json`], [`Query`] and [`Path`] wrap axum's extractors; their rejections
//!   are [`RequestProblem`]s, so a malformed request gets problem+json too.
//! - [`not_found`] and [`method_not_allowed`] are fallbacks for unmatched
//!   routes and methods (`resource.not_found`, `resource.method_not_allowed`).
//! - [`ProblemLayer`] gives every request an id (`X-Request-Id` from the
//!   request, or generated), echoes it on every response, adds
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

use ::axum::extract::path::ErrorKind;
use ::axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use ::axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use ::axum::http::header::HeaderName;
use ::axum::http::request::Parts;
use ::axum::http::{Method, Uri};
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use super::problem_layer::{ProblemFuture, ProblemLayer, ProblemService};
pub use super::request_id::{MAX_REQUEST_ID_LEN, RequestId, generate_request_id};
use crate::integrations::RequestProblem;
use crate::integrations::request_id::{X_REQUEST_ID_NAME, request_id_or_new};

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static(X_REQUEST_ID_NAME);

// ---------------------------------------------------------------------------
// Request ids

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = core::convert::Infallible;

    /// The id [`ProblemLayer`] set; without the layer, a valid
    /// `X-Request-Id` header, or a new id.
    ///
    /// ```
    /// use problem_core::axum::RequestId;
    ///
    /// async fn handler(RequestId(id): RequestId) -> String {
    ///     id
    /// }
    /// # let _: axum::routing::MethodRouter = axum::routing::get(handler);
    /// ```
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<RequestId>() {
            Some(id) => id.clone(),
            None => RequestId(request_id_or_new(
                parts.headers.get(&X_REQUEST_ID).map(|v| v.as_bytes()),
            )),
        })
    }
}

// ---------------------------------------------------------------------------
// Extractors

/// Axum's [`Json`](::axum::Json) extractor and response, rejecting with a
/// [`RequestProblem`]: `validation.body_unparseable` (400, not JSON),
/// `validation.body_invalid` (422, JSON of the wrong shape),
/// `validation.content_type` (415), `validation.body_too_large` (413),
/// `validation.body_unreadable` (400).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::Json::<T>::from_request(req, state).await {
            Ok(::axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(RequestProblem::from(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

/// Axum's [`Query`](::axum::extract::Query) extractor, rejecting with
/// `validation.query_invalid` (400) and the parser's reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(RequestProblem::from(rejection)),
        }
    }
}

/// Axum's [`Path`](::axum::extract::Path) extractor, rejecting with
/// `validation.parameter_type_mismatch` (400: which parameter, its value, the
/// expected type), `validation.path_invalid` (400: text that is not UTF-8, a
/// value the type refuses), or
/// `server.extractor_misconfigured` (500, a route/extractor mismatch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                // A single value (`Path<u32>`) is reported without its
                // parameter's name: take it from the route's parameters.
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|raw| raw.iter().map(|(k, _)| k.to_owned()).collect())
                    .unwrap_or_default();
                Err(path_problem(&rejection, &names))
            }
        }
    }
}

macro_rules! deref {
    ($($name:ident),*) => {$(
        impl<T> core::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }
        impl<T> core::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }
    )*};
}

deref!(Json, Query, Path);

/// The text of a rejection's cause, or its own text when it has none.
fn reason(rejection: &(impl std::error::Error + ?Sized)) -> String {
    match rejection.source() {
        Some(source) => source.to_string(),
        None => rejection.to_string(),
    }
}

impl From<JsonRejection> for RequestProblem {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                RequestProblem::BodyUnparseable { reason: reason(&e) }
            }
            JsonRejection::JsonDataError(e) => RequestProblem::BodyInvalid { reason: reason(&e) },
            JsonRejection::MissingJsonContentType(_) => RequestProblem::UnsupportedContentType {
                expected: "application/json".to_owned(),
            },
            JsonRejection::BytesRejection(e) => match e.status().as_u16() {
                413 => RequestProblem::BodyTooLarge,
                _ => RequestProblem::BodyUnreadable { reason: reason(&e) },
            },
            other => rejected(other.status().as_u16(), other.body_text()),
        }
    }
}

impl From<QueryRejection> for RequestProblem {
    fn from(rejection: QueryRejection) -> Self {
        match rejection {
            QueryRejection::FailedToDeserializeQueryString(e) => {
                RequestProblem::QueryInvalid { reason: reason(&e) }
            }
            other => rejected(other.status().as_u16(), other.body_text()),
        }
    }
}

impl From<PathRejection> for RequestProblem {
    /// As [`Path`] maps it, without the route's parameter names: a single
    /// value's parameter is named `""`.
    fn from(rejection: PathRejection) -> Self {
        path_problem(&rejection, &[])
    }
}

fn path_problem(rejection: &PathRejection, names: &[String]) -> RequestProblem {
    let PathRejection::FailedToDeserializePathParams(e) = rejection else {
        return rejected(rejection.status().as_u16(), rejection.body_text());
    };
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let mismatch =
        |parameter: String, value: &str, expected: &str| RequestProblem::ParameterTypeMismatch {
            parameter,
            value: value.to_owned(),
            expected: expected.to_owned(),
        };
    match e.kind() {
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => mismatch(key.clone(), value, expected_type),
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => mismatch(name(*index), value, expected_type),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => mismatch(name(0), value, expected_type),
        kind if e.status().as_u16() < 500 => RequestProblem::PathInvalid {
            reason: kind.to_string(),
        },
        _ => RequestProblem::ExtractorMisconfigured {
            reason: rejection.body_text(),
        },
    }
}

/// Any other rejection: a 5xx is a server-side mistake whose text stays in
/// the server; a 4xx keeps axum's status and text.
fn rejected(status: u16, reason: String) -> RequestProblem {
    if status >= 500 {
        RequestProblem::ExtractorMisconfigured { reason }
    } else {
        RequestProblem::Rejected { status, reason }
    }
}

// ---------------------------------------------------------------------------
// Fallbacks

/// A fallback handler for unmatched routes: `resource.not_found` (404) with
/// the request path as `instance`.
///
/// ```
/// let app: axum::Router = axum::Router::new().fallback(problem_core::axum::not_found);
/// ```
pub async fn not_found(uri: Uri) -> RequestProblem {
    RequestProblem::NotFound {
        instance: uri.path().to_owned(),
    }
}

/// A fallback for a matched route without a handler for the request's method:
/// `resource.method_not_allowed` (405) naming the method. Axum adds the
/// `Allow` header.
///
/// ```
/// let app: axum::Router = axum::Router::new()
///     .method_not_allowed_fallback(problem_core::axum::method_not_allowed);
/// ```
pub async fn method_not_allowed(method: Method) -> RequestProblem {
    RequestProblem::MethodNotAllowed {
        method: method.as_str().to_owned(),
    }
}
