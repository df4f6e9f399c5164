//! Request ids in axum: the `X-Request-Id` header's name, and
//! [`RequestId`] as an extractor. The rules (which ids are taken, how a new
//! one is made) are the framework-neutral ones of `integrations/request_id`.

use ::axum::extract::FromRequestParts;
use ::axum::http::header::HeaderName;
use ::axum::http::request::Parts;

use crate::integrations::request_id::{RequestId, X_REQUEST_ID_NAME, request_id_or_new};

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static(X_REQUEST_ID_NAME);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = core::convert::Infallible;

    /// The id [`ProblemLayer`](super::ProblemLayer) set; without the layer,
    /// a valid `X-Request-Id` header, or a new id.
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
