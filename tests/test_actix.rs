//! `actix-web` feature, over a socket: actix-web servers on 127.0.0.1
//! answer a real HTTP/1.1 client; each reply is read with
//! `ProblemDetails::from_response` and decoded with `from_problem` back into
//! the typed error, and its bytes are compared with the envelope's.
//!
//! One server has no middleware (derived types and the extractor configs on
//! their own); one is wrapped in `ProblemMiddleware` (every plain error
//! response converted, request ids, one `tracing` event per problem
//! response, captured with a real subscriber, and one hook call); one has
//! the middleware with `convert(false)`.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

use actix_web::dev::Service as _;
use actix_web::{App, HttpResponse, HttpServer, ResponseError, web};
use problem_core::actix::{ProblemError, ProblemMiddleware, RequestId};
use problem_core::observe::ProblemReport;
use problem_core::{FieldError, FromProblem, Problem, ProblemDetails, RequestProblem};
use serde::Deserialize;
use tracing::Instrument as _;

#[path = "support/capture.rs"]
mod capture;
#[path = "support/http1.rs"]
mod http1;

use http1::{Reply, get as GET, request};

/// No `Display`: actix-web's `ResponseError` would need one; the derive's
/// conversion does not.
#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    #[problem(code = "scans.rate_limited", status = 429)]
    RateLimited {
        #[problem(retry_after)]
        retry_after: u64,
    },
    #[problem(code = "scans.invalid", status = 422)]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem(code = "scans.crashed", status = 500, detail = "{0} crashed")]
    Crashed(String),
}

/// Generic types convert too.
#[derive(Debug, PartialEq, Problem)]
enum Api<E: Problem> {
    #[problem(transparent)]
    Scan(E),
}

/// An error with a source, beside thiserror: logged with its cause.
#[derive(Debug, thiserror::Error, Problem)]
enum StoreError {
    #[error("store failed")]
    #[problem(code = "store.failed", status = 500, detail = "store {0} failed")]
    Failed(String, #[source] std::io::Error),
}

#[derive(Debug, Deserialize)]
struct NewScan {
    target: String,
}

#[derive(Debug, Deserialize)]
struct Search {
    limit: u32,
}

async fn get_scan(id: web::Path<u64>) -> Result<String, ScanError> {
    match id.into_inner() {
        1 => Ok("scan 1".to_owned()),
        id => Err(ScanError::NotFound { id }),
    }
}

fn lookup(id: u64) -> Result<u64, ScanError> {
    Err(ScanError::NotFound { id })
}

/// `?` into `actix_web::Error`.
async fn question_mark(id: web::Path<u64>) -> Result<HttpResponse, actix_web::Error> {
    let id = lookup(id.into_inner())?;
    Ok(HttpResponse::Ok().body(id.to_string()))
}

async fn start_scan(new: web::Json<NewScan>) -> Result<String, ScanError> {
    if new.target.is_empty() {
        return Err(ScanError::Invalid {
            errors: vec![FieldError {
                path: "/target".into(),
                code: "required".into(),
                detail: Some("empty".into()),
            }],
        });
    }
    Ok(new.into_inner().target)
}

async fn search(q: web::Query<Search>) -> String {
    format!("limit {}", q.limit)
}

/// What a client's transport error says: the URL it called, token and all.
const TRANSPORT_FAILURE: &str =
    "GET https://billing.internal/v1/quota?token=s3cr3t-t0ken: connection refused";

fn details() -> ProblemDetails {
    let body = br#"{"type":"about:blank","title":"Quota exceeded","status":402,"code":"billing.quota","plan":"free"}"#;
    ProblemDetails::from_response(402, Some("application/problem+json"), body)
}

/// Serves the app its factory makes on 127.0.0.1 (one worker, on a thread
/// of its own), with the recording subscriber installed.
macro_rules! serve {
    ($factory:expr) => {{
        capture::install();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new($factory)
                    .workers(1)
                    .disable_signals()
                    .bind(("127.0.0.1", 0))
                    .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        rx.recv().unwrap()
    }};
}

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve!(|| {
            App::new()
                .app_data(problem_core::actix::json_config())
                .app_data(problem_core::actix::path_config())
                .app_data(problem_core::actix::query_config())
                .route("/scans/{id}", web::get().to(get_scan))
                .route("/qm/{id}", web::get().to(question_mark))
                .route("/scans", web::post().to(start_scan))
                .route("/search", web::get().to(search))
                .route(
                    "/limited",
                    web::get().to(|| async {
                        Err::<String, _>(ScanError::RateLimited { retry_after: 12 })
                    }),
                )
                .route(
                    "/crash",
                    web::get().to(|| async { Err::<String, _>(ScanError::Crashed("w-1".into())) }),
                )
                .route(
                    "/wrapped",
                    web::get().to(|| async {
                        Err::<String, _>(Api::Scan(ScanError::NotFound { id: 3 }))
                    }),
                )
                .route(
                    "/store",
                    web::get().to(|| async {
                        Err::<String, _>(StoreError::Failed(
                            "actix-store-7".into(),
                            std::io::Error::other("disk full"),
                        ))
                    }),
                )
                .route(
                    "/details",
                    web::get().to(|| async { Err::<String, _>(ProblemError::from(details())) }),
                )
                .route(
                    "/context",
                    web::get().to(|| async {
                        let err = ScanError::NotFound { id: 4 };
                        Err::<String, _>(ProblemError::from_envelope(
                            &err.envelope().instance("/context").request_id("ctx-1"),
                        ))
                    }),
                )
                .default_service(web::to(problem_core::actix::not_found))
        })
    })
}

fn assert_problem_headers(reply: &Reply, status: u16) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
}

fn decode<P: FromProblem>(reply: &Reply) -> P {
    P::from_problem(&reply.problem()).expect("decodes into the typed error")
}

#[test]
fn handler_error_is_the_exact_envelope() {
    let reply = GET("/scans/7").send(server());
    assert_problem_headers(&reply, 404);
    let err = ScanError::NotFound { id: 7 };
    assert_eq!(reply.body, problem_core::to_vec(&err));
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 7 was not found","code":"scans.not_found","id":7}"#
    );
    assert_eq!(decode::<ScanError>(&reply), err);
    assert_eq!(reply.header("retry-after"), None);
    let ok = GET("/scans/1").send(server());
    assert_eq!((ok.status, ok.text()), (200, "scan 1"));
}

#[test]
fn question_mark_into_actix_error() {
    let reply = GET("/qm/9").send(server());
    assert_problem_headers(&reply, 404);
    assert_eq!(
        reply.body,
        problem_core::to_vec(&ScanError::NotFound { id: 9 })
    );
}

#[test]
fn retry_after_errors_and_withheld_detail() {
    let reply = GET("/limited").send(server());
    assert_problem_headers(&reply, 429);
    assert_eq!(reply.header("retry-after"), Some("12"));
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.rate_limited","title":"Too Many Requests","status":429,"code":"scans.rate_limited","retry_after":12}"#
    );
    assert_eq!(
        decode::<ScanError>(&reply),
        ScanError::RateLimited { retry_after: 12 }
    );

    let reply = request("POST", "/scans")
        .header("Content-Type", "application/json")
        .body(br#"{"target":""}"#)
        .send(server());
    assert_problem_headers(&reply, 422);
    let err = ScanError::Invalid {
        errors: vec![FieldError {
            path: "/target".into(),
            code: "required".into(),
            detail: Some("empty".into()),
        }],
    };
    assert_eq!(reply.body, problem_core::to_vec(&err));
    assert_eq!(decode::<ScanError>(&reply), err);

    let reply = GET("/crash").send(server());
    assert_problem_headers(&reply, 500);
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.crashed","title":"Internal Server Error","status":500,"code":"scans.crashed"}"#
    );
}

#[test]
fn generic_details_and_context() {
    let reply = GET("/wrapped").send(server());
    assert_problem_headers(&reply, 404);
    assert_eq!(
        decode::<Api<ScanError>>(&reply),
        Api::Scan(ScanError::NotFound { id: 3 })
    );

    let reply = GET("/details").send(server());
    assert_problem_headers(&reply, 402);
    assert_eq!(reply.body, serde_json::to_vec(&details()).unwrap());
    assert_eq!(reply.problem(), details());

    let reply = GET("/context").send(server());
    assert_problem_headers(&reply, 404);
    let err = ScanError::NotFound { id: 4 };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/context")
            .request_id("ctx-1")
            .to_vec()
    );
}

#[test]
fn problem_error_without_a_server() {
    let e = ProblemError::new(&ScanError::RateLimited { retry_after: 5 });
    assert_eq!(
        e.status_code(),
        actix_web::http::StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(e.to_string(), "429 scans.rate_limited Too Many Requests");
    assert_eq!(
        e.body(),
        problem_core::to_vec(&ScanError::RateLimited { retry_after: 5 })
    );
    let r = e.error_response();
    assert_eq!(r.headers().get("retry-after").unwrap(), "5");
    assert_eq!(
        r.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
}

/// Sends a request, checks the body is the decoded `RequestProblem`'s envelope.
fn request_problem(reply: &Reply, status: u16) -> RequestProblem {
    assert_problem_headers(reply, status);
    let problem: RequestProblem = decode(reply);
    assert_eq!(reply.body, problem_core::to_vec(&problem));
    problem
}

#[test]
fn extractor_configs_reject_with_request_problems() {
    let json = |body: &'static [u8]| {
        request("POST", "/scans")
            .header("Content-Type", "application/json")
            .body(body)
            .send(server())
    };
    assert_eq!(
        request_problem(&json(b"{not json"), 400),
        RequestProblem::BodyUnparseable {
            reason: "key must be a string at line 1 column 2".into()
        }
    );
    assert_eq!(
        request_problem(&json(br#"{"target":7}"#), 422),
        RequestProblem::BodyInvalid {
            reason: "invalid type: integer `7`, expected a string at line 1 column 11".into()
        }
    );
    let reply = request("POST", "/scans")
        .header("Content-Type", "text/plain")
        .body(b"x")
        .send(server());
    assert_eq!(
        request_problem(&reply, 415),
        RequestProblem::UnsupportedContentType {
            expected: "application/json".into()
        }
    );
    assert_eq!(
        request_problem(&GET("/search?limit=lots").send(server()), 400),
        RequestProblem::QueryInvalid {
            reason: "invalid digit found in string".into()
        }
    );
    assert_eq!(
        request_problem(&GET("/scans/abc").send(server()), 400),
        RequestProblem::PathInvalid {
            reason: "can not parse \"abc\" to a u64".into()
        }
    );
    let reply = GET("/no/such/route").send(server());
    assert_eq!(
        request_problem(&reply, 404),
        RequestProblem::NotFound {
            instance: "/no/such/route".into()
        }
    );
}

#[test]
fn handler_errors_are_logged_once_with_their_cause() {
    let reply = GET("/store").send(server());
    assert_problem_headers(&reply, 500);
    assert_eq!(
        reply.text(),
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"code":"store.failed"}"#
    );
    let events = capture::problems_where("detail", "store actix-store-7 failed");
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].level, tracing::Level::ERROR);
    assert_eq!(events[0].field("code"), Some("store.failed"));
    assert_eq!(events[0].field("error"), Some("disk full"));

    // An extractor's rejection: the parser's message is the logged error.
    let reply = request("POST", "/scans")
        .header("Content-Type", "application/json")
        .body(b"{\"actix-unique\":")
        .send(server());
    assert_problem_headers(&reply, 400);
    let events = capture::problems_where("code", "validation.body_unparseable");
    assert!(
        events.iter().any(|e| e
            .field("error")
            .is_some_and(|m| m.contains("EOF while parsing"))),
        "{events:#?}"
    );
}

// ---------------------------------------------------------------------------
// `ProblemMiddleware`

/// Every report the middleware's hook was given.
static HOOKED: Mutex<Vec<ProblemReport>> = Mutex::new(Vec::new());

fn hooked(request_id: &str) -> Vec<ProblemReport> {
    HOOKED
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.request_id.as_deref() == Some(request_id))
        .cloned()
        .collect()
}

/// An app wrapped in `ProblemMiddleware`, itself inside a middleware that
/// opens the request's span (as tracing-actix-web's `TracingLogger` does).
fn middleware_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve!(|| {
            App::new()
                .route("/scans/{id}", web::get().to(get_scan))
                .route(
                    "/store",
                    web::get().to(|| async {
                        Err::<String, _>(StoreError::Failed(
                            "mw-store-9".into(),
                            std::io::Error::other("mw disk full"),
                        ))
                    }),
                )
                .route(
                    "/busy",
                    web::get().to(|| async {
                        HttpResponse::ServiceUnavailable()
                            .insert_header(("Retry-After", "30"))
                            .body("maintenance until noon")
                    }),
                )
                .route(
                    "/secret",
                    web::get().to(|| async {
                        HttpResponse::InternalServerError()
                            .body("connecting to db://admin:hunter2@10.0.0.5 failed")
                    }),
                )
                .route(
                    "/actix-error",
                    web::get().to(|| async {
                        Err::<String, _>(actix_web::error::ErrorInternalServerError(
                            "pool exhausted at 10.0.0.6",
                        ))
                    }),
                )
                .route(
                    "/broken-display",
                    web::get().to(|| async { Err::<String, _>(BrokenDisplay) }),
                )
                .route(
                    "/gone",
                    web::get().to(|| async { HttpResponse::Gone().body("  moved on  ") }),
                )
                .route(
                    "/json-conflict",
                    web::get().to(|| async {
                        HttpResponse::Conflict()
                            .content_type("application/json")
                            .body(r#"{"error":"taken"}"#)
                    }),
                )
                .route(
                    "/details",
                    web::get().to(|| async { Err::<String, _>(ProblemError::from(details())) }),
                )
                .route(
                    "/id",
                    web::get().to(|RequestId(id): RequestId| async move { id }),
                )
                .service(
                    web::resource("/upload")
                        .app_data(web::PayloadConfig::new(16))
                        .route(
                            web::post()
                                .to(|body: web::Bytes| async move { body.len().to_string() }),
                        ),
                )
                .service(
                    web::resource("/json-limit")
                        .app_data(web::JsonConfig::default().limit(16))
                        .route(
                            web::post()
                                .to(|v: web::Json<serde_json::Value>| async move { v.to_string() }),
                        ),
                )
                .service(
                    web::resource("/typed")
                        .app_data(problem_core::actix::json_config())
                        .route(web::post().to(start_scan)),
                )
                .service(web::resource("/only-get").route(web::get().to(|| async { "got" })))
                .route(
                    "/transport",
                    web::get().to(|| async {
                        // A client's transport error, relayed as it is.
                        Err::<String, _>(ProblemError::from(ProblemDetails::transport(
                            TRANSPORT_FAILURE,
                        )))
                    }),
                )
                .service(
                    web::resource("/rejected")
                        // A guard that answers in its `call`, before any
                        // future is polled.
                        .wrap_fn(|_req, _srv| {
                            let denied: actix_web::Error =
                                ProblemError::from(ScanError::RateLimited { retry_after: 9 })
                                    .into();
                            async move { Err::<actix_web::dev::ServiceResponse, _>(denied) }
                        })
                        .route(web::get().to(|| async { "never" })),
                )
                .service(
                    web::resource("/guarded")
                        .wrap_fn(|_req, _srv| async {
                            let denied = HttpResponse::Unauthorized()
                                .insert_header(("WWW-Authenticate", r#"Bearer realm="scans""#))
                                .body("token missing");
                            Err::<actix_web::dev::ServiceResponse, _>(
                                actix_web::error::InternalError::from_response(
                                    "token missing",
                                    denied,
                                )
                                .into(),
                            )
                        })
                        .route(web::get().to(|| async { "secret stuff" })),
                )
                .wrap(ProblemMiddleware::new().on_problem(|report| {
                    HOOKED.lock().unwrap().push(report.clone());
                }))
                .wrap_fn(|req, srv| {
                    let span = tracing::info_span!("request", path = %req.path());
                    srv.call(req).instrument(span)
                })
        })
    })
}

/// The same app parts, with `convert(false)`.
fn unconverted_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve!(|| {
            App::new()
                .route("/scans/{id}", web::get().to(get_scan))
                .route(
                    "/secret",
                    web::get().to(|| async {
                        HttpResponse::InternalServerError().body("plain 500 body")
                    }),
                )
                .wrap(ProblemMiddleware::new().convert(false))
        })
    })
}

/// `GET path` with an `X-Request-Id` of the test's own.
fn get_with_id(path: &str, id: &str) -> Reply {
    GET(path)
        .header("X-Request-Id", id)
        .send(middleware_server())
}

/// The one `problem` event of a request, and the one report its hook got,
/// which carry the same facts; the event is inside the request's span.
fn observed_once(request_id: &str) -> capture::Captured {
    let events = capture::problems_where("request_id", request_id);
    assert_eq!(
        events.len(),
        1,
        "one event per problem response: {events:#?}"
    );
    let event = events.into_iter().next().unwrap();
    assert_eq!(event.spans, ["request"], "{event:#?}");
    let reports = hooked(request_id);
    assert_eq!(reports.len(), 1, "one hook call: {reports:#?}");
    let report = &reports[0];
    assert_eq!(event.field("code"), Some(&*report.code));
    assert_eq!(event.field("status"), Some(&*report.status.to_string()));
    assert_eq!(event.field("detail"), report.detail.as_deref());
    assert_eq!(event.field("error"), report.error.as_deref());
    assert_eq!(event.field("instance"), report.instance.as_deref());
    event
}

/// A problem reply with the request id echoed and in the body.
fn problem_with_id(reply: &Reply, status: u16, request_id: &str) -> ProblemDetails {
    assert_problem_headers(reply, status);
    assert_eq!(reply.header("x-request-id"), Some(request_id));
    let problem = reply.problem();
    assert_eq!(problem.request_id.as_deref(), Some(request_id));
    assert_eq!(
        reply.header("content-length"),
        Some(&*reply.body.len().to_string())
    );
    problem
}

#[test]
fn actix_404_is_the_built_in_problem() {
    let reply = get_with_id("/no/such/route", "mw-404");
    let problem = problem_with_id(&reply, 404, "mw-404");
    assert_eq!(
        RequestProblem::from_problem(&problem),
        Some(RequestProblem::NotFound {
            instance: "/no/such/route".into()
        })
    );
    assert_eq!(
        reply.body,
        RequestProblem::NotFound {
            instance: "/no/such/route".into()
        }
        .envelope()
        .request_id("mw-404")
        .to_vec()
    );
    let event = observed_once("mw-404");
    assert_eq!(event.level, tracing::Level::DEBUG);
    assert_eq!(event.field("code"), Some("resource.not_found"));
    assert_eq!(event.field("instance"), Some("/no/such/route"));
}

#[test]
fn actix_405_keeps_allow() {
    let reply = request("POST", "/only-get")
        .header("X-Request-Id", "mw-405")
        .send(middleware_server());
    let problem = problem_with_id(&reply, 405, "mw-405");
    assert_eq!(reply.header("allow"), Some("GET"));
    assert_eq!(
        RequestProblem::from_problem(&problem),
        Some(RequestProblem::MethodNotAllowed {
            method: "POST".into()
        })
    );
    assert_eq!(
        observed_once("mw-405").field("code"),
        Some("resource.method_not_allowed")
    );
}

#[test]
fn payload_and_json_limits_are_body_too_large() {
    let big = [b'x'; 64];
    let reply = request("POST", "/upload")
        .header("X-Request-Id", "mw-413-payload")
        .body(&big)
        .send(middleware_server());
    let problem = problem_with_id(&reply, 413, "mw-413-payload");
    assert_eq!(
        RequestProblem::from_problem(&problem),
        Some(RequestProblem::BodyTooLarge)
    );
    let event = observed_once("mw-413-payload");
    // actix-web's own text is the logged cause.
    assert!(
        event
            .field("error")
            .is_some_and(|e| e.contains("size limit")),
        "{event:#?}"
    );

    let json = format!(r#"{{"padding":"{}"}}"#, "x".repeat(64));
    let reply = request("POST", "/json-limit")
        .header("X-Request-Id", "mw-413-json")
        .header("Content-Type", "application/json")
        .body(json.as_bytes())
        .send(middleware_server());
    let problem = problem_with_id(&reply, 413, "mw-413-json");
    assert_eq!(problem.code.as_deref(), Some("validation.body_too_large"));
    let event = observed_once("mw-413-json");
    assert!(
        event
            .field("error")
            .is_some_and(|e| e.contains("limit: 16")),
        "{event:#?}"
    );
    // Within the limit, the handler answers.
    let ok = request("POST", "/upload")
        .body(b"small")
        .send(middleware_server());
    assert_eq!((ok.status, ok.text()), (200, "5"));
    assert_eq!(ok.header("x-request-id").map(str::len), Some(32));
}

#[test]
fn a_503_keeps_retry_after_and_logs_its_body() {
    let reply = get_with_id("/busy", "mw-503");
    let problem = problem_with_id(&reply, 503, "mw-503");
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert_eq!(problem.code.as_deref(), Some("http.503"));
    assert_eq!(problem.title.as_deref(), Some("Service Unavailable"));
    assert_eq!(problem.detail, None);
    assert!(!reply.text().contains("maintenance"), "{}", reply.text());
    let event = observed_once("mw-503");
    assert_eq!(event.level, tracing::Level::ERROR);
    assert_eq!(event.field("detail"), Some("maintenance until noon"));
}

#[test]
fn a_5xx_body_is_never_sent_and_always_logged() {
    for (path, id, secret) in [
        ("/secret", "mw-500-body", "hunter2"),
        ("/actix-error", "mw-500-error", "10.0.0.6"),
    ] {
        let reply = get_with_id(path, id);
        let problem = problem_with_id(&reply, 500, id);
        assert_eq!(problem.code.as_deref(), Some("http.500"));
        assert_eq!(problem.detail, None);
        assert!(
            !String::from_utf8_lossy(&reply.body).contains(secret),
            "{}",
            reply.text()
        );
        for (name, value) in &reply.headers {
            assert!(!value.contains(secret), "{name}: {value}");
        }
        let event = observed_once(id);
        assert_eq!(event.level, tracing::Level::ERROR);
        assert!(
            event.field("detail").is_some_and(|d| d.contains(secret)),
            "{event:#?}"
        );
    }
}

/// An actix-web error whose `Display` fails after writing a part.
#[derive(Debug)]
struct BrokenDisplay;

impl std::fmt::Display for BrokenDisplay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("upstream at 10.0.0.7 ")?;
        Err(std::fmt::Error)
    }
}

impl ResponseError for BrokenDisplay {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::BAD_GATEWAY
    }

    // actix-web's default writes the `Display` through `io::Write`, which
    // panics on a failing `Display` before any middleware sees the error.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::BadGateway().body("upstream failed")
    }
}

#[test]
fn an_error_whose_display_fails_is_a_problem_without_its_cause() {
    let reply = get_with_id("/broken-display", "mw-broken-display");
    let problem = problem_with_id(&reply, 502, "mw-broken-display");
    assert_eq!(problem.code.as_deref(), Some("http.502"));
    assert_eq!(problem.detail, None);
    assert!(!String::from_utf8_lossy(&reply.body).contains("10.0.0.7"));
    let event = observed_once("mw-broken-display");
    assert_eq!(event.field("error"), None, "{event:#?}");
}

#[test]
fn a_derived_5xx_logs_its_detail_and_source_only() {
    let reply = get_with_id("/store", "mw-store");
    let problem = problem_with_id(&reply, 500, "mw-store");
    assert_eq!(
        reply.text(),
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/store","code":"store.failed","request_id":"mw-store"}"#
    );
    assert_eq!(problem.detail, None);
    let event = observed_once("mw-store");
    assert_eq!(event.level, tracing::Level::ERROR);
    assert_eq!(event.field("code"), Some("store.failed"));
    assert_eq!(event.field("detail"), Some("store mw-store-9 failed"));
    assert_eq!(event.field("error"), Some("mw disk full"));
    assert_eq!(event.field("instance"), Some("/store"));
}

#[test]
fn derived_problems_get_the_request_context() {
    let reply = GET("/scans/8")
        .header("X-Request-Id", "mw-derived")
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )
        .send(middleware_server());
    problem_with_id(&reply, 404, "mw-derived");
    let err = ScanError::NotFound { id: 8 };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/scans/8")
            .request_id("mw-derived")
            .trace_id("4bf92f3577b34da6a3ce929d0e0e4736")
            .to_vec()
    );
    assert_eq!(decode::<ScanError>(&reply), err);
    let event = observed_once("mw-derived");
    assert_eq!(
        event.field("trace_id"),
        Some("4bf92f3577b34da6a3ce929d0e0e4736")
    );
    assert_eq!(event.field("detail"), Some("scan 8 was not found"));

    // Problem details get what they lack.
    let reply = get_with_id("/details", "mw-details");
    let problem = problem_with_id(&reply, 402, "mw-details");
    assert_eq!(problem.instance.as_deref(), Some("/details"));
    assert_eq!(problem.code.as_deref(), Some("billing.quota"));
    observed_once("mw-details");

    // The extractor configs' problems too, with the parser's reason logged.
    let reply = request("POST", "/typed")
        .header("X-Request-Id", "mw-typed")
        .header("Content-Type", "application/json")
        .body(b"{oops")
        .send(middleware_server());
    let problem = problem_with_id(&reply, 400, "mw-typed");
    assert_eq!(problem.code.as_deref(), Some("validation.body_unparseable"));
    let event = observed_once("mw-typed");
    assert!(event.field("error").is_some_and(|e| e.contains("line 1")));
}

#[test]
fn a_4xx_text_is_the_detail_and_json_is_left_alone() {
    let reply = get_with_id("/gone", "mw-410");
    let problem = problem_with_id(&reply, 410, "mw-410");
    assert_eq!(problem.code.as_deref(), Some("http.410"));
    assert_eq!(problem.title.as_deref(), Some("Gone"));
    assert_eq!(problem.detail.as_deref(), Some("moved on"));
    assert_eq!(problem.instance.as_deref(), Some("/gone"));
    observed_once("mw-410");

    let reply = get_with_id("/json-conflict", "mw-json");
    assert_eq!(reply.status, 409);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.text(), r#"{"error":"taken"}"#);
    assert_eq!(reply.header("x-request-id"), Some("mw-json"));
    assert!(capture::problems_where("request_id", "mw-json").is_empty());
    assert!(hooked("mw-json").is_empty());
}

#[test]
fn an_inner_middlewares_error_is_answered_as_a_problem() {
    let reply = get_with_id("/guarded", "mw-401");
    let problem = problem_with_id(&reply, 401, "mw-401");
    assert_eq!(
        reply.header("www-authenticate"),
        Some(r#"Bearer realm="scans""#)
    );
    assert_eq!(problem.code.as_deref(), Some("http.401"));
    assert_eq!(problem.detail.as_deref(), Some("token missing"));
    let event = observed_once("mw-401");
    assert_eq!(event.field("error"), Some("token missing"));
}

#[test]
fn request_ids_in_and_out() {
    let reply = get_with_id("/id", "given-id-1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "given-id-1");
    assert_eq!(reply.header("x-request-id"), Some("given-id-1"));

    // None given, or an invalid one: a new id, the same in and out.
    for given in [None, Some("has space"), Some(&*"a".repeat(129))] {
        let mut req = GET("/id");
        if let Some(given) = given {
            req = req.header("X-Request-Id", given);
        }
        let reply = req.send(middleware_server());
        let id = reply.header("x-request-id").unwrap();
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(reply.text(), id);
    }

    // A problem without an id of the client's: the generated one, in the
    // body, the header and the event.
    let reply = GET("/no/such/page").send(middleware_server());
    let id = reply.header("x-request-id").unwrap().to_owned();
    problem_with_id(&reply, 404, &id);
    observed_once(&id);
}

#[test]
fn convert_false_passes_plain_errors_untouched() {
    let reply = GET("/nowhere")
        .header("X-Request-Id", "raw-404")
        .send(unconverted_server());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("x-request-id"), Some("raw-404"));
    assert!(reply.body.is_empty());
    assert_ne!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let reply = GET("/secret")
        .header("X-Request-Id", "raw-500")
        .send(unconverted_server());
    assert_eq!((reply.status, reply.text()), (500, "plain 500 body"));
    assert!(capture::problems_where("request_id", "raw-404").is_empty());
    assert!(capture::problems_where("request_id", "raw-500").is_empty());

    // Problems are still given the context, and observed.
    let reply = GET("/scans/5")
        .header("X-Request-Id", "raw-derived")
        .send(unconverted_server());
    assert_problem_headers(&reply, 404);
    assert_eq!(reply.problem().request_id.as_deref(), Some("raw-derived"));
    assert_eq!(
        capture::problems_where("request_id", "raw-derived").len(),
        1
    );
}

#[test]
fn relayed_details_without_an_error_status_are_a_500_whose_detail_is_only_logged() {
    let reply = get_with_id("/transport", "mw-transport");
    let problem = problem_with_id(&reply, 500, "mw-transport");
    assert_eq!(problem.status, Some(500));
    assert_eq!(problem.code.as_deref(), Some("transport.error"));
    assert_eq!(problem.detail, None);
    let body = String::from_utf8_lossy(&reply.body);
    for secret in ["s3cr3t", "billing.internal", "connection refused"] {
        assert!(!body.contains(secret), "{secret:?} in {body}");
    }
    let event = observed_once("mw-transport");
    assert_eq!(event.level, tracing::Level::ERROR);
    assert_eq!(event.field("detail"), Some(TRANSPORT_FAILURE));
    let report = &hooked("mw-transport")[0];
    assert_eq!(report.status, 500);
    assert!(report.detail_withheld);
}

#[test]
fn a_problem_an_inner_middleware_answers_in_its_call_has_the_context() {
    let reply = get_with_id("/rejected", "mw-rejected");
    let problem = problem_with_id(&reply, 429, "mw-rejected");
    assert_eq!(problem.code.as_deref(), Some("scans.rate_limited"));
    assert_eq!(problem.instance.as_deref(), Some("/rejected"));
    assert_eq!(reply.header("retry-after"), Some("9"));
    let event = observed_once("mw-rejected");
    assert_eq!(event.field("instance"), Some("/rejected"));
}

/// Every report the outer and the inner middleware's hooks were given.
static OUTER_HOOKED: Mutex<Vec<ProblemReport>> = Mutex::new(Vec::new());
static INNER_HOOKED: Mutex<Vec<ProblemReport>> = Mutex::new(Vec::new());

/// An app-wide `ProblemMiddleware`, and a scope with one of its own.
fn nested_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve!(|| {
            App::new()
                .service(
                    web::scope("/api")
                        .route("/scans/{id}", web::get().to(get_scan))
                        .route(
                            "/busy",
                            web::get().to(|| async {
                                HttpResponse::ServiceUnavailable().body("maintenance")
                            }),
                        )
                        .wrap(ProblemMiddleware::new().on_problem(|report| {
                            INNER_HOOKED.lock().unwrap().push(report.clone());
                        })),
                )
                .wrap(ProblemMiddleware::new().on_problem(|report| {
                    OUTER_HOOKED.lock().unwrap().push(report.clone());
                }))
        })
    })
}

#[test]
fn nested_middlewares_observe_each_problem_once_and_both_hooks_see_it() {
    for (path, status, code) in [
        ("/api/scans/5", 404, "scans.not_found"),
        ("/api/busy", 503, "http.503"),
    ] {
        let reply = GET(path).send(nested_server());
        assert_problem_headers(&reply, status);
        let problem = reply.problem();
        assert_eq!(problem.code.as_deref(), Some(code));
        assert_eq!(problem.instance.as_deref(), Some(path));
        let id = problem.request_id.expect("a request id");
        assert_eq!(reply.header("x-request-id"), Some(&*id));
        assert_eq!(capture::problems_where("request_id", &id).len(), 1);
        for hooked in [&OUTER_HOOKED, &INNER_HOOKED] {
            let reports: Vec<_> = hooked
                .lock()
                .unwrap()
                .iter()
                .filter(|r| r.request_id.as_deref() == Some(&*id))
                .map(|r| r.code.to_string())
                .collect();
            assert_eq!(reports, [code], "{path}");
        }
    }
}

/// A hook that forwards each problem by rendering one of its own, coded
/// `fwd.<who>.<code>`.
fn forwarding(who: &'static str) -> ProblemMiddleware {
    ProblemMiddleware::new().on_problem(move |report| {
        let forwarded = ProblemError::from(ProblemDetails {
            code: Some(format!("fwd.{who}.{}", report.code)),
            status: Some(report.status),
            ..ProblemDetails::default()
        });
        assert_eq!(forwarded.error_response().status(), report.status);
    })
}

/// Nested middlewares whose hooks forward, and an outer-only route.
fn forwarding_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve!(|| {
            let busy = || HttpResponse::ServiceUnavailable().body("maintenance");
            App::new()
                .service(
                    web::scope("/api")
                        .route("/busy", web::get().to(move || async move { busy() }))
                        .wrap(forwarding("in")),
                )
                .route("/busy", web::get().to(move || async move { busy() }))
                .wrap(forwarding("out"))
        })
    })
}

#[test]
fn problems_a_hook_renders_are_logged_once_with_the_context_and_not_hooked() {
    for (path, request_id, mut codes) in [
        (
            "/api/busy",
            "fwd-nested",
            vec!["fwd.in.http.503", "fwd.out.http.503", "http.503"],
        ),
        ("/busy", "fwd-single", vec!["fwd.out.http.503", "http.503"]),
    ] {
        let reply = GET(path)
            .header("X-Request-Id", request_id)
            .send(forwarding_server());
        problem_with_id(&reply, 503, request_id);
        let mut logged: Vec<String> = capture::problems_where("request_id", request_id)
            .iter()
            .map(|e| e.field("code").unwrap_or_default().to_owned())
            .collect();
        logged.sort();
        codes.sort_unstable();
        assert_eq!(logged, codes, "{path}");
    }
}
