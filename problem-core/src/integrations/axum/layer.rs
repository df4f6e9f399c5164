//! [`ProblemLayer`] and the [`ProblemService`] it wraps around a router:
//! every error response a problem, every problem observed.

use core::cell::{Cell, OnceCell};
use core::fmt;
use core::task::{Context, Poll};
use std::sync::Arc;

use ::axum::BoxError;
use ::axum::body::Bytes;
#[cfg(feature = "i18n")]
use ::axum::http::header::ACCEPT_LANGUAGE;
use ::axum::http::header::HeaderName;
use ::axum::http::{HeaderMap, HeaderValue, Request, Response};

use super::future::ProblemFuture;
use super::request_id::X_REQUEST_ID;
use super::scope::Scope;
#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::integrations::request_id::RequestId;
use crate::integrations::traceparent::TRACEPARENT_NAME;
use crate::observe::report::{self, Hook, ProblemReport};

/// A [`tower` layer](tower_layer::Layer) that makes every error response a
/// problem, gives each request an id, adds the request's context to every
/// problem, and observes each problem response once.
///
/// For each request, the layer:
///
/// 1. takes the request id from `X-Request-Id` (1 to
///    [`MAX_REQUEST_ID_LEN`](crate::axum::MAX_REQUEST_ID_LEN) visible ASCII
///    characters) or generates one ([`generate_request_id`](crate::axum::generate_request_id))
///    when it is first needed: by a problem, or by the handler's
///    [`RequestId`](crate::axum::RequestId) extractor, which gets the same
///    id. It sets `X-Request-Id` on every error response (status 400 and
///    up) and every problem response. A success passes as it is: the layer
///    looks nothing up in it, and adds no header (to echo the id on every
///    response, put tower-http's `SetRequestIdLayer` and
///    `PropagateRequestIdLayer` for `x-request-id` outside this layer: it
///    takes the id they set);
/// 2. gives every problem rendered while it handles the request (a guard
///    layer's rejection, a handler's `Err`, an extractor's rejection, a
///    fallback, [`ProblemDetails`](crate::ProblemDetails), an
///    [`Envelope`](crate::Envelope) without context) the members
///    `request_id`, `instance` (the request path, unless the problem has its
///    own) and `trace_id` (from a valid W3C `traceparent` header);
/// 3. converts every other response with a status in 400..=599 that is not
///    JSON (a framework's or a middleware's plain text or empty body) into a
///    problem: `resource.not_found` (404), `resource.method_not_allowed`
///    (405), `validation.body_too_large` (413), `validation.content_type`
///    (415), else `http.<status>` with the status's reason phrase as title.
///    A 4xx keeps the first 500 characters of a plain-text body as its
///    detail; a 5xx body is never sent (it is logged). The response's
///    headers (`Retry-After`, `Allow`, `WWW-Authenticate`, ...) are kept.
///    [`convert(false)`](Self::convert) turns this off;
/// 4. observes each problem response once (where it is rendered, if that
///    is while it handles the request): with the `tracing` feature, one
///    event with target `problem` inside the request's span (see
///    [`observe`](crate::observe)), whose `detail` is there also when the
///    wire withholds it and whose `error` is the error's `source()` chain;
///    and [`on_problem`](Self::on_problem)'s hook, with the same facts;
/// 5. with a [`localizer`](Self::localizer) (feature `i18n`), renders
///    problems in the language the request's `Accept-Language` asks for.
///
/// It takes any inner response body (`http_body::Body<Data = Bytes>`, whose
/// error converts into a `BoxError`), so it composes in one
/// `tower::ServiceBuilder` with tower-http's layers. The recommended order,
/// outermost first:
///
/// ```
/// use std::time::Duration;
///
/// use axum::Router;
/// use axum::http::StatusCode;
/// use problem_core::axum::ProblemLayer;
/// use tower::ServiceBuilder;
/// use tower_http::catch_panic::CatchPanicLayer;
/// use tower_http::limit::RequestBodyLimitLayer;
/// use tower_http::timeout::TimeoutLayer;
/// use tower_http::trace::TraceLayer;
///
/// let app: Router = Router::new()
///     .fallback(problem_core::axum::not_found)
///     .method_not_allowed_fallback(problem_core::axum::method_not_allowed)
///     .layer(
///         ServiceBuilder::new()
///             // The request's span: the problem's event is inside it.
///             .layer(TraceLayer::new_for_http())
///             // Ids, context, conversion, one event per problem.
///             .layer(ProblemLayer::new())
///             // Their plain 413, 408 and 500 become problems. (The
///             // timeout sits inside the body limit: it needs an inner
///             // body that is `Default`.)
///             .layer(RequestBodyLimitLayer::new(1024 * 1024))
///             .layer(TimeoutLayer::with_status_code(
///                 StatusCode::REQUEST_TIMEOUT,
///                 Duration::from_secs(10),
///             ))
///             .layer(CatchPanicLayer::new()),
///     );
/// ```
///
/// Apply it to the outermost router (`Router::layer`), so that it sees the
/// full path and the fallbacks' responses. A router nested under it may
/// have a layer of its own (a localizer for its routes, say): inside
/// another `ProblemLayer`, a layer takes the request id and the full path
/// the outer one knows, and its problems are observed once and given to
/// both layers' hooks (its own first); its own settings (`convert`, the
/// localizer) apply to what it handles. A service called in process while
/// a `ProblemLayer` handles a request (a gateway's sub-request) is nested
/// in that sense too: its problems carry that request's id and path (one
/// called from inside the hook does not chain the hook to its own).
///
/// The context and language reach the problems rendered while the layer
/// calls the inner service and polls its future (a guard layer's rejection
/// made in its `call` included): not one rendered on a task the handler
/// spawned (nor behind a `tower::buffer::Buffer`), which keeps its body as
/// rendered and is logged where it is rendered.
#[derive(Clone)]
pub struct ProblemLayer {
    convert: bool,
    hook: Option<Hook>,
    #[cfg(feature = "i18n")]
    localizer: Option<Arc<dyn Localizer>>,
}

impl Default for ProblemLayer {
    fn default() -> Self {
        ProblemLayer {
            convert: true,
            hook: None,
            #[cfg(feature = "i18n")]
            localizer: None,
        }
    }
}

impl fmt::Debug for ProblemLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ProblemLayer");
        d.field("convert", &self.convert);
        d.field("on_problem", &self.hook.is_some());
        #[cfg(feature = "i18n")]
        d.field("languages", &self.localizer.as_ref().map(|l| l.languages()));
        d.finish()
    }
}

impl ProblemLayer {
    /// The layer: converting plain error responses, without a hook.
    #[must_use]
    pub fn new() -> Self {
        ProblemLayer::default()
    }

    /// Whether plain 4xx and 5xx responses are converted into problems (on
    /// by default). Off, they pass as they are, with their `X-Request-Id`,
    /// and are not observed.
    #[must_use]
    pub fn convert(mut self, convert: bool) -> Self {
        self.convert = convert;
        self
    }

    /// Calls `hook` once for every problem response the layer lets out
    /// (those rendered while it handles the request, and those it converts),
    /// with the facts the `tracing` event carries: the detail also when the
    /// wire withholds it, the error's `source()` chain, the request's
    /// context, the level. For metrics, error trackers and logs of your own;
    /// it runs on the request's task, before the response is sent: keep it
    /// short.
    ///
    /// A problem rendered while the layer handles the request is reported
    /// where it is rendered, as its event is emitted: once per problem
    /// response rendered, even one that a middleware inside the layer then
    /// drops or replaces (a retry's failed attempt, say: each is reported).
    /// One rendered elsewhere (on a task the handler spawned) was logged
    /// there, without the request's context, and is reported when its
    /// response reaches the layer, if the subscriber recorded its level
    /// (feature `tracing`: otherwise it made no report). A problem the hook
    /// renders itself (to forward it, say) is logged, with the request's
    /// context, but not reported to the hook again. A layer nested in
    /// another calls its own hook, then the outer one's.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// use problem_core::axum::ProblemLayer;
    ///
    /// let server_errors = Arc::new(AtomicU64::new(0));
    /// let counter = Arc::clone(&server_errors);
    /// let layer = ProblemLayer::new().on_problem(move |problem| {
    ///     if problem.status >= 500 {
    ///         counter.fetch_add(1, Ordering::Relaxed);
    ///     }
    /// });
    /// let app: axum::Router = axum::Router::new().layer(layer);
    /// ```
    #[must_use]
    pub fn on_problem(mut self, hook: impl Fn(&ProblemReport) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Serves problems in the caller's language: the title and detail of
    /// every problem response rendered while the request is handled (derived
    /// types, [`RequestProblem`](crate::RequestProblem)s of the extractors and
    /// fallbacks) come from `localizer` in the language
    /// [`negotiate`](crate::i18n::negotiate) picks from the request's
    /// `Accept-Language` and the localizer's
    /// [`languages`](Localizer::languages), falling back to the source text.
    /// Such a response has `Vary: accept-language`, and `Content-Language`
    /// when its code is translated in the language picked. The code, status
    /// and extension members never change.
    ///
    /// The language is known to problems converted into responses while the
    /// layer handles the request (a guard layer's rejection, a handler's
    /// `Err`, an extractor's rejection, `?` into a response): not to one
    /// rendered on a task the handler spawned, nor to [`ProblemDetails`](crate::ProblemDetails)
    /// (which has no template arguments). Render those with
    /// [`Envelope::localized`](crate::Envelope::localized).
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
        ProblemService::new(inner, self.clone())
    }
}

/// The service [`ProblemLayer`] wraps around a router or handler.
#[derive(Clone)]
pub struct ProblemService<S> {
    inner: S,
    layer: ProblemLayer,
}

impl<S> ProblemService<S> {
    fn new(inner: S, layer: ProblemLayer) -> Self {
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

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        // Only reference-counted clones of what a problem may need: the id
        // is checked (or made) and the trace id parsed when one asks.
        let headers = req.headers();
        let (given_id, traceparent) = given_headers(headers);
        let layer = &self.layer;
        let request_id = OnceCell::new();
        let mut path = req.uri().path_and_query().cloned();
        let mut hook = layer.hook.clone();
        // Inside another `ProblemLayer` (a nested router's own): the request
        // has the id and the path the outer layer knows (a nested router
        // sees its path without the prefix), and the outer hook sees this
        // layer's problems too. They are observed here, once.
        Scope::with(|outer| {
            if let Some(outer) = outer {
                let _ = request_id.set(outer.request_id_value().clone());
                path.clone_from(&outer.path);
                // Not from inside the outer hook (a service it calls): the
                // hook is not given what it causes.
                if !outer.in_hook.get() {
                    hook = report::both(hook.take(), outer.hook.clone());
                }
            }
        });
        // An id a middleware set before this layer is taken as it is.
        if request_id.get().is_none()
            && let Some(RequestId(id)) = req.extensions().get::<RequestId>()
            && let Ok(value) = HeaderValue::from_str(id)
        {
            let _ = request_id.set(value);
        }
        let scope = Scope {
            given_id: Cell::new(given_id),
            request_id,
            path,
            traceparent,
            method: req.method().clone(),
            convert: layer.convert,
            hook,
            in_hook: Cell::new(false),
            #[cfg(feature = "i18n")]
            localizer: layer.localizer.clone(),
            #[cfg(feature = "i18n")]
            accept_language: layer
                .localizer
                .as_ref()
                .and_then(|_| headers.get(ACCEPT_LANGUAGE).cloned()),
        };
        // A problem the inner service answers in its `call` (a guard's
        // rejection, as tower-http's validators do) is rendered in the scope
        // too.
        let inner = scope.lend(|| self.inner.call(req));
        ProblemFuture::new(inner, scope)
    }
}

/// The `traceparent` header.
const TRACEPARENT: HeaderName = HeaderName::from_static(TRACEPARENT_NAME);

/// Up to this many header values, a request's headers are scanned once for
/// `X-Request-Id` and `traceparent`; with more, each is looked up by name.
const SCAN_UP_TO: usize = 10;

/// The request's first `X-Request-Id` and `traceparent` values, as
/// `HeaderMap::get` finds them.
///
/// A lookup hashes the name byte by byte (about 150 instructions for either
/// name, found or not); comparing a name with the two costs a few (a
/// standard header's name differs at once, another's length mostly does),
/// so the scan is the cheaper way for the few headers most requests have.
fn given_headers(headers: &HeaderMap) -> (Option<HeaderValue>, Option<HeaderValue>) {
    if headers.len() > SCAN_UP_TO {
        return (
            headers.get(&X_REQUEST_ID).cloned(),
            headers.get(&TRACEPARENT).cloned(),
        );
    }
    let (mut id, mut traceparent) = (None, None);
    for (name, value) in headers {
        let slot = if *name == X_REQUEST_ID {
            &mut id
        } else if *name == TRACEPARENT {
            &mut traceparent
        } else {
            continue;
        };
        slot.get_or_insert_with(|| value.clone());
    }
    (id, traceparent)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `given_headers` finds what `HeaderMap::get` finds, whether it scans
    /// the headers or looks the names up.
    #[test]
    fn given_headers_are_the_first_values_scanned_or_looked_up() {
        for others in [0, 3, SCAN_UP_TO, SCAN_UP_TO + 5] {
            let mut headers = HeaderMap::new();
            for i in 0..others {
                headers.append(
                    HeaderName::from_bytes(format!("x-other-{i}").as_bytes()).unwrap(),
                    HeaderValue::from_static("v"),
                );
            }
            assert_eq!(given_headers(&headers), (None, None), "{others}");
            headers.insert(
                ::axum::http::header::ACCEPT,
                HeaderValue::from_static("*/*"),
            );
            headers.append(&X_REQUEST_ID, HeaderValue::from_static("first"));
            headers.append(&TRACEPARENT, HeaderValue::from_static("tp-1"));
            headers.append(&X_REQUEST_ID, HeaderValue::from_static("second"));
            headers.append(&TRACEPARENT, HeaderValue::from_static("tp-2"));
            let (id, traceparent) = given_headers(&headers);
            assert_eq!(id.as_ref(), headers.get(&X_REQUEST_ID), "{others}");
            assert_eq!(traceparent.as_ref(), headers.get(&TRACEPARENT), "{others}");
            assert_eq!(id, Some(HeaderValue::from_static("first")));
            assert_eq!(traceparent, Some(HeaderValue::from_static("tp-1")));
        }
    }
}
