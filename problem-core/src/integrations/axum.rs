//! `axum` feature: handlers return their error enum, and the problem goes out.
//!
//! - Every `#[derive(Problem)]` type, [`ProblemDetails`] and [`Envelope`]
//!   implement [`IntoResponse`], with no extra attribute on the type: the
//!   response has the problem's status, `Content-Type:
//!   application/problem+json`, `Retry-After` when the problem carries one,
//!   and the envelope's exact bytes (those of [`to_vec`](crate::to_vec)).
//! - [`Json`], [`Query`] and [`Path`] wrap axum's extractors; their rejections
//!   are [`RequestProblem`]s, so a malformed request gets problem+json too.
//! - [`not_found`] and [`method_not_allowed`] are fallbacks for unmatched
//!   routes and methods (`resource.not_found`, `resource.method_not_allowed`).
//! - [`ProblemLayer`] gives every request an id (`X-Request-Id` from the
//!   request, or generated), echoes it on every response, and adds
//!   `request_id`, `instance` (the request path) and, from a W3C
//!   `traceparent` header, `trace_id` to every problem response.
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
//! records where the layer's context goes, instead of keeping the error).

#[cfg(feature = "i18n")]
use core::cell::Cell;
use core::fmt;
use core::future::{Future, poll_fn};
use core::pin::{Pin, pin};
use core::task::{Context, Poll};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
#[cfg(feature = "i18n")]
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ::axum::body::{Body, HttpBody};
use ::axum::extract::path::ErrorKind;
use ::axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use ::axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
#[cfg(feature = "i18n")]
use ::axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY};
use ::axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH, HeaderName, HeaderValue};
use ::axum::http::request::Parts;
use ::axum::http::{HeaderMap, Method, Uri};
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::render::{Extra, Template};
use crate::details::ProblemDetails;
#[cfg(feature = "i18n")]
use crate::i18n::{self, Localizer};
use crate::integrations::RequestProblem;
use crate::problem::{Envelope, Problem};

/// The response of a problem: what a derived type's `IntoResponse` returns.
#[doc(hidden)]
pub fn problem_response<P: ?Sized + Problem>(problem: &P) -> Response {
    #[cfg(feature = "i18n")]
    if let Some(scope) = LocaleScope::current() {
        return localized_response(problem, &scope);
    }
    super::http::problem_response(problem).map(Body::from)
}

/// A problem's response under a localizing [`ProblemLayer`].
#[cfg(feature = "i18n")]
fn localized_response<P: ?Sized + Problem>(problem: &P, scope: &LocaleScope) -> Response {
    // Under a localizing `ProblemLayer`: the caller's language, if the
    // localizer has one that `Accept-Language` accepts.
    let localizer: &dyn Localizer = &*scope.localizer;
    let languages = localizer.languages();
    let lang = scope
        .accept_language
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| i18n::negotiate(accept, &languages));
    let mut response = match lang {
        Some(lang) => {
            super::http::envelope_response(&Envelope::new(problem).localized(localizer, lang))
        }
        None => super::http::problem_response(problem),
    };
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("accept-language"));
    if let Some(lang) = lang.filter(|lang| i18n::translates(localizer, lang, problem.code()))
        && let Ok(value) = HeaderValue::from_str(lang)
    {
        headers.insert(CONTENT_LANGUAGE, value);
    }
    response.map(Body::from)
}

/// What a localizing [`ProblemLayer`] makes known to the problem responses
/// rendered while its inner service runs: a thread-local value, set around
/// each poll of the inner service's future (so that it is seen on whatever
/// thread the poll runs, and only during it).
#[cfg(feature = "i18n")]
#[derive(Clone)]
struct LocaleScope {
    localizer: Arc<dyn Localizer>,
    accept_language: Option<HeaderValue>,
}

#[cfg(feature = "i18n")]
thread_local! {
    static LOCALE: Cell<Option<LocaleScope>> = const { Cell::new(None) };
}

#[cfg(feature = "i18n")]
impl LocaleScope {
    /// The scope of the poll running on this thread, if any.
    fn current() -> Option<LocaleScope> {
        LOCALE
            .try_with(|cell| {
                let scope = cell.take();
                let copy = scope.clone();
                cell.set(scope);
                copy
            })
            .ok()
            .flatten()
    }

    /// Makes this scope current until the guard drops.
    fn enter(&self) -> ScopeGuard {
        ScopeGuard(
            LOCALE
                .try_with(|cell| cell.replace(Some(self.clone())))
                .ok()
                .flatten(),
        )
    }
}

/// Restores the scope that was current before [`LocaleScope::enter`].
#[cfg(feature = "i18n")]
struct ScopeGuard(Option<LocaleScope>);

#[cfg(feature = "i18n")]
impl Drop for ScopeGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        let _ = LOCALE.try_with(|cell| cell.set(previous));
    }
}

impl IntoResponse for ProblemDetails {
    /// The status (500 when absent or invalid), `Content-Type:
    /// application/problem+json`, `Retry-After` from a `retry_after` member,
    /// and the serialized details.
    fn into_response(self) -> Response {
        self.into_http().map(Body::from)
    }
}

impl<P: ?Sized + Problem> IntoResponse for Envelope<'_, P> {
    /// As the problem's response, with the envelope's context in the body.
    /// [`ProblemLayer`] leaves such a body as it is.
    fn into_response(self) -> Response {
        self.to_response().map(Body::from)
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
        _ => RequestProblem::ExtractorMisconfigured,
    }
}

/// Any other rejection: a 5xx is a server-side mistake whose text stays in
/// the server; a 4xx keeps axum's status and text.
fn rejected(status: u16, reason: String) -> RequestProblem {
    if status >= 500 {
        RequestProblem::ExtractorMisconfigured
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

// ---------------------------------------------------------------------------
// Request ids and the layer

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of a request, as [`ProblemLayer`] found or generated it; the layer
/// puts it in the request's extensions, and it is an extractor.
///
/// ```
/// use problem_core::axum::RequestId;
///
/// async fn handler(RequestId(id): RequestId) -> String {
///     id
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::get(handler);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = core::convert::Infallible;

    /// The id [`ProblemLayer`] set; without the layer, a valid `X-Request-Id`
    /// header, or a new id.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<RequestId>() {
            Some(id) => id.clone(),
            None => RequestId(request_id_of(&parts.headers)),
        })
    }
}

/// The longest `X-Request-Id` taken from a request; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The request's `X-Request-Id` when it is 1 to [`MAX_REQUEST_ID_LEN`]
/// visible ASCII characters, or a new id.
fn request_id_of(headers: &HeaderMap) -> String {
    headers
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=MAX_REQUEST_ID_LEN).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic())
        })
        .map_or_else(generate_request_id, str::to_owned)
}

/// A new request id: 32 lowercase hex digits, unique within the process and
/// unpredictable across processes (not a secret: do not use it as one).
#[must_use]
pub fn generate_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // `RandomState` is seeded from the OS per thread: a keyed hash of the
    // counter and the clock, without a dependency on a random number crate.
    let keys = RandomState::new();
    let mut h = keys.build_hasher();
    h.write_u64(n);
    h.write_u128(nanos);
    let hi = h.finish();
    let mut h = keys.build_hasher();
    h.write_u64(hi);
    h.write_u64(n);
    let lo = h.finish();
    format!("{hi:016x}{lo:016x}")
}

/// The trace id of a W3C `traceparent` header (`00-<trace id>-<span id>-<flags>`).
/// Version `00` has exactly these four fields; a later version may add
/// fields after them; `ff` is invalid. The trace id and the parent (span) id
/// must not be all zeros.
fn trace_id_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("traceparent")?.to_str().ok()?;
    let mut parts = value.trim().split('-');
    let (version, trace, span, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let nonzero = |s: &str| s.bytes().any(|b| b != b'0');
    let valid = hex(version, 2)
        && version != "ff"
        && (version != "00" || parts.next().is_none())
        && hex(trace, 32)
        && nonzero(trace)
        && hex(span, 16)
        && nonzero(span)
        && hex(flags, 2);
    valid.then(|| trace.to_owned())
}

/// A [`tower` layer](tower_layer::Layer) that gives each request an id and
/// every problem response its context.
///
/// For each request, the layer:
///
/// 1. takes the request id from `X-Request-Id` (1 to [`MAX_REQUEST_ID_LEN`]
///    visible ASCII characters) or generates one ([`generate_request_id`]),
///    and puts it in the request's extensions as a [`RequestId`];
/// 2. sets `X-Request-Id` on the response, whatever the response is;
/// 3. when the response is a problem rendered by this crate (a derived type,
///    [`ProblemDetails`], a [`RequestProblem`] from the extractors or
///    fallbacks), adds to its body `request_id`, `instance` (the request
///    path) and `trace_id` (from a valid `traceparent` header). A member the
///    problem already has is kept: a `#[problem(instance)]` field wins over
///    the path. The body is then exactly [`Envelope::to_vec`] with that
///    context;
/// 4. with a `localizer` (feature `i18n`), renders those problems in the
///    language the request's `Accept-Language` asks for.
///
/// Apply it to the outermost router (`Router::layer`), so that it sees the
/// full path and the fallbacks' responses. A body that an inner middleware
/// changed (compressed, say) is left as it is.
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
    /// types, [`RequestProblem`]s of the extractors and fallbacks) come from
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
    /// handler spawned, nor to [`ProblemDetails`] (which has no template
    /// arguments). Render those with [`Envelope::localized`].
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
            let extra = Extra {
                instance: Some(&path),
                request_id: Some(&id),
                trace_id: trace_id.as_deref(),
            };
            Ok(add_context(response, &extra).await)
        })
    }
}

/// Rewrites a problem response's body with the context, when it carries a
/// [`Template`] and its body is still the one rendered.
async fn add_context(mut response: Response, extra: &Extra<'_>) -> Response {
    let Some(template) = response.extensions_mut().remove::<Template>() else {
        return response;
    };
    if response.headers().contains_key(CONTENT_ENCODING) {
        return response;
    }
    let exact = response.body().size_hint().exact();
    let expected = match &template {
        Template::Envelope { len, .. } => Some(*len as u64),
        Template::Details(_) => None,
    };
    // Only a body whose whole length is known and in memory is rewritten.
    let Some(exact) = exact.filter(|n| expected.is_none_or(|e| e == *n)) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let limit = usize::try_from(exact).unwrap_or(usize::MAX);
    let Ok(bytes) = ::axum::body::to_bytes(body, limit).await else {
        // Unreachable for a body of known length held in memory; an empty
        // body is all that is left.
        return Response::from_parts(parts, Body::empty());
    };
    let mut response = Response::from_parts(parts, Body::empty());
    match template.with_context(&bytes, extra) {
        Some(body) => {
            response.headers_mut().remove(CONTENT_LENGTH);
            *response.body_mut() = Body::from(body);
        }
        None => *response.body_mut() = Body::from(bytes),
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids() {
        let mut headers = HeaderMap::new();
        let a = request_id_of(&headers);
        let b = request_id_of(&headers);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("abc-123"));
        assert_eq!(request_id_of(&headers), "abc-123");
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("has space"));
        assert_eq!(request_id_of(&headers).len(), 32);
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        headers.insert(&X_REQUEST_ID, HeaderValue::from_str(&long).unwrap());
        assert_eq!(request_id_of(&headers).len(), 32);
    }

    #[test]
    fn traceparent() {
        let mut headers = HeaderMap::new();
        assert_eq!(trace_id_of(&headers), None);
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        // A later version may have more fields.
        headers.insert(
            "traceparent",
            HeaderValue::from_static("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "garbage",
        ] {
            headers.insert("traceparent", HeaderValue::from_static(bad));
            assert_eq!(trace_id_of(&headers), None, "{bad}");
        }
    }
}
