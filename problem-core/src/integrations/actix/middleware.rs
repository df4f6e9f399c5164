//! [`ProblemMiddleware`]: every error response a problem, every problem
//! observed, for actix-web.

use core::fmt;
use core::future::{Ready, ready};
use std::sync::Arc;

use ::actix_web::Error;
use ::actix_web::body::{EitherBody, MessageBody};
use ::actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};

use super::service::ProblemMiddlewareService;
use crate::observe::report::{Hook, ProblemReport};

/// An actix-web middleware that makes every error response a problem, gives
/// each request an id, adds the request's context to every problem, and
/// observes each problem response once: actix-web's counterpart of axum's
/// `ProblemLayer`, with the same rules.
///
/// For each request, the middleware:
///
/// 1. takes the request id from `X-Request-Id` (1 to
///    [`MAX_REQUEST_ID_LEN`](super::MAX_REQUEST_ID_LEN) visible ASCII
///    characters) or generates one ([`generate_request_id`](super::generate_request_id)),
///    puts it in the request's extensions as a [`RequestId`](super::RequestId)
///    (an extractor), and sets `X-Request-Id` on the response, whatever the
///    response is;
/// 2. gives every problem rendered while it calls the inner service and
///    polls its future (an inner middleware's rejection, a handler's `Err`
///    of a derived type, [`ProblemError`](super::ProblemError)s, the
///    rejections of [`json_config`](super::json_config) and its siblings,
///    [`not_found`](super::not_found)) the members `request_id`, `instance`
///    (the request path, unless the problem has its own) and `trace_id`
///    (from a valid W3C `traceparent` header);
/// 3. converts every other response with a status in 400..=599 that is not
///    JSON (actix-web's own 404 and 405, the errors of its extractors with
///    their default configurations, such as a `PayloadConfig` or `JsonConfig`
///    limit's 413, a handler's `HttpResponse::ServiceUnavailable()`, an
///    `actix_web::error::ErrorInternalServerError(..)`) into a problem:
///    `resource.not_found` (404), `resource.method_not_allowed` (405),
///    `validation.body_too_large` (413), `validation.content_type` (415),
///    else `http.<status>` with the status's reason phrase as title. A 4xx
///    keeps the first 500 characters of a plain-text body as its detail; a
///    5xx body is never sent (it is logged). The response's headers
///    (`Retry-After`, `Allow`, `WWW-Authenticate`, ...) are kept.
///    [`convert(false)`](Self::convert) turns this off;
/// 4. observes each problem response once: with the `tracing` feature, one
///    event with target `problem` inside the request's span (see
///    [`observe`](crate::observe)), whose `detail` is there also when the
///    wire withholds it and whose `error` is the error's `source()` chain (for
///    a converted response, the text of the `actix_web::Error` it carries);
///    and [`on_problem`](Self::on_problem)'s hook, with the same facts.
///
/// An error an inner middleware returns (`Err`, rather than a response: an
/// authentication middleware's 401, say) is answered the same way: its
/// response is converted, observed and given the request id, and still
/// leaves as an `Err`, so that the middlewares outside see the error.
///
/// Wrap it last, so that it is the outermost middleware (actix-web runs the
/// last `wrap` first) and sees every response of the app:
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use problem_core::actix::ProblemMiddleware;
///
/// let app = App::new()
///     .route("/busy", web::get().to(|| async {
///         // Leaves as a problem: `http.503`, `Retry-After` kept.
///         HttpResponse::ServiceUnavailable()
///             .insert_header(("Retry-After", "30"))
///             .body("try later")
///     }))
///     .wrap(ProblemMiddleware::new());
/// ```
#[derive(Clone)]
pub struct ProblemMiddleware {
    convert: bool,
    hook: Option<Hook>,
}

impl Default for ProblemMiddleware {
    fn default() -> Self {
        ProblemMiddleware {
            convert: true,
            hook: None,
        }
    }
}

impl fmt::Debug for ProblemMiddleware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProblemMiddleware")
            .field("convert", &self.convert)
            .field("on_problem", &self.hook.is_some())
            .finish()
    }
}

impl ProblemMiddleware {
    /// The middleware: converting plain error responses, without a hook.
    #[must_use]
    pub fn new() -> Self {
        ProblemMiddleware::default()
    }

    /// Whether plain 4xx and 5xx responses are converted into problems (on
    /// by default). Off, they pass as they are, with their `X-Request-Id`,
    /// and are not observed.
    #[must_use]
    pub fn convert(mut self, convert: bool) -> Self {
        self.convert = convert;
        self
    }

    /// Calls `hook` once for every problem response the middleware lets out
    /// (those rendered while it handles the request, and those it converts),
    /// with the facts the `tracing` event carries: the detail also when the
    /// wire withholds it, the error's `source()` chain, the request's
    /// context, the level. For metrics, error trackers and logs of your own;
    /// it runs on the worker, before the response is sent: keep it short. A
    /// problem the hook renders itself (to forward it, say) is logged with
    /// the request's context, and not reported to the hook again. A
    /// middleware nested in another (a scope's own) calls its own hook,
    /// then the outer one's.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// use problem_core::actix::ProblemMiddleware;
    ///
    /// let server_errors = Arc::new(AtomicU64::new(0));
    /// let counter = Arc::clone(&server_errors);
    /// let middleware = ProblemMiddleware::new().on_problem(move |problem| {
    ///     if problem.status >= 500 {
    ///         counter.fetch_add(1, Ordering::Relaxed);
    ///     }
    /// });
    /// let app = actix_web::App::new().wrap(middleware);
    /// ```
    #[must_use]
    pub fn on_problem(mut self, hook: impl Fn(&ProblemReport) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }
}

impl<S, B> Transform<S, ServiceRequest> for ProblemMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ProblemMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ProblemMiddlewareService::new(
            service,
            self.convert,
            self.hook.clone(),
        )))
    }
}
