//! [`ProblemLayer`]: request ids, and per-request context (and language)
//! for every problem response of a service.

use core::fmt;
use core::future::{Future, poll_fn};
use core::pin::{Pin, pin};
use core::task::{Context, Poll};
#[cfg(feature = "i18n")]
use std::sync::Arc;

#[cfg(feature = "i18n")]
use ::axum::http::header::ACCEPT_LANGUAGE;
use ::axum::http::header::HeaderValue;
use ::axum::response::Response;

#[cfg(feature = "i18n")]
use super::locale::LocaleScope;
use super::request_id::{RequestId, X_REQUEST_ID, request_id_of};
use super::splice::add_context;
use super::traceparent::trace_id_of;
#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::protocol::Context as ProblemContext;

/// A [`tower` layer](tower_layer::Layer) that gives each request an id and
/// every problem response its context.
///
/// For each request, the layer:
///
/// 1. takes the request id from `X-Request-Id` (1 to [`MAX_REQUEST_ID_LEN`](super::MAX_REQUEST_ID_LEN)
///    visible ASCII characters) or generates one ([`generate_request_id`](super::generate_request_id)),
///    and puts it in the request's extensions as a [`RequestId`];
/// 2. sets `X-Request-Id` on the response, whatever the response is;
/// 3. when the response is a problem rendered by this crate (a derived type,
///    [`ProblemDetails`](crate::ProblemDetails), a
///    [`RequestProblem`](crate::RequestProblem) from the extractors or
///    fallbacks), adds to its body `request_id`, `instance` (the request
///    path) and `trace_id` (from a valid `traceparent` header). A member the
///    problem already has is kept: a `#[problem(instance)]` field wins over
///    the path. The body is then exactly
///    [`Envelope::to_vec`](crate::Envelope::to_vec) with that context;
/// 4. with a `localizer` (feature `i18n`), renders those problems in the
///    language the request's `Accept-Language` asks for.
///
/// Apply it to the outermost router (`Router::layer`), so that it sees the
/// full path and the fallbacks' responses. Only a body that is still, byte
/// for byte, the one rendered gets the context: a body that an inner
/// middleware compressed, rewrote (to any length) or failed goes out as
/// that middleware left it (the layer reads such a body only as far as it
/// matches, then sends on what it read and the rest).
#[derive(Clone, Default)]
pub struct ProblemLayer {
    #[cfg(feature = "i18n")]
    localizer: Option<Arc<dyn Localizer>>,
}

impl fmt::Debug for ProblemLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ProblemLayer");
        #[cfg(feature = "i18n")]
        d.field("languages", &self.localizer.as_ref().map(|l| l.languages()));
        d.finish()
    }
}

impl ProblemLayer {
    /// The layer.
    #[must_use]
    pub fn new() -> Self {
        ProblemLayer::default()
    }

    /// Serves problems in the caller's language: the title and detail of
    /// every problem response rendered while the request is handled (derived
    /// types, [`RequestProblem`](crate::RequestProblem)s of the extractors and fallbacks) come from
    /// `localizer` in the language [`negotiate`](crate::i18n::negotiate)
    /// picks from the request's `Accept-Language` and the localizer's
    /// [`languages`](Localizer::languages), falling back to the source text.
    /// Such a response has `Vary: accept-language`, and `Content-Language`
    /// when its code is translated in the language picked. The code, status
    /// and extension members never change.
    ///
    /// The language is known to problems converted into responses while the
    /// layer polls the request's future (a handler's `Err`, an extractor's
    /// rejection, `?` into a response): not to one rendered on a task the
    /// handler spawned, nor to [`ProblemDetails`](crate::ProblemDetails) (which has no template
    /// arguments). Render those with [`Envelope::localized`](crate::Envelope::localized).
    ///
    /// ```
    /// use problem_core::axum::ProblemLayer;
    /// use problem_core::i18n::Translations;
    ///
    /// let translations = Translations::new()
    ///     .with_title("de", "resource.not_found", "Ressource nicht gefunden");
    /// let app: axum::Router = axum::Router::new()
    ///     .fallback(problem_core::axum::not_found)
    ///     .layer(ProblemLayer::new().localizer(translations));
    /// ```
    #[cfg(feature = "i18n")]
    #[must_use]
    pub fn localizer(mut self, localizer: impl Localizer + 'static) -> Self {
        self.localizer = Some(Arc::new(localizer));
        self
    }
}

impl<S> tower_layer::Layer<S> for ProblemLayer {
    type Service = ProblemService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ProblemService {
            inner,
            #[cfg(feature = "i18n")]
            localizer: self.localizer.clone(),
        }
    }
}

/// The service [`ProblemLayer`] wraps around a router or handler.
#[derive(Clone)]
pub struct ProblemService<S> {
    inner: S,
    #[cfg(feature = "i18n")]
    localizer: Option<Arc<dyn Localizer>>,
}

impl<S: fmt::Debug> fmt::Debug for ProblemService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ProblemService");
        d.field("inner", &self.inner);
        #[cfg(feature = "i18n")]
        d.field("localized", &self.localizer.is_some());
        d.finish()
    }
}

/// The future of [`ProblemService`].
pub type ProblemFuture<E> = Pin<Box<dyn Future<Output = Result<Response, E>> + Send + 'static>>;

impl<S, B> tower_service::Service<::axum::http::Request<B>> for ProblemService<S>
where
    S: tower_service::Service<::axum::http::Request<B>, Response = Response>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ProblemFuture<S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: ::axum::http::Request<B>) -> Self::Future {
        let id = match req.extensions().get::<RequestId>() {
            Some(id) => id.0.clone(),
            None => request_id_of(req.headers()),
        };
        req.extensions_mut().insert(RequestId(id.clone()));
        let path = req.uri().path().to_owned();
        let trace_id = trace_id_of(req.headers());
        #[cfg(feature = "i18n")]
        let scope = self.localizer.as_ref().map(|localizer| LocaleScope {
            localizer: Arc::clone(localizer),
            accept_language: req.headers().get(ACCEPT_LANGUAGE).cloned(),
        });
        let future = self.inner.call(req);
        Box::pin(async move {
            let mut future = pin!(future);
            let mut response = poll_fn(|cx| {
                #[cfg(feature = "i18n")]
                let _scope = scope.as_ref().map(LocaleScope::enter);
                future.as_mut().poll(cx)
            })
            .await?;
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(X_REQUEST_ID.clone(), value);
            }
            let context = ProblemContext {
                instance: Some(&path),
                request_id: Some(&id),
                trace_id: trace_id.as_deref(),
            };
            Ok(add_context(response, &context).await)
        })
    }
}
