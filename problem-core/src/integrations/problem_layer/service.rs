//! [`ProblemService`]: the service [`ProblemLayer`] wraps around a router.

use core::fmt;
use core::task::{Context, Poll};

use ::axum::BoxError;
use ::axum::body::Bytes;
#[cfg(feature = "i18n")]
use ::axum::http::header::ACCEPT_LANGUAGE;
use ::axum::http::header::HeaderName;
use ::axum::http::{HeaderMap, HeaderValue, Request, Response};

use super::ProblemLayer;
use super::future::{ProblemFuture, State};
use super::scope::Scope;
use crate::integrations::axum::X_REQUEST_ID;
use crate::integrations::request_id::{RequestId, is_valid_request_id, new_request_id};
use crate::integrations::traceparent::TRACEPARENT_NAME;

/// The service [`ProblemLayer`] wraps around a router or handler.
#[derive(Clone)]
pub struct ProblemService<S> {
    inner: S,
    layer: ProblemLayer,
}

impl<S> ProblemService<S> {
    pub(super) fn new(inner: S, layer: ProblemLayer) -> Self {
        ProblemService { inner, layer }
    }
}

impl<S: fmt::Debug> fmt::Debug for ProblemService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProblemService")
            .field("inner", &self.inner)
            .field("layer", &self.layer)
            .finish()
    }
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for ProblemService<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = ::axum::response::Response;
    type Error = S::Error;
    type Future = ProblemFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        // The id as a header value: the request's own is shared, not copied.
        // A `RequestId` extension is needed only for a new id: without one,
        // the extractor reads the same id from the header.
        let request_id = match req.extensions().get::<RequestId>() {
            Some(id) => HeaderValue::from_str(&id.0).unwrap_or_else(|_| new_request_id_value()),
            None => match valid_request_id_value(req.headers()) {
                Some(value) => value.clone(),
                None => {
                    let value = new_request_id_value();
                    let id = value.to_str().unwrap_or_default().to_owned();
                    req.extensions_mut().insert(RequestId(id));
                    value
                }
            },
        };
        let layer = &self.layer;
        let scope = Box::new(Scope {
            request_id,
            uri: req.uri().clone(),
            traceparent: req.headers().get(&TRACEPARENT).cloned(),
            hooked: layer.hook.is_some(),
            #[cfg(feature = "i18n")]
            localizer: layer.localizer.clone(),
            #[cfg(feature = "i18n")]
            accept_language: layer
                .localizer
                .as_ref()
                .and_then(|_| req.headers().get(ACCEPT_LANGUAGE).cloned()),
        });
        let state = State {
            scope: Some(scope),
            method: req.method().clone(),
            convert: layer.convert,
            hook: layer.hook.clone(),
        };
        ProblemFuture::new(self.inner.call(req), state)
    }
}

/// The `traceparent` header.
const TRACEPARENT: HeaderName = HeaderName::from_static(TRACEPARENT_NAME);

/// The request's `X-Request-Id` header, when it is a valid id.
fn valid_request_id_value(headers: &HeaderMap) -> Option<&HeaderValue> {
    headers
        .get(&X_REQUEST_ID)
        .filter(|v| is_valid_request_id(v.as_bytes()))
}

/// A new request id as a header value.
fn new_request_id_value() -> HeaderValue {
    // 32 hex digits: always a valid header value.
    HeaderValue::from_bytes(&new_request_id()).unwrap_or(HeaderValue::from_static("-"))
}
