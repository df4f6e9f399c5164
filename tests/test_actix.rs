//! `actix-web` feature, over a socket: an actix-web server on 127.0.0.1
//! answers a real HTTP/1.1 client; each reply is read with
//! `ProblemDetails::from_response` and decoded with `from_problem` back into
//! the typed error, and its bytes are compared with the envelope's.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::sync::mpsc;

use actix_web::{App, HttpResponse, HttpServer, ResponseError, web};
use problem_core::actix::ProblemError;
use problem_core::{FieldError, FromProblem, Problem, ProblemDetails, RequestProblem};
use serde::Deserialize;

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

fn details() -> ProblemDetails {
    let body = br#"{"type":"about:blank","title":"Quota exceeded","status":402,"code":"billing.quota","plan":"free"}"#;
    ProblemDetails::from_response(402, Some("application/problem+json"), body)
}

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        capture::install();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(|| {
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
                            web::get().to(|| async {
                                Err::<String, _>(ScanError::Crashed("w-1".into()))
                            }),
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
                            web::get()
                                .to(|| async { Err::<String, _>(ProblemError::from(details())) }),
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
                .workers(1)
                .disable_signals()
                .bind(("127.0.0.1", 0))
                .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        rx.recv().unwrap()
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
