//! Request ids in actix-web: the `X-Request-Id` header, new ids as header
//! values, and the [`RequestId`] extractor.

use core::convert::Infallible;
use core::future::{Ready, ready};

use ::actix_web::dev::Payload;
use ::actix_web::http::header::{HeaderName, HeaderValue};
use ::actix_web::{FromRequest, HttpMessage as _, HttpRequest};

use crate::integrations::request_id::{
    RequestId, X_REQUEST_ID_NAME, new_request_id, request_id_or_new,
};

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static(X_REQUEST_ID_NAME);

/// A new request id as a header value.
pub(super) fn new_request_id_value() -> HeaderValue {
    // 32 hex digits: always a valid header value.
    HeaderValue::from_bytes(&new_request_id()).unwrap_or(HeaderValue::from_static("-"))
}

impl FromRequest for RequestId {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    /// The id [`ProblemMiddleware`](super::ProblemMiddleware) set; without
    /// the middleware, a valid `X-Request-Id` header, or a new id.
    ///
    /// ```
    /// use problem_core::actix::RequestId;
    ///
    /// async fn handler(RequestId(id): RequestId) -> String {
    ///     id
    /// }
    /// # let _ = actix_web::web::get().to(handler);
    /// ```
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let id = match req.extensions().get::<RequestId>() {
            Some(id) => id.clone(),
            None => RequestId(request_id_or_new(
                req.headers().get(&X_REQUEST_ID).map(|v| v.as_bytes()),
            )),
        };
        ready(Ok(id))
    }
}
