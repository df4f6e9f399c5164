//! A scan service on axum, as it runs in production: handlers return their
//! error enum and every failure goes out as `application/problem+json`, with
//! the request id, the request path as `instance`, `Retry-After` where it
//! applies, and in German for `Accept-Language: de`. tower-http's timeout,
//! body limit and panic catcher sit inside `ProblemLayer`, so their errors
//! are problems too. Each problem response is one `tracing` event: a 5xx's
//! detail and its error's `source()` chain are in the log, never on the wire.
//! Its OpenAPI document (every error of every route, with examples) is at
//! `/openapi.json`.
//!
//! Run it with `cargo run --example axum_service -- 3000` (the port; 3000 when
//! omitted; it listens on 127.0.0.1 only), then try the routes it prints; its
//! log (DEBUG and up) goes to stderr.
//! `tests/test_axum.rs` serves [`app`] on a free port and checks each route;
//! `tests/test_load.rs` sends it 5,000 requests.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use problem_core::axum::{Json, Path, ProblemLayer, Query, RequestId};
use problem_core::i18n::Translations;
use problem_core::utoipa::Problems;
use problem_core::{FieldError, Problem, ProblemDetails, RequestProblem};
use serde::{Deserialize, Serialize};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

/// Everything the scan routes answer with instead of a scan.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum ScanError {
    /// The scan id does not exist, or is not visible to the caller.
    #[error("scan {id} not found")]
    #[problem("scans.not_found", 404, title = "Scan not found")]
    #[problem(detail = "scan {id} was not found")]
    NotFound {
        #[problem(extension = "scan_id")]
        id: u64,
    },

    /// The new scan's fields are invalid; `errors` lists each one.
    #[error("invalid scan")]
    #[problem("scans.invalid", 422, title = "Invalid scan")]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },

    /// Too many scans were started; wait before starting another.
    #[error("rate limited")]
    #[problem("scans.rate_limited", 429, title = "Too many scans")]
    #[problem(detail = "at most {limit} scans a minute")]
    RateLimited {
        #[problem(extension)]
        limit: u32,
        #[problem(retry_after)]
        retry_after: u64,
    },

    /// The scanner fleet is unreachable (502) or overloaded (503).
    #[error("scanner unavailable ({status})")]
    #[problem("scans.upstream_unavailable", 503, title = "Scanner unavailable")]
    Upstream {
        #[problem(status)]
        status: u16,
    },

    /// A scanner crashed; its message stays in the server's logs (a 5xx
    /// detail is withheld from the wire).
    #[error("worker {worker} crashed")]
    #[problem("scans.crashed", 500, detail = "worker {worker} crashed: {message}")]
    Crashed { worker: String, message: String },
}

/// What the report route answers with: a scan problem, or an internal error
/// whose cause (the `io::Error` behind `?`) is logged and never sent.
#[derive(Debug, thiserror::Error, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum ReportError {
    #[error(transparent)]
    #[problem(transparent)]
    Scan(#[from] ScanError),

    /// The service failed; the cause is in its log.
    #[error("internal error")]
    #[problem(code = "internal", status = 500, title = "Internal error")]
    Internal(#[from] std::io::Error),
}

/// A scan as the service shows it.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scan {
    pub id: u64,
    pub target: String,
}

/// The body of `POST /scans`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewScan {
    pub target: String,
}

/// The query of `GET /scans`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub limit: u32,
}

/// One scan. Ids other than 1 are not found; a non-numeric id is a
/// `validation.parameter_type_mismatch`.
#[utoipa::path(
    get,
    path = "/scans/{id}",
    params(("id" = u64, Path, description = "The scan id")),
    responses((status = 200, body = Scan), Problems<(ScanError, RequestProblem)>)
)]
pub async fn get_scan(Path(id): Path<u64>) -> Result<Json<Scan>, ScanError> {
    match id {
        1 => Ok(Json(Scan {
            id,
            target: "example.com".to_owned(),
        })),
        _ => Err(ScanError::NotFound { id }),
    }
}

/// Starts a scan. A body that is not JSON, or not a `NewScan`, is a
/// `RequestProblem`; an empty or non-ASCII target is `scans.invalid`.
#[utoipa::path(
    post,
    path = "/scans",
    request_body = NewScan,
    responses((status = 200, body = Scan), Problems<(ScanError, RequestProblem)>)
)]
pub async fn start_scan(Json(new): Json<NewScan>) -> Result<Json<Scan>, ScanError> {
    let mut errors = Vec::new();
    if new.target.is_empty() {
        errors.push(FieldError {
            path: "/target".to_owned(),
            code: "required".to_owned(),
            detail: Some("target must not be empty".to_owned()),
        });
    } else if !new.target.is_ascii() {
        errors.push(FieldError {
            path: "/target".to_owned(),
            code: "ascii".to_owned(),
            detail: Some("target must be an ASCII host name".to_owned()),
        });
    }
    if errors.is_empty() {
        Ok(Json(Scan {
            id: 2,
            target: new.target,
        }))
    } else {
        Err(ScanError::Invalid { errors })
    }
}

/// Lists scans: `?limit=` must be a number, and above 10 is rate limited.
#[utoipa::path(
    get,
    path = "/scans",
    params(("limit" = u32, Query, description = "How many scans")),
    responses((status = 200, body = Vec<Scan>), Problems<(ScanError, RequestProblem)>)
)]
pub async fn list_scans(Query(q): Query<ListQuery>) -> Result<Json<Vec<Scan>>, ScanError> {
    if q.limit > 10 {
        return Err(ScanError::RateLimited {
            limit: 10,
            retry_after: 30,
        });
    }
    Ok(Json(Vec::new()))
}

/// The scanner fleet's state: `?overloaded=true` gives 503, otherwise 502.
/// (The catalog knows `scans.upstream_unavailable` by its declared status,
/// 503: the 502 is listed here by hand.)
#[utoipa::path(
    get,
    path = "/upstream",
    params(("overloaded" = Option<bool>, Query, description = "503 instead of 502")),
    responses(
        (status = 502, description = "`scans.upstream_unavailable`, served as 502", body = ProblemDetails, content_type = "application/problem+json"),
        Problems<(ScanError, RequestProblem)>
    )
)]
pub async fn upstream(Query(q): Query<UpstreamQuery>) -> ScanError {
    ScanError::Upstream {
        status: if q.overloaded { 503 } else { 502 },
    }
}

/// The query of `GET /upstream`.
#[derive(Debug, Deserialize)]
pub struct UpstreamQuery {
    #[serde(default)]
    pub overloaded: bool,
}

/// A crash: the detail is withheld from the wire.
#[utoipa::path(get, path = "/crash", responses(ScanError))]
pub async fn crash() -> Result<String, ScanError> {
    Err(ScanError::Crashed {
        worker: "w-3".to_owned(),
        message: "segfault in parser".to_owned(),
    })
}

/// Problem details relayed from another service, as they came.
#[utoipa::path(
    get,
    path = "/relayed",
    responses((status = 402, description = "Another service's problem, relayed", body = ProblemDetails, content_type = "application/problem+json"))
)]
pub async fn relayed() -> ProblemDetails {
    let body = br#"{"type":"https://billing.example/errors/quota","title":"Quota exceeded","status":402,"code":"billing.quota_exceeded","plan":"free"}"#;
    ProblemDetails::from_response(402, Some("application/problem+json"), body)
}

/// The id the request carries (or was given).
#[utoipa::path(get, path = "/whoami", responses((status = 200, body = String)))]
pub async fn whoami(RequestId(id): RequestId) -> String {
    id
}

/// A scan's report, read from `reports/<id>.txt` under the working
/// directory: a missing file is an `io::Error`, through `?` an internal
/// error (500) whose cause is logged, not sent.
#[utoipa::path(
    get,
    path = "/scans/{id}/report",
    params(("id" = u64, Path, description = "The scan id")),
    responses((status = 200, body = String), Problems<(ReportError, RequestProblem)>)
)]
pub async fn report(Path(id): Path<u64>) -> Result<String, ReportError> {
    if id != 1 {
        return Err(ScanError::NotFound { id }.into());
    }
    Ok(tokio::fs::read_to_string(format!("reports/{id}.txt")).await?)
}

/// A bug: the handler panics. `CatchPanicLayer` answers 500, which
/// `ProblemLayer` makes a problem; the panic message is only in the log.
#[utoipa::path(
    get,
    path = "/panic",
    responses((status = 500, description = "`http.500`", body = ProblemDetails, content_type = "application/problem+json"))
)]
pub async fn panic() -> &'static str {
    panic!("the report index is corrupt")
}

/// Waits `?ms=` milliseconds (at most a minute): longer than the service's
/// timeout is a `http.408` problem from `TimeoutLayer`.
#[utoipa::path(
    get,
    path = "/slow",
    params(("ms" = u64, Query, description = "How long to take")),
    responses(
        (status = 200, body = String),
        (status = 408, description = "`http.408`", body = ProblemDetails, content_type = "application/problem+json")
    )
)]
pub async fn slow(Query(q): Query<SlowQuery>) -> String {
    let ms = q.ms.min(60_000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    format!("done after {ms} ms")
}

/// The query of `GET /slow`.
#[derive(Debug, Deserialize)]
pub struct SlowQuery {
    pub ms: u64,
}

/// The service's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        get_scan, start_scan, list_scans, upstream, crash, relayed, whoami, report, panic, slow
    ),
    components(schemas(ProblemDetails, FieldError))
)]
pub struct ApiDoc;

/// The service's problems in German, for `Accept-Language: de`. A real
/// service reads them from a file: `Translations` is `Deserialize`.
pub fn translations() -> Translations {
    Translations::new()
        .with_title("de", "scans.not_found", "Scan nicht gefunden")
        .with_detail("de", "scans.not_found", "Scan {id} wurde nicht gefunden")
        .with_title("de", "scans.invalid", "Ungültiger Scan")
        .with_title("de", "scans.rate_limited", "Zu viele Scans")
        .with_detail(
            "de",
            "scans.rate_limited",
            "höchstens {limit} Scans pro Minute",
        )
        .with_title(
            "de",
            "scans.upstream_unavailable",
            "Scanner nicht erreichbar",
        )
        .with_title("de", "resource.not_found", "Ressource nicht gefunden")
        .with_detail("de", "resource.not_found", "hier gibt es nichts")
}

/// How long a request may take, and how large its body may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub timeout: Duration,
    pub body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(10),
            body_bytes: 64 * 1024,
        }
    }
}

/// The service with its production limits.
pub fn app() -> Router {
    app_with(Limits::default())
}

/// The service's routes, the problem fallbacks, and the middleware stack.
pub fn app_with(limits: Limits) -> Router {
    routes()
        .fallback(problem_core::axum::not_found)
        .method_not_allowed_fallback(problem_core::axum::method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(ProblemLayer::new().localizer(translations()))
                .layer(RequestBodyLimitLayer::new(limits.body_bytes))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    limits.timeout,
                ))
                .layer(CatchPanicLayer::new()),
        )
}

/// The routes.
fn routes() -> Router {
    Router::new()
        .route("/scans", get(list_scans).post(start_scan))
        .route("/scans/{id}", get(get_scan))
        .route("/scans/{id}/report", get(report))
        .route("/upstream", get(upstream))
        .route("/crash", get(crash))
        .route("/relayed", get(relayed))
        .route("/whoami", get(whoami))
        .route("/panic", get(panic))
        .route("/slow", get(slow))
        .route(
            "/openapi.json",
            get(|| async { axum::Json(ApiDoc::openapi()) }),
        )
}

/// The port from the first argument, 3000 when there is none.
pub fn port(arg: Option<&str>) -> Result<u16, String> {
    match arg {
        None => Ok(3000),
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("usage: axum_service [PORT]; {arg:?} is not a port")),
    }
}

#[tokio::main]
async fn main() {
    // Every problem is one event with target `problem` (5xx at ERROR, 4xx at
    // DEBUG) inside TraceLayer's request span; stdout is for the routes.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(std::io::stderr)
        .init();
    let port = match port(std::env::args().nth(1).as_deref()) {
        Ok(port) => port,
        Err(usage) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
                std::process::exit(1);
            }
        };
    let base = format!("http://{}", listener.local_addr().expect("bound address"));
    println!("scan service on {base}; try:");
    for (what, cmd) in [
        ("a scan", format!("curl -i {base}/scans/1")),
        ("404 scans.not_found", format!("curl -i {base}/scans/7")),
        (
            "the same, in German",
            format!("curl -i -H 'accept-language: de' {base}/scans/7"),
        ),
        ("400 parameter type", format!("curl -i {base}/scans/abc")),
        (
            "422 errors array",
            format!(
                "curl -i -H 'content-type: application/json' -d '{{\"target\":\"\"}}' {base}/scans"
            ),
        ),
        (
            "400 body not JSON",
            format!("curl -i -H 'content-type: application/json' -d '{{' {base}/scans"),
        ),
        ("415 content type", format!("curl -i -d 'x' {base}/scans")),
        (
            "429 Retry-After",
            format!("curl -i '{base}/scans?limit=50'"),
        ),
        ("400 query", format!("curl -i '{base}/scans?limit=many'")),
        (
            "502/503 one code",
            format!("curl -i '{base}/upstream?overloaded=true'"),
        ),
        ("500 detail withheld", format!("curl -i {base}/crash")),
        (
            "500, cause in the log",
            format!("curl -i {base}/scans/1/report"),
        ),
        ("500 from a panic", format!("curl -i {base}/panic")),
        ("408 timeout", format!("curl -i '{base}/slow?ms=15000'")),
        (
            "413 body limit",
            format!(
                "head -c 70000 /dev/zero | curl -i -H 'content-type: application/json' --data-binary @- {base}/scans"
            ),
        ),
        ("relayed details", format!("curl -i {base}/relayed")),
        ("404 no route", format!("curl -i {base}/nope")),
        ("405 method", format!("curl -i -X DELETE {base}/scans/1")),
        (
            "your request id",
            format!("curl -i -H 'x-request-id: my-id' {base}/whoami"),
        ),
        ("OpenAPI", format!("curl {base}/openapi.json")),
    ] {
        println!("  {what:<20} {cmd}");
    }
    if let Err(e) = axum::serve(listener, app()).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
