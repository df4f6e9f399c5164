//! `axum` feature, over a socket: axum servers on 127.0.0.1 answer a real
//! HTTP/1.1 client; each reply is read with `ProblemDetails::from_response`
//! and decoded with `from_problem` back into the typed error, and its bytes
//! are compared with the envelope's.

use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::OnceLock;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use problem_core::axum::{Json, Path, ProblemLayer, Query, RequestId};
use problem_core::{FieldError, FromProblem, Problem, ProblemDetails, RequestProblem};
use serde::Deserialize;

#[path = "support/example.rs"]
mod example;
#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/axum_service.rs"]
mod axum_service;

use example::binary as example_binary;
use http1::{Reply, get as GET, request};

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
    #[problem(
        code = "scans.rate_limited",
        status = 429,
        detail = "at most {limit} a minute"
    )]
    RateLimited {
        #[problem(extension)]
        limit: u32,
        #[problem(retry_after)]
        retry_after: u64,
    },
    #[problem(code = "scans.crashed", status = 500, detail = "{worker} crashed")]
    Crashed {
        #[problem(extension)]
        worker: String,
    },
    #[problem(code = "scans.archived", status = 410)]
    Archived {
        #[problem(instance)]
        instance: String,
    },
    #[problem(code = "scans.invalid", status = 422)]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
}

/// A generic wrapper: the generated `IntoResponse` follows the type's generics.
#[derive(Debug, PartialEq, Problem)]
enum Api<E: Problem> {
    #[problem(transparent)]
    Scan(E),
    #[problem(code = "api.maintenance", status = 503)]
    Maintenance,
}

/// Neither `Send` nor `Sync`: still `IntoResponse` (nothing of the error is
/// kept in the response).
#[derive(Debug, Problem)]
#[problem(code = "local.only", status = 409, detail = "held {held:?}")]
struct LocalOnly {
    held: Rc<u8>,
}

/// Borrows: still `IntoResponse`.
#[derive(Debug, Problem)]
#[problem(code = "borrowed.name", status = 400)]
struct Borrowed<'a> {
    #[problem(extension)]
    name: &'a str,
}

#[derive(Debug, Deserialize)]
struct NewScan {
    target: String,
}

#[derive(Debug, Deserialize)]
struct Search {
    limit: u32,
}

async fn get_scan(Path(id): Path<u64>) -> Result<String, ScanError> {
    match id {
        1 => Ok("scan 1".to_owned()),
        _ => Err(ScanError::NotFound { id }),
    }
}

async fn start_scan(Json(new): Json<NewScan>) -> Result<Json<serde_json::Value>, ScanError> {
    if new.target.is_empty() {
        return Err(ScanError::Invalid {
            errors: vec![FieldError {
                path: "/target".into(),
                code: "required".into(),
                detail: None,
            }],
        });
    }
    Ok(Json(serde_json::json!({ "target": new.target })))
}

async fn search(Query(q): Query<Search>) -> String {
    format!("limit {}", q.limit)
}

async fn pair(Path((a, b)): Path<(u32, u32)>) -> String {
    format!("{a}/{b}")
}

fn app() -> Router {
    Router::new()
        .route("/scans/{id}", get(get_scan))
        .route("/scans", post(start_scan))
        .route("/search", get(search))
        .route("/pair/{a}/{b}", get(pair))
        .route(
            "/limited",
            get(|| async {
                ScanError::RateLimited {
                    limit: 5,
                    retry_after: 30,
                }
            }),
        )
        .route(
            "/crash",
            get(|| async {
                Err::<(), _>(ScanError::Crashed {
                    worker: "w-3".into(),
                })
            }),
        )
        .route(
            "/archived",
            get(|| async {
                ScanError::Archived {
                    instance: "/scans/archive/9".into(),
                }
            }),
        )
        .route(
            "/wrapped",
            get(|| async { Err::<(), _>(Api::Scan(ScanError::NotFound { id: 5 })) }),
        )
        .route("/details", get(|| async { details() }))
        .route("/id", get(|RequestId(id): RequestId| async move { id }))
        .route("/plain", get(|| async { "plain text" }))
        .fallback(problem_core::axum::not_found)
        .method_not_allowed_fallback(problem_core::axum::method_not_allowed)
}

fn details() -> ProblemDetails {
    let body = br#"{"type":"https://billing.example/quota","title":"Quota exceeded","status":402,"code":"billing.quota","plan":"free","retry_after":60}"#;
    ProblemDetails::from_response(402, Some("application/problem+json"), body)
}

/// Serves a router on 127.0.0.1 on its own thread and runtime, for the whole test run.
fn serve(app: Router) -> SocketAddr {
    serve::axum(app, 0)
}

/// The router without the layer: bodies are exactly `to_vec`.
fn bare() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve(app()))
}

/// The router with `ProblemLayer`.
fn layered() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve(app().layer(ProblemLayer::new())))
}

/// The example service's router.
fn example() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve(axum_service::app()))
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

fn request_id(reply: &Reply) -> String {
    reply
        .header("x-request-id")
        .expect("X-Request-Id")
        .to_owned()
}

#[test]
fn derived_error_is_the_exact_envelope() {
    let reply = GET("/scans/7").send(bare());
    assert_problem_headers(&reply, 404);
    let err = ScanError::NotFound { id: 7 };
    assert_eq!(reply.body, problem_core::to_vec(&err));
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 7 was not found","code":"scans.not_found","id":7}"#
    );
    assert_eq!(decode::<ScanError>(&reply), err);
    assert_eq!(reply.header("x-request-id"), None);
    assert_eq!(reply.header("retry-after"), None);

    let ok = GET("/scans/1").send(bare());
    assert_eq!((ok.status, ok.text()), (200, "scan 1"));
}

#[test]
fn layer_adds_request_id_and_instance() {
    let reply = GET("/scans/7")
        .header("X-Request-Id", "req-abc")
        .send(layered());
    assert_problem_headers(&reply, 404);
    assert_eq!(reply.header("x-request-id"), Some("req-abc"));
    let err = ScanError::NotFound { id: 7 };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/scans/7")
            .request_id("req-abc")
            .to_vec()
    );
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 7 was not found","instance":"/scans/7","code":"scans.not_found","request_id":"req-abc","id":7}"#
    );
    let details = reply.problem();
    assert_eq!(details.request_id.as_deref(), Some("req-abc"));
    assert_eq!(details.instance.as_deref(), Some("/scans/7"));
    assert_eq!(decode::<ScanError>(&reply), err);
}

#[test]
fn layer_generates_request_ids_and_reads_traceparent() {
    let a = GET("/scans/8")
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )
        .send(layered());
    let b = GET("/scans/8").send(layered());
    let (id_a, id_b) = (request_id(&a), request_id(&b));
    assert_ne!(id_a, id_b);
    for id in [&id_a, &id_b] {
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|c| c.is_ascii_hexdigit()));
    }
    let err = ScanError::NotFound { id: 8 };
    assert_eq!(
        a.body,
        err.envelope()
            .instance("/scans/8")
            .request_id(&id_a)
            .trace_id("4bf92f3577b34da6a3ce929d0e0e4736")
            .to_vec()
    );
    assert_eq!(
        b.body,
        err.envelope()
            .instance("/scans/8")
            .request_id(&id_b)
            .to_vec()
    );
    // An id that is not visible ASCII, or too long, is replaced.
    let c = GET("/scans/8")
        .header("X-Request-Id", &"x".repeat(200))
        .send(layered());
    assert_eq!(request_id(&c).len(), 32);
}

#[test]
fn layer_leaves_successes_alone() {
    // A success passes as it is: no `X-Request-Id` is added (tower-http's
    // `SetRequestIdLayer` and `PropagateRequestIdLayer` do that).
    let reply = GET("/plain").header("X-Request-Id", "p-1").send(layered());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "plain text");
    assert_eq!(reply.header("x-request-id"), None);
    let id = GET("/id").header("X-Request-Id", "mine").send(layered());
    assert_eq!(id.text(), "mine");
    // Without an id, the handler's extractor gets the layer's new one.
    let reply = GET("/id").send(layered());
    let id = reply.text();
    assert_eq!(id.len(), 32);
    assert_ne!(GET("/id").send(layered()).text(), id);
    // Without the layer, the extractor still answers: the header, or a new id.
    assert_eq!(
        GET("/id").header("X-Request-Id", "own").send(bare()).text(),
        "own"
    );
    assert_eq!(GET("/id").send(bare()).text().len(), 32);
}

#[test]
fn retry_after_header() {
    for addr in [bare(), layered()] {
        let reply = GET("/limited").send(addr);
        assert_problem_headers(&reply, 429);
        assert_eq!(reply.header("retry-after"), Some("30"));
        assert_eq!(
            decode::<ScanError>(&reply),
            ScanError::RateLimited {
                limit: 5,
                retry_after: 30
            }
        );
    }
    assert_eq!(
        GET("/limited").send(bare()).text(),
        r#"{"type":"https://docs.example.com/errors/scans.rate_limited","title":"Too Many Requests","status":429,"detail":"at most 5 a minute","code":"scans.rate_limited","limit":5,"retry_after":30}"#
    );
}

#[test]
fn server_errors_withhold_the_detail() {
    let reply = GET("/crash").header("X-Request-Id", "c").send(layered());
    assert_problem_headers(&reply, 500);
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.crashed","title":"Internal Server Error","status":500,"instance":"/crash","code":"scans.crashed","request_id":"c","worker":"w-3"}"#
    );
    assert_eq!(
        decode::<ScanError>(&reply),
        ScanError::Crashed {
            worker: "w-3".into()
        }
    );
}

#[test]
fn a_problems_own_instance_wins_over_the_path() {
    let reply = GET("/archived").header("X-Request-Id", "a").send(layered());
    assert_problem_headers(&reply, 410);
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.archived","title":"Gone","status":410,"instance":"/scans/archive/9","code":"scans.archived","request_id":"a"}"#
    );
    assert_eq!(
        decode::<ScanError>(&reply),
        ScanError::Archived {
            instance: "/scans/archive/9".into()
        }
    );
}

#[test]
fn errors_array_and_json_responses() {
    let reply = request("POST", "/scans")
        .header("Content-Type", "application/json")
        .body(br#"{"target":""}"#)
        .send(layered());
    assert_problem_headers(&reply, 422);
    let err = ScanError::Invalid {
        errors: vec![FieldError {
            path: "/target".into(),
            code: "required".into(),
            detail: None,
        }],
    };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/scans")
            .request_id(&request_id(&reply))
            .to_vec()
    );
    assert_eq!(decode::<ScanError>(&reply), err);

    let ok = request("POST", "/scans")
        .header("Content-Type", "application/json")
        .body(br#"{"target":"example.com"}"#)
        .send(layered());
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert_eq!(ok.text(), r#"{"target":"example.com"}"#);
}

#[test]
fn generic_wrapper_responds_as_its_inner_problem() {
    let reply = GET("/wrapped").send(bare());
    assert_problem_headers(&reply, 404);
    assert_eq!(
        reply.body,
        problem_core::to_vec(&ScanError::NotFound { id: 5 })
    );
    assert_eq!(
        decode::<Api<ScanError>>(&reply),
        Api::Scan(ScanError::NotFound { id: 5 })
    );
}

#[test]
fn problem_details_respond_as_they_are() {
    let reply = GET("/details").send(bare());
    assert_problem_headers(&reply, 402);
    assert_eq!(reply.header("retry-after"), Some("60"));
    assert_eq!(reply.body, serde_json::to_vec(&details()).unwrap());
    assert_eq!(reply.problem(), details());

    let reply = GET("/details")
        .header("X-Request-Id", "d-1")
        .send(layered());
    let mut expected = details();
    expected.instance = Some("/details".into());
    expected.request_id = Some("d-1".into());
    assert_eq!(reply.body, serde_json::to_vec(&expected).unwrap());
    assert_eq!(
        reply.text(),
        r#"{"type":"https://billing.example/quota","title":"Quota exceeded","status":402,"instance":"/details","code":"billing.quota","request_id":"d-1","plan":"free","retry_after":60}"#
    );
}

/// Sends a request to both routers and checks the body against the envelope
/// of the decoded `RequestProblem`.
fn request_problem(
    make: impl Fn() -> http1::Req<'static>,
    status: u16,
    path: &str,
) -> RequestProblem {
    let bare_reply = make().send(bare());
    assert_problem_headers(&bare_reply, status);
    let problem: RequestProblem = decode(&bare_reply);
    assert_eq!(bare_reply.body, problem_core::to_vec(&problem));
    let reply = make().header("X-Request-Id", "rp").send(layered());
    assert_problem_headers(&reply, status);
    assert_eq!(
        reply.body,
        problem.envelope().instance(path).request_id("rp").to_vec()
    );
    assert_eq!(decode::<RequestProblem>(&reply), problem);
    problem
}

#[test]
fn json_extractor_rejections() {
    let p = request_problem(
        || {
            request("POST", "/scans")
                .header("Content-Type", "application/json")
                .body(b"{not json")
        },
        400,
        "/scans",
    );
    assert_eq!(
        p,
        RequestProblem::BodyUnparseable {
            reason: "key must be a string at line 1 column 2".into()
        }
    );
    assert_eq!(
        String::from_utf8(problem_core::to_vec(&p)).unwrap(),
        r#"{"type":"about:blank","title":"Request body is not valid JSON","status":400,"detail":"the request body could not be parsed as JSON","code":"validation.body_unparseable","reason":"key must be a string at line 1 column 2"}"#
    );

    let p = request_problem(
        || {
            request("POST", "/scans")
                .header("Content-Type", "application/json")
                .body(br#"{"target":7}"#)
        },
        422,
        "/scans",
    );
    assert_eq!(
        p,
        RequestProblem::BodyInvalid {
            reason: "target: invalid type: integer `7`, expected a string at line 1 column 11"
                .into()
        }
    );

    let p = request_problem(
        || {
            request("POST", "/scans")
                .header("Content-Type", "text/plain")
                .body(b"x")
        },
        415,
        "/scans",
    );
    assert_eq!(
        p,
        RequestProblem::UnsupportedContentType {
            expected: "application/json".into()
        }
    );
}

#[test]
fn query_and_path_rejections() {
    let p = request_problem(|| GET("/search?limit=lots"), 400, "/search");
    assert_eq!(
        p,
        RequestProblem::QueryInvalid {
            reason: "limit: invalid digit found in string".into()
        }
    );
    assert_eq!(GET("/search?limit=3").send(bare()).text(), "limit 3");

    // A single value: the parameter's name comes from the route.
    let p = request_problem(|| GET("/scans/abc"), 400, "/scans/abc");
    assert_eq!(
        p,
        RequestProblem::ParameterTypeMismatch {
            parameter: "id".into(),
            value: "abc".into(),
            expected: "u64".into()
        }
    );
    // A tuple: by index, named from the route too.
    let p = request_problem(|| GET("/pair/1/x"), 400, "/pair/1/x");
    assert_eq!(
        p,
        RequestProblem::ParameterTypeMismatch {
            parameter: "b".into(),
            value: "x".into(),
            expected: "u32".into()
        }
    );
}

#[test]
fn fallbacks_for_routes_and_methods() {
    let reply = GET("/no/such/route")
        .header("X-Request-Id", "nf")
        .send(layered());
    assert_problem_headers(&reply, 404);
    assert_eq!(
        reply.text(),
        r#"{"type":"about:blank","title":"Resource not found","status":404,"detail":"no resource matches this path","instance":"/no/such/route","code":"resource.not_found","request_id":"nf"}"#
    );
    assert_eq!(
        decode::<RequestProblem>(&reply),
        RequestProblem::NotFound {
            instance: "/no/such/route".into()
        }
    );

    let p = request_problem(|| request("DELETE", "/scans/1"), 405, "/scans/1");
    assert_eq!(
        p,
        RequestProblem::MethodNotAllowed {
            method: "DELETE".into()
        }
    );
    let reply = request("DELETE", "/scans/1").send(bare());
    assert_eq!(reply.header("allow"), Some("GET,HEAD"));
}

#[test]
fn into_response_needs_nothing_but_problem() {
    fn status(r: impl IntoResponse) -> u16 {
        r.into_response().status().as_u16()
    }
    assert_eq!(status(LocalOnly { held: Rc::new(1) }), 409);
    let name = String::from("n");
    assert_eq!(status(Borrowed { name: &name }), 400);
    assert_eq!(status(Api::<ScanError>::Maintenance), 503);
    let err = ScanError::NotFound { id: 1 };
    assert_eq!(status(err.envelope().request_id("x")), 404);
}

#[test]
fn example_service_routes() {
    let addr = example();
    let reply = GET("/scans/7").header("X-Request-Id", "ex").send(addr);
    assert_problem_headers(&reply, 404);
    let err = axum_service::ScanError::NotFound { id: 7 };
    assert_eq!(
        reply.body,
        err.envelope()
            .instance("/scans/7")
            .request_id("ex")
            .to_vec()
    );
    assert_eq!(decode::<axum_service::ScanError>(&reply), err);

    let reply = GET("/scans?limit=50").send(addr);
    assert_problem_headers(&reply, 429);
    assert_eq!(reply.header("retry-after"), Some("30"));

    for (query, status) in [("", 502), ("?overloaded=true", 503)] {
        let reply = GET(&format!("/upstream{query}")).send(addr);
        assert_problem_headers(&reply, status);
        assert_eq!(
            decode::<axum_service::ScanError>(&reply),
            axum_service::ScanError::Upstream { status }
        );
    }

    let reply = GET("/crash").send(addr);
    assert_problem_headers(&reply, 500);
    assert_eq!(reply.problem().detail, None);

    let reply = GET("/relayed").send(addr);
    assert_problem_headers(&reply, 402);
    assert_eq!(
        reply.problem().code.as_deref(),
        Some("billing.quota_exceeded")
    );

    assert_eq!(
        GET("/whoami")
            .header("X-Request-Id", "me")
            .send(addr)
            .text(),
        "me"
    );

    let reply = GET("/openapi.json").send(addr);
    assert_eq!(reply.status, 200);
    let doc: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    let examples = &doc["paths"]["/scans/{id}"]["get"]["responses"]["404"]["content"]["application/problem+json"]
        ["examples"];
    assert_eq!(
        examples["scans.not_found"]["value"]["code"],
        "scans.not_found"
    );
    assert_eq!(
        examples["resource.not_found"]["value"]["code"],
        "resource.not_found"
    );
}

#[test]
fn example_service_documents_every_route_and_speaks_german() {
    let addr = example();
    let reply = GET("/openapi.json").send(addr);
    let doc: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        [
            "/crash",
            "/panic",
            "/relayed",
            "/scans",
            "/scans/{id}",
            "/scans/{id}/report",
            "/slow",
            "/upstream",
            "/whoami"
        ]
    );
    let upstream = &doc["paths"]["/upstream"]["get"]["responses"];
    assert!(upstream["502"].is_object() && upstream["503"].is_object());

    let reply = GET("/scans/7")
        .header("Accept-Language", "de-DE, en;q=0.5")
        .header("X-Request-Id", "de")
        .send(addr);
    assert_problem_headers(&reply, 404);
    assert_eq!(reply.header("content-language"), Some("de"));
    let err = axum_service::ScanError::NotFound { id: 7 };
    assert_eq!(
        reply.body,
        err.envelope()
            .localized(&axum_service::translations(), "de")
            .instance("/scans/7")
            .request_id("de")
            .to_vec()
    );
    assert_eq!(
        reply.problem().detail.as_deref(),
        Some("Scan 7 wurde nicht gefunden")
    );
    assert_eq!(decode::<axum_service::ScanError>(&reply), err);
    // Every translation is of a code the service has.
    let t = axum_service::translations();
    assert_eq!(
        t.unknown(&[axum_service::ScanError::CATALOG, RequestProblem::CATALOG]),
        []
    );
    assert!(
        t.untranslated(&axum_service::ScanError::CATALOG, "de")
            .contains(&"scans.crashed"),
        "a 500 keeps its source title"
    );
}

#[test]
fn example_port_argument() {
    assert_eq!(axum_service::port(None), Ok(3000));
    assert_eq!(axum_service::port(Some("8080")), Ok(8080));
    assert!(
        axum_service::port(Some("http"))
            .unwrap_err()
            .contains("usage")
    );
}

#[test]
fn example_binary_listens_on_the_port_it_is_given() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(example_binary("axum_service"))
        .arg("0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kept open until the child is killed: it prints the routes after the
    // first line, and a closed pipe would end it.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr: SocketAddr = first
        .strip_prefix("scan service on http://")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("first line {first:?}"))
        .parse()
        .unwrap();
    let reply = GET("/scans/7").send(addr);
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdout);
    assert_problem_headers(&reply, 404);
    assert_eq!(
        decode::<axum_service::ScanError>(&reply),
        axum_service::ScanError::NotFound { id: 7 }
    );

    let out = Command::new(example_binary("axum_service"))
        .arg("nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: axum_service [PORT]"));
}
