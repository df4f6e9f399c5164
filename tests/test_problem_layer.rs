//! `ProblemLayer` in the stack its docs recommend, one `tower::ServiceBuilder`
//! with tower-http's `TraceLayer`, `TimeoutLayer`, `RequestBodyLimitLayer`
//! and `CatchPanicLayer`, served on 127.0.0.1 and read by a real HTTP/1.1
//! client: every error response is a problem with a request id, nothing
//! withheld reaches the wire, and each problem response is one `tracing`
//! event (captured by a real subscriber) inside the request's span, and one
//! call of the `on_problem` hook, with the same facts.

use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use problem_core::axum::{Json, Path, ProblemLayer};
use problem_core::observe::ProblemReport;
use problem_core::{LogLevel, Problem, ProblemDetails};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Level;

#[path = "support/capture.rs"]
mod capture;
#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

use http1::{Reply, get as GET, request};

/// A service's errors, with thiserror beside the derive.
#[derive(Debug, thiserror::Error, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum AppError {
    #[error("scan {id} not found")]
    #[problem(
        code = "scans.not_found",
        status = 404,
        detail = "scan {id} was not found"
    )]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    /// A conflict the service wants to see in its logs: `log` overrides the
    /// level a 4xx gets.
    #[error("scan {id} is already running")]
    #[problem(
        "scans.running",
        409,
        log = "warn",
        detail = "scan {id} is already running"
    )]
    Running { id: u64 },
    /// Expected and frequent: not logged at all.
    #[error("not modified")]
    #[problem("scans.unchanged", 412, log = "off")]
    Unchanged,
    /// Rejected by an authorization layer, before the router sees the request.
    #[error("forbidden")]
    #[problem("auth.forbidden", 403, detail = "this key may not call {path}")]
    Forbidden { path: String },
    #[error("internal error")]
    #[problem(code = "internal.io", status = 500, detail = "reading {path} failed")]
    Internal {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

const LIMIT: usize = 1024;
const TIMEOUT: Duration = Duration::from_millis(300);

/// The recommended stack, exactly as `ProblemLayer`'s docs show it.
fn stack(router: Router, layer: ProblemLayer) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(TraceLayer::new_for_http())
            .layer(layer)
            .layer(RequestBodyLimitLayer::new(LIMIT))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                TIMEOUT,
            ))
            .layer(CatchPanicLayer::new()),
    )
}

/// Every report the hook was given.
static REPORTS: Mutex<Vec<ProblemReport>> = Mutex::new(Vec::new());

fn hooked() -> ProblemLayer {
    ProblemLayer::new().on_problem(|report| REPORTS.lock().unwrap().push(report.clone()))
}

fn reports_for(request_id: &str) -> Vec<ProblemReport> {
    REPORTS
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.request_id.as_deref() == Some(request_id))
        .cloned()
        .collect()
}

#[derive(serde::Deserialize)]
struct NewScan {
    #[allow(dead_code)]
    target: String,
}

fn routes() -> Router {
    Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route(
            "/scans/{id}",
            get(|Path(id): Path<u64>| async move { Err::<(), _>(AppError::NotFound { id }) }),
        )
        .route("/scans", post(|Json(_): Json<NewScan>| async { "started" }))
        .route(
            "/running",
            get(|| async { Err::<(), _>(AppError::Running { id: 3 }) }),
        )
        .route(
            "/unchanged",
            get(|| async { Err::<(), _>(AppError::Unchanged) }),
        )
        .route(
            "/internal",
            get(|| async {
                let path = "/nonexistent/problem-test/config.toml";
                std::fs::read_to_string(path).map_err(|source| AppError::Internal {
                    path: path.to_owned(),
                    source,
                })
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                "too late"
            }),
        )
        .route(
            "/upload",
            post(|body: Bytes| async move { body.len().to_string() }),
        )
        .route(
            "/panic",
            get(|| async {
                if true {
                    panic!("secret panic message: the database password is hunter2");
                }
                "unreachable"
            }),
        )
        .route(
            "/unavailable",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", "7")],
                    "db down: password=hunter2",
                )
            }),
        )
        .route(
            "/unauthorized",
            get(|| async {
                (
                    StatusCode::UNAUTHORIZED,
                    [("www-authenticate", "Bearer realm=\"scans\"")],
                    "log in first",
                )
            }),
        )
        .route(
            "/json-error",
            get(|| async {
                (
                    StatusCode::BAD_REQUEST,
                    axum::Json(serde_json::json!({ "error": "their own shape" })),
                )
            }),
        )
        .route(
            "/misconfigured/{a}",
            get(|Path((a, b)): Path<(u32, u32)>| async move { format!("{a}{b}") }),
        )
        .route(
            "/spawned/{id}",
            get(|Path(id): Path<u64>| async move {
                // Rendered on a task of its own, outside the layer's poll.
                tokio::spawn(async move { AppError::NotFound { id }.into_response() })
                    .await
                    .expect("the task")
            }),
        )
        .route(
            "/transport",
            get(|| async {
                // A client's transport error, relayed by a handler as it is.
                Err::<(), _>(ProblemDetails::transport(TRANSPORT_FAILURE))
            }),
        )
        .route(
            "/details",
            get(|| async {
                ProblemDetails::from_response(
                    402,
                    Some("application/problem+json"),
                    br#"{"title":"Quota exceeded","status":402,"code":"billing.quota"}"#,
                )
            }),
        )
}

/// What a client's transport error says: the URL it called, token and all.
const TRANSPORT_FAILURE: &str =
    "GET https://billing.internal/v1/quota?token=s3cr3t-t0ken: connection refused";

/// The routes in the stack, with the problem fallbacks.
fn served() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        let router = routes()
            .fallback(problem_core::axum::not_found)
            .method_not_allowed_fallback(problem_core::axum::method_not_allowed);
        serve::axum(stack(router, hooked()), 2)
    })
}

/// The routes in the stack, with axum's own (plain) 404 and 405.
fn served_without_fallbacks() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        serve::axum(stack(routes(), hooked()), 1)
    })
}

/// The routes in the stack, converting nothing.
fn served_unconverted() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        serve::axum(stack(routes(), hooked().convert(false)), 1)
    })
}

/// The routes alone.
fn served_bare() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        serve::axum(routes(), 1)
    })
}

/// Checks a reply is a problem with this status and code and the request
/// id of its header, and returns it.
fn problem(reply: &Reply, status: u16, code: &str) -> ProblemDetails {
    assert_eq!(
        reply.status,
        status,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let details: ProblemDetails = serde_json::from_slice(&reply.body).expect("a problem body");
    assert_eq!(details.code.as_deref(), Some(code));
    assert_eq!(details.status, Some(status));
    let id = reply.header("x-request-id").expect("X-Request-Id");
    assert_eq!(details.request_id.as_deref(), Some(id));
    details
}

/// The one problem event and the one report of a request.
fn observed(request_id: &str) -> (capture::Captured, ProblemReport) {
    let events = capture::problems_where("request_id", request_id);
    assert_eq!(events.len(), 1, "one event for {request_id}: {events:#?}");
    let reports = reports_for(request_id);
    assert_eq!(
        reports.len(),
        1,
        "one report for {request_id}: {reports:#?}"
    );
    let (event, report) = (events[0].clone(), reports[0].clone());
    // The event inside the request's span (TraceLayer's).
    assert_eq!(event.spans.first().map(String::as_str), Some("request"));
    // The same facts.
    assert_eq!(event.field("code"), Some(&*report.code));
    assert_eq!(event.field("status"), Some(&*report.status.to_string()));
    assert_eq!(event.field("type_uri"), Some(&*report.type_uri));
    assert_eq!(event.field("instance"), report.instance.as_deref());
    assert_eq!(event.field("trace_id"), report.trace_id.as_deref());
    assert_eq!(event.field("detail"), report.detail.as_deref());
    assert_eq!(event.field("error"), report.error.as_deref());
    let level = match report.level {
        LogLevel::Error => Level::ERROR,
        LogLevel::Warn => Level::WARN,
        LogLevel::Info => Level::INFO,
        LogLevel::Debug => Level::DEBUG,
        LogLevel::Trace => Level::TRACE,
        LogLevel::Off => panic!("an event at level off"),
    };
    assert_eq!(event.level, level);
    (event, report)
}

fn no_leak(reply: &Reply, secrets: &[&str]) {
    let headers: String = reply
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\n"))
        .collect();
    let body = String::from_utf8_lossy(&reply.body);
    for secret in secrets {
        assert!(!body.contains(secret), "{secret:?} in the body: {body}");
        assert!(
            !headers.contains(secret),
            "{secret:?} in the headers: {headers}"
        );
    }
}

#[test]
fn a_success_passes_untouched_and_unobserved() {
    let reply = GET("/ok").header("X-Request-Id", "ok-1").send(served());
    assert_eq!((reply.status, reply.text()), (200, "ok"));
    // Untouched: no `X-Request-Id` is added to a success.
    assert_eq!(reply.header("x-request-id"), None);
    assert!(capture::problems_where("request_id", "ok-1").is_empty());
    assert!(reports_for("ok-1").is_empty());
}

#[test]
fn a_handler_problem_is_one_debug_event_in_the_request_span() {
    let reply = GET("/scans/7")
        .header("X-Request-Id", "nf-1")
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )
        .send(served());
    problem(&reply, 404, "scans.not_found");
    let err = AppError::NotFound { id: 7 };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/scans/7")
            .request_id("nf-1")
            .trace_id("4bf92f3577b34da6a3ce929d0e0e4736")
            .to_vec()
    );
    let (event, report) = observed("nf-1");
    assert_eq!(event.level, Level::DEBUG);
    assert_eq!(event.field("message"), Some("Not Found"));
    assert_eq!(report.code, "scans.not_found");
    assert_eq!(report.status, 404);
    assert_eq!(
        report.type_uri,
        "https://docs.example.com/errors/scans.not_found"
    );
    assert_eq!(report.instance.as_deref(), Some("/scans/7"));
    assert_eq!(
        report.trace_id.as_deref(),
        Some("4bf92f3577b34da6a3ce929d0e0e4736")
    );
    assert_eq!(report.detail.as_deref(), Some("scan 7 was not found"));
    assert!(!report.detail_withheld);
    assert_eq!(report.error, None);
    assert!(!report.converted);
}

#[test]
fn an_internal_error_logs_its_detail_and_cause_and_sends_neither() {
    let reply = GET("/internal")
        .header("X-Request-Id", "io-1")
        .send(served());
    let details = problem(&reply, 500, "internal.io");
    assert_eq!(details.detail, None);
    no_leak(&reply, &["config.toml", "No such file", "os error"]);
    let (event, report) = observed("io-1");
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(
        report.detail.as_deref(),
        Some("reading /nonexistent/problem-test/config.toml failed")
    );
    assert!(report.detail_withheld);
    let io = std::fs::read_to_string("/nonexistent/problem-test/config.toml").unwrap_err();
    assert_eq!(report.error, Some(io.to_string()));
}

#[test]
fn the_log_key_sets_the_level_of_the_event() {
    let reply = GET("/running")
        .header("X-Request-Id", "log-1")
        .send(served());
    problem(&reply, 409, "scans.running");
    let (event, report) = observed("log-1");
    assert_eq!(event.level, Level::WARN);
    assert_eq!(report.level, LogLevel::Warn);
    assert_eq!(event.field("detail"), Some("scan 3 is already running"));

    // `log = "off"`: answered as usual, no event.
    let reply = GET("/unchanged")
        .header("X-Request-Id", "log-2")
        .send(served());
    problem(&reply, 412, "scans.unchanged");
    assert!(capture::problems_where("request_id", "log-2").is_empty());
}

#[test]
fn a_problem_rendered_on_another_task_is_logged_there_and_reported_to_the_hook() {
    let reply = GET("/spawned/90417")
        .header("X-Request-Id", "sp-1")
        .send(served());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("x-request-id"), Some("sp-1"));
    // Its body is as it was rendered: without the request's context.
    let details: ProblemDetails = serde_json::from_slice(&reply.body).expect("a problem body");
    assert_eq!(details.code.as_deref(), Some("scans.not_found"));
    assert_eq!(details.request_id, None);
    // One event, where it was rendered (it knows no request id) ...
    let events = capture::problems_where("detail", "scan 90417 was not found");
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].field("request_id"), None);
    // ... and one report to the hook when the response reaches the layer,
    // with the request's context.
    let reports = reports_for("sp-1");
    assert_eq!(reports.len(), 1, "{reports:#?}");
    assert_eq!(reports[0].code, "scans.not_found");
    assert_eq!(reports[0].instance.as_deref(), Some("/spawned/90417"));
    assert_eq!(
        reports[0].detail.as_deref(),
        Some("scan 90417 was not found")
    );
}

#[test]
fn a_timeout_is_a_problem() {
    let reply = GET("/slow").header("X-Request-Id", "to-1").send(served());
    let details = problem(&reply, 408, "http.408");
    assert_eq!(details.title.as_deref(), Some("Request Timeout"));
    assert_eq!(details.instance.as_deref(), Some("/slow"));
    assert_eq!(details.detail, None);
    let (event, report) = observed("to-1");
    assert_eq!(event.level, Level::DEBUG);
    assert!(report.converted);
}

#[test]
fn a_body_over_the_limit_is_one_problem_with_or_without_content_length() {
    let big = vec![b'x'; 2 * LIMIT];
    // With Content-Length: RequestBodyLimitLayer answers before the handler.
    let reply = request("POST", "/upload")
        .header("X-Request-Id", "bl-1")
        .body(&big)
        .send(served());
    let with_length = problem(&reply, 413, "validation.body_too_large");
    let (_, report) = observed("bl-1");
    assert!(report.converted);
    // Chunked: the handler's extractor finds the limit.
    let reply = chunked("/upload", "bl-2", &big, served());
    let chunked_upload = problem(&reply, 413, "validation.body_too_large");
    observed("bl-2");
    // And through the crate's `Json` extractor.
    let reply = chunked("/scans", "bl-3", &big, served());
    let chunked_json = problem(&reply, 413, "validation.body_too_large");
    observed("bl-3");
    // One shape for one error.
    for details in [chunked_upload, chunked_json] {
        assert_eq!(details.title, with_length.title);
        assert_eq!(details.type_uri, with_length.type_uri);
        assert_eq!(details.detail, with_length.detail);
    }
}

#[test]
fn a_panic_is_a_problem_without_its_message() {
    let reply = GET("/panic").header("X-Request-Id", "pa-1").send(served());
    let details = problem(&reply, 500, "http.500");
    assert_eq!(details.title.as_deref(), Some("Internal Server Error"));
    assert_eq!(details.detail, None);
    no_leak(&reply, &["secret", "hunter2", "panicked"]);
    let (event, report) = observed("pa-1");
    assert_eq!(event.level, Level::ERROR);
    // CatchPanicLayer's body, logged and withheld.
    assert_eq!(report.detail.as_deref(), Some("Service panicked"));
    assert!(report.detail_withheld);
}

#[test]
fn plain_errors_keep_their_headers_and_a_5xx_body_is_only_logged() {
    let reply = GET("/unavailable")
        .header("X-Request-Id", "un-1")
        .send(served());
    let details = problem(&reply, 503, "http.503");
    assert_eq!(details.title.as_deref(), Some("Service Unavailable"));
    assert_eq!(reply.header("retry-after"), Some("7"));
    no_leak(&reply, &["hunter2", "db down"]);
    let (event, report) = observed("un-1");
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(report.detail.as_deref(), Some("db down: password=hunter2"));
    assert!(report.detail_withheld);

    let reply = GET("/unauthorized")
        .header("X-Request-Id", "ua-1")
        .send(served());
    let details = problem(&reply, 401, "http.401");
    assert_eq!(details.title.as_deref(), Some("Unauthorized"));
    assert_eq!(details.detail.as_deref(), Some("log in first"));
    assert_eq!(
        reply.header("www-authenticate"),
        Some("Bearer realm=\"scans\"")
    );
    let (_, report) = observed("ua-1");
    assert_eq!(report.detail.as_deref(), Some("log in first"));
    assert!(!report.detail_withheld);
}

#[test]
fn the_frameworks_own_404_and_405_become_the_built_in_problems() {
    let addr = served_without_fallbacks();
    let reply = GET("/nowhere").header("X-Request-Id", "fw-404").send(addr);
    let details = problem(&reply, 404, "resource.not_found");
    assert_eq!(details.instance.as_deref(), Some("/nowhere"));
    observed("fw-404");
    let reply = request("DELETE", "/ok")
        .header("X-Request-Id", "fw-405")
        .send(addr);
    let details = problem(&reply, 405, "resource.method_not_allowed");
    assert_eq!(
        details.extension("method"),
        Some(&serde_json::json!("DELETE"))
    );
    assert!(reply.header("allow").is_some_and(|v| v.contains("GET")));
    observed("fw-405");
}

#[test]
fn json_error_responses_are_left_alone() {
    let reply = GET("/json-error")
        .header("X-Request-Id", "js-1")
        .send(served());
    assert_eq!(reply.status, 400);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.text(), r#"{"error":"their own shape"}"#);
    assert!(capture::problems_where("request_id", "js-1").is_empty());
    assert!(reports_for("js-1").is_empty());
}

#[test]
fn conversion_can_be_turned_off() {
    let addr = served_unconverted();
    let reply = GET("/unauthorized")
        .header("X-Request-Id", "off-1")
        .send(addr);
    assert_eq!((reply.status, reply.text()), (401, "log in first"));
    assert_eq!(reply.header("x-request-id"), Some("off-1"));
    assert!(capture::problems_where("request_id", "off-1").is_empty());
    assert!(reports_for("off-1").is_empty());
    // A handler's problem is still observed.
    let reply = GET("/scans/3").header("X-Request-Id", "off-2").send(addr);
    problem(&reply, 404, "scans.not_found");
    observed("off-2");
}

#[test]
fn request_problems_log_their_cause() {
    // A route whose extractor does not fit it: the reason is logged, not sent.
    let reply = GET("/misconfigured/1")
        .header("X-Request-Id", "mis-1")
        .send(served());
    let details = problem(&reply, 500, "server.extractor_misconfigured");
    assert_eq!(details.detail, None);
    no_leak(&reply, &["Wrong number", "Path"]);
    let (event, report) = observed("mis-1");
    assert_eq!(event.level, Level::ERROR);
    assert!(
        report
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("Wrong number of path arguments")),
        "{report:?}"
    );
    // A body that is not JSON: the parser's message is the event's error.
    let reply = request("POST", "/scans")
        .header("X-Request-Id", "bad-1")
        .header("content-type", "application/json")
        .body(b"{")
        .send(served());
    problem(&reply, 400, "validation.body_unparseable");
    let (_, report) = observed("bad-1");
    assert!(
        report
            .error
            .as_deref()
            .is_some_and(|e| e.contains("EOF while parsing")),
        "{report:?}"
    );
}

#[test]
fn relayed_details_are_observed() {
    let reply = GET("/details")
        .header("X-Request-Id", "de-1")
        .send(served());
    let details = problem(&reply, 402, "billing.quota");
    assert_eq!(details.instance.as_deref(), Some("/details"));
    let (event, _) = observed("de-1");
    assert_eq!(event.level, Level::DEBUG);
}

#[test]
fn without_a_layer_the_response_logs_itself_once() {
    let reply = GET("/internal").send(served_bare());
    assert_eq!(reply.status, 500);
    assert_eq!(reply.header("x-request-id"), None);
    no_leak(&reply, &["config.toml", "No such file"]);
    // In process too: no layer, one event.
    capture::install();
    let marker = "/no-layer/unique-marker.toml";
    let response = AppError::Internal {
        path: marker.to_owned(),
        source: std::io::Error::other("disk on fire"),
    }
    .into_response();
    assert_eq!(response.status(), 500);
    let detail = format!("reading {marker} failed");
    let events = capture::problems_where("detail", &detail);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].field("error"), Some("disk on fire"));
    assert_eq!(events[0].field("request_id"), None);
}

/// Sends `body` with `Transfer-Encoding: chunked` (no `Content-Length`).
fn chunked(path: &str, request_id: &str, body: &[u8], addr: SocketAddr) -> Reply {
    use hyper::body::{Frame, SizeHint};
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A body of unknown length, in two chunks.
    struct Chunks(Vec<Bytes>);

    impl hyper::body::Body for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Ready(if self.0.is_empty() {
                None
            } else {
                Some(Ok(Frame::data(self.0.remove(0))))
            })
        }
        fn size_hint(&self) -> SizeHint {
            SizeHint::default()
        }
    }

    let (a, b) = body.split_at(body.len() / 2);
    let request = hyper::Request::post(path)
        .header("host", addr.to_string())
        .header("content-type", "application/json")
        .header("x-request-id", request_id)
        .body(Chunks(vec![
            Bytes::copy_from_slice(a),
            Bytes::copy_from_slice(b),
        ]))
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        tokio::time::timeout(Duration::from_secs(20), http1::exchange(addr, request))
            .await
            .expect("an answer in time")
    })
}

/// A hook that renders a problem response itself (to forward it to an
/// error tracker, say) is called once for the request's problem: the one
/// it renders is not reported back to it, which would call it again
/// without end.
#[test]
fn a_hook_that_renders_a_problem_is_not_called_for_it() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::Body;
    use tower::ServiceExt;

    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let layer = ProblemLayer::new().on_problem(|report| {
        CALLS.fetch_add(1, Ordering::SeqCst);
        let forwarded = ProblemDetails {
            code: Some(report.code.to_string()),
            status: Some(report.status),
            ..ProblemDetails::default()
        }
        .into_response();
        assert_eq!(forwarded.status().as_u16(), report.status);
    });
    let app = routes().layer(layer);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let request = axum::http::Request::get("/scans/7")
        .header("x-request-id", "hook-renders-1")
        .body(Body::empty())
        .unwrap();
    let response = rt.block_on(app.oneshot(request)).unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(CALLS.load(Ordering::SeqCst), 1);
}

#[test]
fn hooks_that_render_a_problem_are_not_called_for_it_nested_or_not() {
    use axum::body::Body;
    use tower::ServiceExt;

    static INNER: Mutex<Vec<String>> = Mutex::new(Vec::new());
    static OUTER: Mutex<Vec<String>> = Mutex::new(Vec::new());
    /// A layer whose hook records the code, then forwards the problem by
    /// rendering one of its own.
    fn forwarding(calls: &'static Mutex<Vec<String>>) -> ProblemLayer {
        ProblemLayer::new().on_problem(move |report| {
            calls.lock().unwrap().push(report.code.to_string());
            let forwarded = ProblemDetails {
                code: Some(format!("fwd.{}", report.code)),
                status: Some(report.status),
                ..ProblemDetails::default()
            }
            .into_response();
            assert_eq!(forwarded.status().as_u16(), report.status);
        })
    }
    let nested = Router::new()
        .nest("/api", routes().layer(forwarding(&INNER)))
        .layer(forwarding(&OUTER));
    let single = routes().layer(forwarding(&OUTER));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for (app, path, code, inner_calls) in [
        // Rendered by the handler, converted by the (inner) layer.
        (&nested, "/api/scans/7", "scans.not_found", 1),
        (&nested, "/api/unavailable", "http.503", 1),
        (&single, "/scans/7", "scans.not_found", 0),
        (&single, "/unavailable", "http.503", 0),
    ] {
        INNER.lock().unwrap().clear();
        OUTER.lock().unwrap().clear();
        let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
        let response = rt.block_on(app.clone().oneshot(request)).unwrap();
        assert!(response.status().as_u16() >= 400, "{path}");
        assert_eq!(*INNER.lock().unwrap(), vec![code; inner_calls], "{path}");
        assert_eq!(*OUTER.lock().unwrap(), [code], "{path}");
    }
}

#[test]
fn relayed_details_without_an_error_status_are_a_500_whose_detail_is_only_logged() {
    let reply = GET("/transport")
        .header("X-Request-Id", "tr-1")
        .send(served());
    let details = problem(&reply, 500, "transport.error");
    assert_eq!(details.detail, None);
    no_leak(
        &reply,
        &["s3cr3t", "billing.internal", "connection refused"],
    );
    let (event, report) = observed("tr-1");
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(report.status, 500);
    assert_eq!(report.level, LogLevel::Error);
    assert_eq!(report.detail.as_deref(), Some(TRANSPORT_FAILURE));
    assert!(report.detail_withheld);
}

/// The stack, with an authorization layer between `ProblemLayer` and the
/// router that answers in its `call` (as tower-http's validators do),
/// before any future is polled.
// tower-http's validator returns the whole response as its `Err`.
#[allow(clippy::result_large_err)]
fn served_guarded() -> SocketAddr {
    use axum::extract::Request;
    use tower_http::validate_request::ValidateRequestHeaderLayer;
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        let guard = ValidateRequestHeaderLayer::custom(|req: &mut Request| {
            if req.headers().contains_key("x-api-key") {
                Ok(())
            } else {
                Err(AppError::Forbidden {
                    path: req.uri().path().to_owned(),
                }
                .into_response())
            }
        });
        let app = routes().layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(hooked())
                .layer(guard),
        );
        serve::axum(app, 1)
    })
}

#[test]
fn a_problem_an_inner_layer_answers_in_its_call_has_the_context_and_is_observed() {
    let reply = GET("/ok")
        .header("X-Request-Id", "gd-1")
        .send(served_guarded());
    let details = problem(&reply, 403, "auth.forbidden");
    assert_eq!(details.instance.as_deref(), Some("/ok"));
    assert_eq!(details.detail.as_deref(), Some("this key may not call /ok"));
    let (event, report) = observed("gd-1");
    assert_eq!(event.level, Level::DEBUG);
    assert_eq!(report.instance.as_deref(), Some("/ok"));
    assert!(!report.converted);

    // Without an id of its own, the one made for it is in the body too.
    let reply = GET("/ok").send(served_guarded());
    problem(&reply, 403, "auth.forbidden");
    // And a request the guard lets through is a success.
    let reply = GET("/ok").header("x-api-key", "k").send(served_guarded());
    assert_eq!((reply.status, reply.text()), (200, "ok"));
}

/// Every report the inner layer's hook was given.
static INNER_REPORTS: Mutex<Vec<ProblemReport>> = Mutex::new(Vec::new());

/// The routes under `/api` with a layer of their own, in the stack.
fn served_nested() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        let inner = ProblemLayer::new()
            .on_problem(|report| INNER_REPORTS.lock().unwrap().push(report.clone()));
        let router = Router::new().nest("/api", routes().layer(inner));
        serve::axum(stack(router, hooked()), 1)
    })
}

#[test]
fn nested_layers_agree_on_the_request_id_and_both_hooks_see_each_problem() {
    for (path, status, code) in [
        // Rendered by a handler.
        ("/api/scans/5", 404, "scans.not_found"),
        // Converted by the inner layer.
        ("/api/unavailable", 503, "http.503"),
    ] {
        let reply = GET(path).send(served_nested());
        // The header and the body carry one id, the one made for the request.
        let details = problem(&reply, status, code);
        let id = details.request_id.expect("a request id");
        assert_eq!(id.len(), 32, "{id}");
        // The path as the client sent it, not as the nested router sees it.
        assert_eq!(details.instance.as_deref(), Some(path));
        // One event; each layer's hook called once, with the same id.
        let (_, report) = observed(&id);
        assert_eq!(report.code, code);
        let inner: Vec<_> = INNER_REPORTS
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.request_id.as_deref() == Some(&*id))
            .cloned()
            .collect();
        assert_eq!(inner, [report], "{path}");
    }
}

#[test]
fn a_hook_that_calls_a_layered_service_is_not_called_again_for_its_problems() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Context, Poll, Waker};

    use axum::body::Body;
    use tower::ServiceExt;

    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let sub = routes().layer(ProblemLayer::new());
    let layer = ProblemLayer::new().on_problem(move |_| {
        // Bounded, should the hook be entered again.
        if CALLS.fetch_add(1, Ordering::SeqCst) >= 3 {
            return;
        }
        // The hook asks another service in process (a plain 503, which
        // that service's layer converts), to its end.
        let request = axum::http::Request::get("/unavailable")
            .body(Body::empty())
            .unwrap();
        let mut answer = std::pin::pin!(sub.clone().oneshot(request));
        let polled = answer
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        assert!(
            matches!(&polled, Poll::Ready(Ok(r)) if r.status() == 503),
            "{polled:?}"
        );
    });
    let app = routes().layer(layer);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    // A problem converted by the layer, and one rendered by the handler.
    for path in ["/unavailable", "/scans/7"] {
        CALLS.store(0, Ordering::SeqCst);
        let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
        let response = rt.block_on(app.clone().oneshot(request)).unwrap();
        assert!(response.status().as_u16() >= 400, "{path}");
        assert_eq!(CALLS.load(Ordering::SeqCst), 1, "{path}");
    }
}
