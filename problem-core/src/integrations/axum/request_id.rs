//! Request ids in axum: the `X-Request-Id` header's name, and
//! [`RequestId`] as an extractor. The rules (which ids are taken, how a new
//! one is made) are the framework-neutral ones of `integrations/request_id`.

use ::axum::extract::FromRequestParts;
use ::axum::http::header::HeaderName;
use ::axum::http::request::Parts;

use super::scope::Scope;
use crate::integrations::request_id::{RequestId, X_REQUEST_ID_NAME, request_id_or_new};

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static(X_REQUEST_ID_NAME);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = core::convert::Infallible;

    /// The id a middleware put in the request's extensions; else, under a
    /// [`ProblemLayer`](super::ProblemLayer), the layer's id for the request
    /// (the one its problems carry); else a valid `X-Request-Id` header, or
    /// a new id.
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
        if let Some(id) = parts.extensions.get::<RequestId>() {
            return Ok(id.clone());
        }
        // Under the layer: its id (made on first use, the same for the
        // problems of this request).
        let id = Scope::with(|scope| scope.map(|scope| scope.request_id().to_owned()))
            .unwrap_or_else(|| {
                request_id_or_new(parts.headers.get(&X_REQUEST_ID).map(|v| v.as_bytes()))
            });
        Ok(RequestId(id))
    }
}
