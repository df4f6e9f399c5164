//! [`not_found`]: a default service for unmatched routes.

use ::actix_web::{HttpRequest, HttpResponse, ResponseError as _};

use super::error::ProblemError;
use crate::integrations::request::RequestProblem;

/// A default service for unmatched routes: `resource.not_found` (404) with the
/// request path as `instance`. (Under a
/// [`ProblemMiddleware`](super::ProblemMiddleware), actix-web's own 404 is
/// converted into the same problem.)
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ProblemError::request(&RequestProblem::NotFound {
        instance: req.path().to_owned(),
    })
    .error_response()
}
