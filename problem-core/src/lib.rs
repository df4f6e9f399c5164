//! RFC 9457 problem details (`application/problem+json`) derived from your
//! error types.
//!
//! Annotate each variant of an error enum once; get the HTTP status, a `type`
//! URI built from a stable code, the serialized envelope, a catalog of every
//! code, and a build that fails when two codes collide.
//!
//! ```
//! use problem_core::Problem;
//!
//! #[derive(Debug, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     /// The scan id does not exist, or is not visible to the caller.
//!     #[problem("scans.not_found", 404, title = "Scan not found")]
//!     #[problem(detail = "scan {id} was not found")]
//!     NotFound { id: u64 },
//!
//!     /// Too many scans were started; wait before starting another.
//!     #[problem("scans.rate_limited", 429)]
//!     RateLimited {
//!         #[problem(retry_after)]
//!         retry_after: u64,
//!     },
//! }
//!
//! let err = ScanError::NotFound { id: 42 };
//! assert_eq!(err.status(), 404);
//! assert_eq!(
//!     String::from_utf8(problem_core::to_vec(&err)).unwrap(),
//!     r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 42 was not found","code":"scans.not_found"}"#
//! );
//! assert!(ScanError::RateLimited { retry_after: 30 }.retryable());
//! assert_eq!(ScanError::CATALOG.len(), 2);
//! ```
//!
//! # The attributes
//!
//! On the container (the enum, or a struct, which is one problem):
//!
//! | key | meaning |
//! |---|---|
//! | `type_base = "https://…/"` | the `type` URI of each variant is `type_base` followed by its code, built at compile time. Without it: `about:blank`. |
//! | `code_prefix = "scans."` | prepended to codes derived from variant names (not to an explicit `code`) |
//! | `rename_all = "snake_case"` | derive a code from each variant name that has no `code`: `lowercase`, `UPPERCASE`, `PascalCase`, `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `kebab-case`, `SCREAMING-KEBAB-CASE` |
//! | `envelope = "wrapped"` | the JSON shape of the envelope: `rfc9457` (the default), `wrapped` or `flat`; see [`EnvelopeShape`] |
//! | `display_detail`, `log = ".."` | on an enum, the default of every variant (see below; a variant's own `detail` or `log` wins) |
//!
//! On a variant (on a struct, beside the container keys):
//!
//! | key | meaning |
//! |---|---|
//! | `code = "scans.not_found"` | the stable code: `.`-separated segments of `[A-Za-z0-9_-]` |
//! | `status = 404` | the HTTP status, 400..=599 |
//! | `title = "…"` | the short summary; without it, the status's reason phrase |
//! | `detail = "scan {id} was not found"` | the per-occurrence detail, a format string over the fields as `thiserror` reads `#[error]` |
//! | `display_detail` | the detail is the value's `Display` (thiserror's `#[error]`): the message is written once; not beside `detail` |
//! | `type_uri = "https://…"` | this variant's `type` URI, overriding `type_base` |
//! | `retryable`, `retryable = false` | whether a retry may succeed; without it, true for 429, 502, 503 and 504 |
//! | `expose_detail` | 5xx only: put the detail on the wire (by default a 5xx detail is withheld) |
//! | `alias = "old.code"` | another code that means this variant when parsing (repeatable) |
//! | `transparent` | one field, itself a `Problem`: everything is delegated to it |
//! | `log = "warn"` | the level an occurrence is logged at: `off`, `error`, `warn`, `info`, `debug`, `trace`; without it, `error` for 5xx and `debug` for 4xx ([`LogLevel`]) |
//! | `grpc_code = "already_exists"` | the gRPC code, a snake_case name of `tonic::Code` (not `ok`: a problem is an error); without it, mapped from the status |
//!
//! **The compact form.** The code and the status may come first, without
//! their names: `#[problem("scans.not_found", 404, title = "..")]` means
//! `#[problem(code = "scans.not_found", status = 404, title = "..")]` (a
//! leading integer alone is the status). It keeps the attribute short
//! enough for rustfmt to leave it on one line; the keys of a variant may
//! also be spread over several `#[problem(..)]` lines. A key given twice,
//! either way, is a compile error.
//!
//! The variant's doc comment is its description in the catalog. `log` and
//! `grpc_code` are accepted whatever features are on; a transparent
//! variant takes the values of the problem it wraps.
//!
//! On a field (a field with no attribute is never serialized; it can appear in `detail`):
//!
//! | key | meaning |
//! |---|---|
//! | `extension`, `extension = "name"` | a top-level member of the envelope |
//! | `errors` | the `errors` array: anything that iterates `&FieldError` |
//! | `instance` | the `instance` URI: `String`, `Option<String>`, `Box<str>`, `Arc<str>`, `Cow<str>`, `&str` |
//! | `status` | the status of this occurrence: `u16`, `Option<u16>`, or `http::StatusCode` with the `http` feature; a value outside 400..=599 is ignored (the declared status is used everywhere) |
//! | `retry_after` | seconds: `u64`, `u32`, `Duration` (rounded up), or an `Option` of one; the `retry_after` member |
//!
//! An extension of type `Option<T>` is left out of the envelope when `None`.
//!
//! # With thiserror
//!
//! A service that derives `thiserror::Error` already writes each message in
//! `#[error(..)]`. `display_detail` (on the enum, or on a variant) takes the
//! detail from that `Display`, so the message is written, and formatted,
//! once. The 5xx withholding and `expose_detail` apply as to any detail:
//!
//! ```
//! use problem_core::Problem;
//!
//! #[derive(Debug, thiserror::Error, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/", display_detail)]
//! enum ScanError {
//!     /// The scan id does not exist, or is not visible to the caller.
//!     #[error("scan {id} was not found")]
//!     #[problem("scans.not_found", 404, title = "Scan not found")]
//!     NotFound { id: u64 },
//!
//!     /// The scanner failed; which one is for the logs.
//!     #[error("scanner {host} failed")]
//!     #[problem("scans.failed", 500)]
//!     Failed { host: String },
//! }
//!
//! let err = ScanError::NotFound { id: 42 };
//! assert_eq!(err.to_string(), "scan 42 was not found");
//! assert_eq!(err.detail().as_deref(), Some("scan 42 was not found"));
//! assert_eq!(ScanError::Failed { host: "scanner-3".into() }.detail(), None);
//! ```
//!
//! A `detail = ".."` written as the variant's `#[error("..")]`, word for
//! word, is formatted through `Display` too (the same bytes, formatted once).
//!
//! # The wire format
//!
//! Members in this order, absent ones left out: `type`, `title`, `status`,
//! `detail`, `instance`, `code`, `request_id`, `trace_id`, the extensions and
//! `retry_after` in field order, `errors` (left out when empty).
//!
//! When both a `#[problem(instance)]` field with a value and
//! [`Envelope::instance`] give an instance, the field wins: it is the more
//! specific of the two.
//!
//! # Other shapes, other languages
//!
//! A type can be served in one of two other JSON shapes, chosen once with
//! `#[problem(envelope = "wrapped" | "flat")]` and honoured by serialization,
//! the fast path, framework responses and client parsing; see
//! [`EnvelopeShape`]. Titles and details can be served in the caller's
//! language from translations per code, with the `i18n` feature; see the
//! `i18n` module and `Envelope::localized`.
//!
//! # Clients
//!
//! With the `reqwest` feature, an SDK method is the request, `?`, and
//! `reqwest::ResponseExt::error_for_problem`: an error response becomes a
//! [`ClientError`] (at most 64 KiB of its body read, parsed without ever
//! panicking, a load balancer's HTML page included), a request that got no
//! response becomes `transport.error` with the whole cause chain, and the
//! service's error enum comes back typed:
//!
//! ```
//! # #[cfg(feature = "reqwest")]
//! # mod sdk {
//! # use problem_core::Problem;
//! # const BASE: &str = "http://127.0.0.1:3000";
//! # #[derive(serde::Deserialize)]
//! # struct Scan { id: u64 }
//! # #[derive(Debug, Problem)]
//! # enum ScanError {
//! #     #[problem(code = "scans.not_found", status = 404)]
//! #     NotFound { #[problem(extension)] id: u64 },
//! #     #[problem(code = "scans.rate_limited", status = 429)]
//! #     RateLimited { #[problem(retry_after)] retry_after: u64 },
//! # }
//! use problem_core::ClientError;
//! use problem_core::reqwest::ResponseExt;
//!
//! async fn get_scan(http: &reqwest::Client, id: u64) -> Result<Scan, ClientError> {
//!     let response = http.get(format!("{BASE}/scans/{id}")).send().await?;
//!     Ok(response.error_for_problem().await?.json().await?)
//! }
//! # async fn show(http: reqwest::Client) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//!
//! match get_scan(&http, 42).await {
//!     Ok(scan) => println!("scan {}", scan.id),
//!     Err(err) => match err.decode::<ScanError>() {
//!         Some(ScanError::NotFound { id }) => println!("no scan {id}"),
//!         Some(e) if e.retryable() => println!("retry in {:?}", err.retry_after()),
//!         _ => return Err(err.into()), // shows as `scans.crashed: Internal Server Error`
//!     },
//! }
//! # Ok(())
//! # }
//! # }
//! ```
//!
//! `examples/sdk_client.rs` is a whole SDK in this style, retrying what the
//! service calls retryable after its `Retry-After`.
//!
//! [`ClientError`] itself needs no feature: build it from any client's
//! response with [`ClientError::from_response`] (and
//! [`with_retry_after`](ClientError::with_retry_after) for the header), or
//! from a failed request with [`ClientError::transport`]. Below it,
//! [`ProblemDetails::from_response`] reads any error response, and
//! [`FromProblem::from_problem`] rebuilds the typed error from its code (or an
//! alias) and its members; [`ProblemDetails`] is itself an error:
//!
//! ```
//! # use std::time::Duration;
//! # use problem_core::{FromProblem, Problem, ProblemDetails};
//! # #[derive(Debug, Problem)]
//! # enum ServiceError {
//! #     #[problem(code = "quota.exceeded", status = 429)]
//! #     QuotaExceeded {
//! #         #[problem(extension)]
//! #         limit: u32,
//! #         #[problem(retry_after)]
//! #         retry_after: Duration,
//! #     },
//! # }
//! # fn sleep(wait: Duration) { assert_eq!(wait, Duration::from_secs(30)); }
//! # fn call(body: &[u8]) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! let details = ProblemDetails::from_response(429, Some("application/problem+json"), &body);
//! match ServiceError::from_problem(&details) {
//!     Some(ServiceError::QuotaExceeded { retry_after, .. }) => sleep(retry_after),
//!     _ => return Err(details.into()),
//! }
//! # Ok(())
//! # }
//! # call(br#"{"code":"quota.exceeded","limit":100,"retry_after":30}"#).unwrap();
//! # let err = call(b"<html>Too Many Requests</html>").unwrap_err();
//! # assert_eq!(err.to_string(), "http.429: <html>Too Many Requests</html>");
//! ```
//! # gRPC
//!
//! With the `tonic` feature the same enum serves gRPC: every derived type
//! converts into a `tonic::Status` (`Err(err.into())`, or `?` in a handler),
//! and the client reads any status back into problem details, then into the
//! typed error. See the `tonic` module for the details it sends.
//!
//! ```
//! # #[cfg(feature = "tonic")] {
//! use problem_core::tonic::{details_from_status, to_status};
//! use problem_core::{FromProblem, Problem};
//!
//! #[derive(Debug, PartialEq, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
//!     NotFound {
//!         #[problem(extension)]
//!         id: u64,
//!     },
//! }
//!
//! let err = ScanError::NotFound { id: 42 };
//! let status = to_status(&err.envelope().request_id("req-7f3a"));
//! assert_eq!(status.code(), tonic::Code::NotFound);
//! assert_eq!(status.message(), "scan 42 was not found");
//!
//! let details = details_from_status(&status);
//! assert_eq!(details.request_id.as_deref(), Some("req-7f3a"));
//! assert_eq!(ScanError::from_problem(&details), Some(err));
//! # }
//! ```
//!
//! The gRPC code comes from the occurrence's HTTP status; a variant's
//! `grpc_code = "already_exists"` overrides it:
//!
//! | HTTP | gRPC | HTTP | gRPC |
//! |---|---|---|---|
//! | 400 | `InvalidArgument` | 429 | `ResourceExhausted` |
//! | 401 | `Unauthenticated` | 499 | `Cancelled` |
//! | 403 | `PermissionDenied` | 501 | `Unimplemented` |
//! | 404 | `NotFound` | 503 | `Unavailable` |
//! | 409 | `Aborted` | 504 | `DeadlineExceeded` |
//! | 412 | `FailedPrecondition` | other 4xx | `FailedPrecondition` |
//! | 416 | `OutOfRange` | other 5xx | `Internal` |
//!
//! The message is the detail, or the title when there is none or it is
//! withheld (a 5xx detail is on no gRPC wire either). The rich details are
//! google.rpc messages (`tonic-types`): an `ErrorInfo` (reason: the code;
//! domain: the type URI's host; metadata: the type URI, the HTTP status, the
//! title, `instance`, `trace_id` and each extension member), a `RetryInfo`
//! from `retry_after`, a `BadRequest` from `errors`, a `RequestInfo` with the
//! request id. `details_from_status` reads any status, from this crate or
//! not, and never panics: a status without our `ErrorInfo` gets the code
//! `grpc.<code name>` (`grpc.not_found`).
//!
//! # Features
//!
//! | feature | what it gives |
//! |---|---|
//! | `derive` (default) | `#[derive(Problem)]` |
//! | `http` | `http::ProblemExt::{status_code, to_response}` for every problem; the same on [`ProblemDetails`] and [`Envelope`] |
//! | `axum` | `IntoResponse` for derived types, [`ProblemDetails`] and [`Envelope`]; `axum::{Json, Query, Path}` extractors rejecting with `RequestProblem`s; `axum::not_found` and `axum::method_not_allowed` fallbacks; `axum::ProblemLayer` (every plain error response converted into a problem, request ids, `instance`, `trace_id`, `Accept-Language`, an `on_problem` hook), composing with tower-http's layers in one `ServiceBuilder` |
//! | `tracing` | one `tracing` event with target `problem` per problem response the integrations write (and per `tonic::Status` a problem converts into), inside the request's span, with the detail a 5xx withholds from the wire and the error's `source()` chain (see [`observe`]) |
//! | `actix-web` | derived types as handler errors (`actix::ProblemError`); extractor configurations rejecting with `RequestProblem`s; `actix::ProblemMiddleware` (every plain error response converted into a problem, request ids, `instance`, `trace_id`, an `on_problem` hook) |
//! | `utoipa` | `ToSchema` for [`ProblemDetails`] and [`FieldError`]; `IntoResponses` for every derived type; `utoipa::Problems<(A, B)>` |
//! | `i18n` | titles and details in the caller's language: the `i18n` module, `Envelope::localized`, and with `axum`, `ProblemLayer::localizer` |
//! | `reqwest` | `reqwest::ResponseExt::error_for_problem` (an error response read, at most `reqwest::MAX_ERROR_BODY` of it, into a [`ClientError`]) and `From<reqwest::Error>` for [`ClientError`]; no reqwest feature (TLS backend, HTTP/2) is turned on |
//! | `registry` | every derived type's catalog registered at link time: the `registry` module (the whole binary's catalog and docs site) and `testing::assert_unique_codes_in_binary`; on the targets linkme supports (Linux, macOS, Windows, ...; not wasm) |
//! | `tonic` | `From<E> for tonic::Status` for derived types; `tonic::to_status` and `tonic::details_from_status` (see [gRPC](#grpc)) |
//!
//! # Observability
//!
//! Every problem response the framework integrations write is observed once:
//! with the `tracing` feature, one event with target `problem` (ERROR for
//! 5xx, DEBUG for 4xx) inside the request's span, with `code`, `status`,
//! `type_uri`, `request_id`, `trace_id`, `instance`, the `detail` (also when
//! the wire withholds it) and `error` (the `source()` chain of a type that
//! implements `std::error::Error`); with axum's `ProblemLayer::on_problem`
//! and actix-web's `ProblemMiddleware::on_problem`, a hook given the same
//! facts as an [`observe::ProblemReport`]. With the `tonic` feature too,
//! each problem converted into a `tonic::Status` (a derived type's
//! `From<E> for Status`, `tonic::to_status`) is the same one event. A
//! withheld detail or cause never reaches a response or a status. See
//! [`observe`] for what a generic type gets.
//!
//! In an axum service, `ProblemLayer` sits inside tower-http's `TraceLayer`
//! and around its body limit, timeout and panic catcher, in one
//! `ServiceBuilder`:
//!
//! ```
//! # #[cfg(feature = "axum")] {
//! # use std::time::Duration;
//! use axum::http::StatusCode;
//! use problem_core::axum::ProblemLayer;
//! use tower::ServiceBuilder;
//! use tower_http::catch_panic::CatchPanicLayer;
//! use tower_http::limit::RequestBodyLimitLayer;
//! use tower_http::timeout::TimeoutLayer;
//! use tower_http::trace::TraceLayer;
//!
//! # mod metrics {
//! #     pub fn count(_code: &str, _status: u16) {}
//! # }
//! # let routes = axum::Router::new();
//! # let timeout = Duration::from_secs(10);
//! let app = routes
//!     .fallback(problem_core::axum::not_found)
//!     .method_not_allowed_fallback(problem_core::axum::method_not_allowed)
//!     .layer(
//!         ServiceBuilder::new()
//!             .layer(TraceLayer::new_for_http())
//!             .layer(ProblemLayer::new().on_problem(|p| metrics::count(&p.code, p.status)))
//!             .layer(RequestBodyLimitLayer::new(1024 * 1024))
//!             .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
//!             .layer(CatchPanicLayer::new()),
//!     );
//! # let _: axum::Router = app;
//! # }
//! ```
//!
//! # Compile-time checks
//!
//! Within one type, the derive rejects, each with an error on the offending
//! token that says how to fix it: a code or alias used twice (derived codes
//! included; the error is on the second and names the first), a missing code
//! or status, a malformed code, alias or `code_prefix`, a status that is not
//! an integer literal in 400..=599, unknown, misplaced or repeated keys (with
//! "did you mean" for a misspelt one), a `detail` naming a field that does not
//! exist, a `type_base` or `type_uri` that is not an absolute URI, a
//! `transparent` variant with other than one field or beside keys it
//! delegates, two `errors` (or `instance`, `status`, `retry_after`) fields,
//! `expose_detail` on a status below 500, an extension named like a member
//! the envelope writes itself, and a union. A build reports all of its
//! mistakes at once, and the derive emits a stand-in implementation beside
//! them, so that the rest of the crate does not fail with unrelated errors
//! while the attribute is being fixed.
//!
//! Across types, a type with `transparent` variants fails to build when the
//! codes and aliases of the types it wraps collide with each other or with its
//! own, and [`assert_unique_codes!`] checks unrelated types together. Both run
//! as const evaluation, so the build error names the duplicate code.
//!
//! **Limits:**
//!
//! - A generic type (`enum E<T>`) cannot take part in a `const` check,
//!   because its catalog depends on its parameters: the derive skips the
//!   cross-type check for types with type or const parameters, and
//!   `assert_unique_codes!` accepts only concrete types (`E<Concrete>` works,
//!   and so does a concrete type wrapping `E<Concrete>` in a `transparent`
//!   variant). Lifetimes do not change a catalog: a type whose only
//!   parameters are lifetimes (`enum E<'a>`) is checked, as `E<'static>`.
//! - Types are compared only where they meet: in a type whose `transparent`
//!   variants wrap them, or in an `assert_unique_codes!` naming them. Two
//!   types that are never combined are never compared at compile time; with
//!   the `registry` feature, `testing::assert_unique_codes_in_binary()`
//!   compares every type of every crate linked into a binary, at run time
//!   (in a test), and names the types that share a code.
//! - Codes are compared byte for byte: `scans.not_found` and
//!   `Scans.Not_Found` are two codes.
//! - The error names the duplicate code, not the types that share it:
//!   [`Catalog::iter`] (or [`Catalog::to_markdown`]) of each type shows where it is.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Lets `#[derive(Problem)]`'s `::problem_core::..` paths resolve inside this
// crate too ([`RequestProblem`] is derived).
extern crate self as problem_core;

// The architecture: each file under src/ has one job, and data flows one way.
// A file imports only from layers below its own: never from its own layer,
// never upwards, and always from the file that defines an item, not through
// a re-export. tests/test_layering.rs reads this table and checks every
// `crate::` and `super::` path of src/ against it. lib.rs is the facade: it
// declares the modules and re-exports the public API.
//
// layer: files (src/…, `.rs` and `/mod.rs` left out)     their job
// 0: status                                 reason phrases; which statuses a problem may have
//    details                                ProblemDetails, FieldError: owned data, read leniently from JSON
//    catalog                                ProblemSpec, Catalog: the const catalog and its hash table
//    escape                                 JSON text as serde_json writes it
//    docs                                   text helpers of the catalog's renderers
//    retry_after                            the Retry-After header: seconds or an HTTP-date
//    error_chain                            an error's source() chain as one line of text
//    log_level                              LogLevel: how loudly a problem is logged
//    withhold                               whether a detail goes on the wire; the logs' one look at a withheld one
//    integrations/request_id                request ids: which are taken, how a new one is made (both frameworks)
//    integrations/traceparent               the trace id of a W3C traceparent header
//    integrations/lend                      a value lent to the thread while a request's future is polled
//    actix/answered                         what a failed actix-web response answered, kept for the middleware
//    tonic/metadata                         ErrorInfo metadata values (tonic)
// 1: protocol                               the sink protocol: Head, Sink, Context, EnvelopeShape
//    namespace                              a code's namespace; codes grouped by it
//    unique                                 compile-time uniqueness of codes (const evaluation)
//    i18n                                   Localizer, Translations, Accept-Language negotiation
//    docs/base                              the type base of a catalog's type URIs
//    details_error                          ProblemDetails as an error: Display, Error, transport_error
//    actix/request_id                       the X-Request-Id header and the RequestId extractor (actix-web)
//    observe/cause                          a problem's cause for the logs: its source() chain, or its own word
// 2: translate                              an occurrence's translated title and detail
//    fields                                 the traits of fields with a role (status, instance, ...)
//    heads                                  a derived type's table of heads; how each arm of __write starts
//    client                                 from_response, transport, FromProblem
//    docs/json · docs/markdown · docs/html  the catalog as JSON, markdown, an HTML site
//    tonic/code                             gRPC codes from HTTP statuses, and back (tonic)
// 3: sinks/json · sinks/serde · sinks/details · sinks/facts   the protocol's writers, one per job
//    client_error                           ClientError: what an SDK method returns
// 4: problem                                the Problem trait, and the Envelope that drives the sinks
// 5: integrations/request                   RequestProblem, a derived type
//    observe/probe                          the sink that reads what the logs need, a withheld detail too
//    http · utoipa                          http::Response; OpenAPI responses
//    reqwest                                an error response read, bounded, into a ClientError
//    tonic/decode                           a tonic::Status read back into problem details
// 6: observe/report                         ProblemReport: the facts of one problem response
//    axum/extract · axum/fallback           axum's extractors and fallbacks
//    registry/link                          the link-time list of catalogs (linkme)
// 7: observe/event                          a report's tracing event (target `problem`)
//    integrations/context                   a request's context, added to envelopes, details and reports
//    registry/binary                        the binary's problems, each once
// 8: integrations/plain                     a plain error response made into a problem (both frameworks)
//    axum/scope · actix/scope               the request's scope, lent to the thread while its future is polled
//    tonic/encode                           a problem as a tonic::Status with google.rpc details, logged
//    registry/duplicates                    codes two types of the binary share
// 9: axum/response                          axum's problem responses, with the request's context, observed
//    axum/request_id                        the X-Request-Id header and the RequestId extractor (the scope's id)
//    axum/convert · actix/convert           a plain error response converted, per framework
//    actix/error                            ProblemError: a problem as an actix-web error, observed
//    registry                               the whole binary's catalog and docs
// 10: axum/future · actix/future            the layers' futures: request id, conversion, one report per problem
//    actix/extract · actix/fallback         actix-web's extractor configs and fallback
//    testing                                the snapshot contract; uniqueness across the binary
// 11: axum/layer                            ProblemLayer and ProblemService
//    actix/service                          ProblemMiddleware's service
// 12: actix/middleware                      ProblemMiddleware
// 13: integrations · axum · actix · sinks · tonic · observe   folder facades: declarations, re-exports, the hidden macros
// 14: private                               `__private`: what generated code names
mod catalog;
mod client;
mod client_error;
mod details;
mod details_error;
mod docs;
mod error_chain;
mod escape;
mod fields;
mod heads;
#[cfg(feature = "i18n")]
pub mod i18n;
mod integrations;
mod log_level;
mod namespace;
pub mod observe;
mod problem;
mod protocol;
#[cfg(feature = "registry")]
pub mod registry;
mod retry_after;
mod sinks;
mod status;
pub mod testing;
mod translate;
mod unique;
mod withhold;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::catalog::{Catalog, Iter, ProblemSpec};
pub use crate::client::{FromProblem, is_json_media_type};
pub use crate::client_error::ClientError;
pub use crate::details::{FieldError, ProblemDetails};
pub use crate::log_level::LogLevel;
pub use crate::namespace::namespace_of;
pub use crate::problem::{Envelope, Problem};
pub use crate::protocol::{CONTENT_TYPE, EnvelopeShape};
pub use crate::status::reason_phrase;

#[cfg(feature = "actix-web")]
pub use crate::integrations::actix;
#[cfg(feature = "axum")]
pub use crate::integrations::axum;
#[cfg(feature = "http")]
pub use crate::integrations::http;
#[cfg(feature = "derive")]
pub use crate::integrations::request::RequestProblem;
#[cfg(feature = "reqwest")]
pub use crate::integrations::reqwest;
#[cfg(feature = "tonic")]
pub use crate::integrations::tonic;
#[cfg(feature = "utoipa")]
pub use crate::integrations::utoipa;

/// Derives [`Problem`] and [`FromProblem`]; see the [crate documentation](crate).
#[cfg(feature = "derive")]
pub use problem_derive::Problem;

/// A problem's envelope as JSON bytes: the fast path, the same bytes as
/// `serde_json::to_vec(&problem.envelope())`.
#[must_use]
pub fn to_vec<P: ?Sized + Problem>(problem: &P) -> Vec<u8> {
    Envelope::new(problem).to_vec()
}

/// Writes a problem's envelope as JSON to `w`.
///
/// # Errors
///
/// What `w` returns.
pub fn to_writer<W: std::io::Write, P: ?Sized + Problem>(w: W, problem: &P) -> std::io::Result<()> {
    Envelope::new(problem).to_writer(w)
}

/// Fails the build when two of the given types share a code or alias.
///
/// ```
/// use problem_core::Problem;
///
/// #[derive(Problem)]
/// enum AuthError {
///     #[problem(code = "auth.denied", status = 403)]
///     Denied,
/// }
///
/// #[derive(Problem)]
/// enum ScanError {
///     #[problem(code = "scans.not_found", status = 404)]
///     NotFound,
/// }
///
/// problem_core::assert_unique_codes!(AuthError, ScanError);
/// ```
///
/// With a collision, the build fails naming the code:
///
/// ```compile_fail
/// # use problem_core::Problem;
/// #[derive(Problem)]
/// enum A { #[problem(code = "shared.code", status = 400)] X }
/// #[derive(Problem)]
/// enum B { #[problem(code = "shared.code", status = 400)] Y }
/// problem_core::assert_unique_codes!(A, B);
/// ```
///
/// The check is const evaluation: the types must be concrete (see the
/// [crate documentation](crate#compile-time-checks)).
#[macro_export]
macro_rules! assert_unique_codes {
    ($($ty:ty),+ $(,)?) => {
        const _: () = {
            const __CATALOGS: &[$crate::Catalog] = &[$(<$ty as $crate::Problem>::CATALOG),+];
            const __N: usize = $crate::__private::code_count(__CATALOGS);
            $crate::__private::assert_unique::<__N>(
                $crate::__private::collect_codes::<__N>(__CATALOGS),
                "more than one of the types given to `assert_unique_codes!` uses it",
            );
        };
    };
}
