//! Fallback handlers for unmatched routes and methods.

use ::axum::http::{Method, Uri};

use crate::integrations::request::RequestProblem;

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
