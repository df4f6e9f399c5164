//! [`ProblemService`]: the service [`ProblemLayer`] wraps around a router.

use core::fmt;
use core::task::{Context, Poll};
use std::sync::Arc;

use ::axum::BoxError;
use ::axum::body::Bytes;
#[cfg(feature = "i18n")]
use ::axum::http::header::ACCEPT_LANGUAGE;
use ::axum::http::{Request, Response};

use super::ProblemLayer;
use super::future::{ProblemFuture, State};
use super::scope::Scope;
use crate::integrations::request_id::{RequestId, request_id_of, trace_id_of};

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
        let request_id = match req.extensions().get::<RequestId>() {
            Some(id) => id.0.clone(),
            None => {
                let id = request_id_of(req.headers());
                req.extensions_mut().insert(RequestId(id.clone()));
                id
            }
        };
        let layer = &self.layer;
        let scope = Arc::new(Scope {
            request_id,
            instance: req.uri().path().to_owned(),
            trace_id: trace_id_of(req.headers()),
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
            scope,
            method: req.method().clone(),
            convert: layer.convert,
            hook: layer.hook.clone(),
        };
        ProblemFuture::new(self.inner.call(req), state)
    }
}
