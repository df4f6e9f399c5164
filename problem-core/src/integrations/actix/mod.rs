//! `actix-web` feature: derived types are handler errors, and every error
//! response is a problem.
//!
//! Every `#[derive(Problem)]` type converts into [`actix_web::Error`], so a
//! handler returns `Result<T, YourError>` (actix-web's `Responder` for
//! `Result<T, E>` asks for `E: Into<actix_web::Error>`) or uses `?` in a
//! handler returning `Result<T, actix_web::Error>`. The conversion goes
//! through [`ProblemError`], a rendered problem that implements
//! [`ResponseError`](actix_web::ResponseError): the response has the
//! problem's status, `Content-Type: application/problem+json`
//! (`application/json` for the [`wrapped` and `flat`
//! shapes](crate::EnvelopeShape)), `Retry-After` when the problem carries
//! one, and the envelope's exact bytes (those of [`to_vec`](crate::to_vec)).
//!
//! [`ProblemMiddleware`] does for an actix-web app what axum's `ProblemLayer`
//! does for a router, with the same rules: a request id (`X-Request-Id` in
//! and out, [`RequestId`] for handlers), the request's `request_id`,
//! `instance` and `trace_id` in every problem, every plain 4xx/5xx response
//! converted into a problem, and each problem response observed once (one
//! `tracing` event with the `tracing` feature, and its
//! [`on_problem`](ProblemMiddleware::on_problem) hook), with the detail a
//! 5xx withholds and the error's `source()` chain.
//!
//! [`json_config`], [`query_config`] and [`path_config`] make actix-web's
//! extractors reject with [`RequestProblem`](crate::RequestProblem)s (with
//! the parser's message), and [`not_found`] is a default service for
//! unmatched routes.
//!
//! ```
//! use actix_web::{App, web};
//! use problem_core::Problem;
//! use problem_core::actix::ProblemMiddleware;
//!
//! #[derive(Debug, Problem)]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
//!     NotFound {
//!         #[problem(extension)]
//!         id: u64,
//!     },
//! }
//!
//! async fn get_scan(id: web::Path<u64>) -> Result<String, ScanError> {
//!     Err(ScanError::NotFound { id: id.into_inner() })
//! }
//!
//! let app = App::new()
//!     .app_data(problem_core::actix::json_config())
//!     .app_data(problem_core::actix::path_config())
//!     .app_data(problem_core::actix::query_config())
//!     .route("/scans/{id}", web::get().to(get_scan))
//!     .default_service(web::to(problem_core::actix::not_found))
//!     // Last: the outermost middleware.
//!     .wrap(ProblemMiddleware::new());
//! ```
//!
//! A derived type need not implement `Display` for this (actix-web's
//! `ResponseError` would ask for it): [`ProblemError`] does.
//!
//! To serve a problem in the caller's language (feature `i18n`), build the
//! error from a localized envelope:
//! `ProblemError::from_envelope(&err.envelope().localized(&translations, lang))`,
//! with `lang` from `i18n::negotiate` over the request's `Accept-Language`
//! (the middleware has no localizer of its own).
//!
//! # What actix-web does not let the middleware do
//!
//! - **Responses the server writes itself** never pass through an app's
//!   middleware, so they stay as actix-web writes them: a request the HTTP
//!   codec rejects (a malformed request line or header: 400), headers too
//!   large (431), a client that is too slow to send its request
//!   (`HttpServer::client_request_timeout`: 408).
//! - **A handler that panics** gets no response at all: actix-web has no
//!   catch-panic middleware (tower-http's `CatchPanicLayer` answers 500 and
//!   axum's `ProblemLayer` converts it); the connection is closed.
//! - **An error an inner middleware returns** (`Err`, not a response) leaves
//!   the middleware as an `Err` whose response is the problem, because a
//!   `ServiceResponse` needs the request, which a middleware cannot keep
//!   while the app handles it (a clone held across the call breaks
//!   actix-web's routing). Middlewares outside see the original error's text
//!   (`Display`), but `actix_web::Error::as_error` no longer finds its type.
//! - **A problem rendered off the request's poll** (in a task the handler
//!   spawned) has no request context in its body and is logged where it is
//!   rendered, as with axum.
//! - **A plain error body that is a stream** is read only as far as it is
//!   ready when the response leaves the app (actix-web's and its errors'
//!   bodies are in memory): the middleware never waits on a body.

mod answered;
mod convert;
pub(crate) mod error;
mod extract;
mod fallback;
mod future;
mod middleware;
mod request_id;
mod scope;
mod service;

pub use self::error::ProblemError;
pub use self::extract::{json_config, path_config, query_config};
pub use self::fallback::not_found;
pub use self::future::ProblemMiddlewareFuture;
pub use self::middleware::ProblemMiddleware;
pub use self::request_id::X_REQUEST_ID;
pub use self::service::ProblemMiddlewareService;
pub use crate::integrations::request_id::{MAX_REQUEST_ID_LEN, RequestId, generate_request_id};
