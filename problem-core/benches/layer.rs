//! What `ProblemLayer` costs, in process: requests through an axum `Router`
//! with `tower::ServiceExt::oneshot` on a current-thread runtime, no socket.
//!
//! - `success`: a handler answering `"ok"`, without and with the layer. The
//!   layer keeps the request's `X-Request-Id` and `traceparent` values and
//!   path (reference counts) for a problem that may come, and passes the
//!   response through untouched (nothing buffered, copied or added).
//!   Target: at most 5% more. `*_typical_request` is the same for a JSON
//!   route (`Path<u64>` in, a small `Json` object out) asked with the six
//!   headers a client typically sends (`Host`, `User-Agent`, `Accept`,
//!   `Accept-Encoding`, `X-Request-Id`, `traceparent`).
//! - `problem`: a handler answering `Err(ScanError::NotFound { id })`,
//!   rendered by its plain `IntoResponse` (no layer, no subscriber) against
//!   the same problem through the layer with logging on: a
//!   `tracing-subscriber` fmt subscriber at DEBUG writing each event to
//!   `io::sink()`, so the event is built and formatted. Target: at most 2x.
//!   `problem/layer_no_subscriber` is the layer without a subscriber.
//!
//! Run with `cargo bench -p problem_core --bench layer --features axum,tracing`.
//!
//! The routers are given their state first (`with_state(())`, as
//! `axum::serve` does). `LAYER_BENCH_LOOP=<group/name>:<n>` runs one
//! scenario (criterion's name) `n` times without criterion, for an
//! instruction count under `valgrind --tool=callgrind` (per request: the
//! difference between 3,000 and 1,000 runs, over 2,000): the machine (2 cores, often shared by several
//! builds) moves timings by 5% between runs when quiet and by 20% when
//! not, which hides a 5% difference, while instruction counts repeat.
//!
//! `*_shared_request` and `*_typical_request` build the request as hyper
//! parses one: its URI and header values are slices of one shared buffer,
//! so that cloning them counts a reference. `Request::get(&str)` copies
//! each into a buffer of its own, whose first clone allocates: the layer
//! pays for that in this bench, never behind a real server.
//!
//! `identity_around_*` is the floor of any layer that wraps the router's
//! future: tower's `MapResponseLayer` with an identity function around the
//! router.
//!
//! Instructions per request (callgrind), on the development machine, both
//! columns measured in one session with this file: "before" is 1a1873f,
//! "after" is 45b7c26, which lends the scope around the inner service's
//! `call` too (a guard layer's rejection gets the request's context) and
//! looks for an outer `ProblemLayer` (nested layers share the request id).
//! Ratios are to the bare router (success) or the plain `IntoResponse`
//! (problem) of the same binary; "around" is the layer wrapped around the
//! router as one service, "`Router::layer`" the same layer applied with
//! `Router::layer`, which boxes and clones the layered service per request
//! (a no-op layer costs about 900 instructions that way). Requests as hyper
//! builds them unless marked. The bare router itself moved by 91 between
//! the two binaries (the harness's code is laid out anew): compare ratios,
//! within one column.
//!
//! | request | before | after |
//! |---|---|---|
//! | success, router | 7,608 | 7,699 |
//! | success, identity layer around (floor of any layer) | 7,757 (1.020) | 7,793 (1.012) |
//! | success, `ProblemLayer` around | 8,302 (1.091) | 8,445 (1.097) |
//! | success, `ProblemLayer` through `Router::layer` | 9,008 (1.184) | 9,269 (1.204) |
//! | typical success, router | 13,828 | 13,919 |
//! | typical success, identity layer around | 13,967 (1.010) | 14,002 (1.006) |
//! | typical success, `ProblemLayer` around | 14,649 (1.059) | 14,792 (1.063) |
//! | typical success, `ProblemLayer` through `Router::layer` | 15,356 (1.111) | 15,616 (1.122) |
//! | problem, plain `IntoResponse` | 11,030 | 11,112 |
//! | problem, layer around, no subscriber | 12,866 (1.166) | 13,003 (1.170) |
//! | problem, layer around, fmt subscriber logging it | 21,804 (1.977) | 21,857 (1.967) |
//! | problem, `Router::layer`, fmt subscriber logging it | 22,502 (2.040) | 22,743 (2.047) |
//! | problem, plain `IntoResponse` (`Request::get`) | 11,164 | 11,245 |
//! | the same, layer around, logged | 22,436 (2.010) | 22,514 (2.002) |
//! | the same, `Router::layer`, logged | 23,190 (2.077) | 23,379 (2.079) |
//!
//! The second lend and the outer-layer check cost about 50 instructions
//! per request (0.4% of the typical request).
//!
//! The change before (2b690f1, against 1b99873, measured alike): success
//! around the router 1.111 to 1.091, the typical request 1.073 to 1.059, a
//! logged problem around the router 1.981 to 1.968. In that session, the
//! same binaries with the scenarios as separate functions (no boxed
//! closure) gave lower ratios for every layer, the identity layer's
//! included (1.010 instead of 1.019): success around the router 1.102 to
//! 1.078, the typical request 1.066 to 1.056, a logged problem around the
//! router 1.962 to 1.960. The harness moves the ratios by about 1%; compare
//! within one column.
//!
//! What that change did: the scope (the request's id, path, `traceparent` and
//! method, and the layer's settings: 208 bytes) is no longer boxed and
//! moved into a thread-local around each poll; it stays in the future and
//! is lent to the thread by reference (`scoped-tls`). No allocation per
//! request: about 200 instructions less per success. And the header scan
//! compares names as `HeaderName`s, which tells a standard header at once
//! (about 5 instructions less per header).
//!
//! Measured and rejected in that session: a per-thread spare box for
//! the scope (recycled instead of freed) cost 50 to 80 more than the
//! inline scope; checking the given `X-Request-Id` when the request comes
//! in (one field less, 40 bytes) cost 50 to 110 more; forcing the header
//! scan inline, 20 to 35 more. Each byte of the future costs about 0.67
//! instructions per request in this bench (200 bytes of padding: +134), as
//! `oneshot` and `block_on` move it several times before its first poll.
//!
//! Neither target is met in every form. Success: 1.10x (1.08x in the other
//! harness), 1.06x for the typical request. A problem logged: 1.97x around
//! the router, 2.00x with `Request::get` requests, 2.05x to 2.08x through
//! `Router::layer` (whose own cost, about 900 instructions, any layer pays).
//! What the layer spends on a success (about 700 instructions, 820 with six
//! headers): the identity floor (about 150 in this harness); scanning the
//! headers for `X-Request-Id` and `traceparent` (about 15 per header, 110
//! for one) and the reference-counted clones of those values and the path,
//! with their drops (about 45 each); the scope's 208 bytes in a future that
//! is moved (about 140); lending it to the thread around the poll (about
//! 40); building and dropping the rest of the scope. The context must be
//! taken when the request comes in, since the router consumes the request
//! before any problem is rendered: two clones, a scan and the bytes that
//! hold them are about 5% of this bench's fastest request by themselves.
//! Against a request served over a socket (hyper's parsing and writing,
//! tens of microseconds) the layer is about 1%.
//!
//! Earlier sessions (other binaries, so only the ratios compare): the layer
//! as first built 1.28 (success around) and 2.47 (problem through
//! `Router::layer`, logged); with a boxed scope, lazy `traceparent`, no
//! `format!` for ids: 1.25 and 2.44; with the lazy id and no `X-Request-Id`
//! on success: 1.19 and 2.29; with a header scan, logging where the problem
//! is rendered and one formatting of the detail: 1.10 (around) and 2.05.
//!
//! Criterion, on this machine, does not separate 5%: three runs of the same
//! binary put the bare router with hyper-built requests at 1.15 us, 1.15 us
//! and 0.86 us, and the layer around it at 1.21 us, 1.07 us and 1.13 us.

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::response::Response;
use axum::routing::get;
use criterion::{Criterion, criterion_group};
use problem_core::Problem;
use problem_core::axum::{ProblemLayer, ProblemService};
use tokio::runtime::Runtime;
use tower::ServiceExt;
use tower::util::MapResponse;
use tracing::Dispatch;

#[derive(Debug, Problem)]
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
}

/// The routes, with their state given (as `axum::serve` does), so that the
/// handlers are routes once rather than per request.
fn routes() -> Router {
    routes_without_state().with_state(())
}

/// What the typical route answers: a small JSON object.
#[derive(serde::Serialize)]
struct Scan {
    id: u64,
    state: &'static str,
    findings: u32,
}

fn routes_without_state() -> Router {
    Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route(
            "/scans/{id}/summary",
            get(
                |axum::extract::Path(id): axum::extract::Path<u64>| async move {
                    axum::Json(Scan {
                        id,
                        state: "done",
                        findings: 3,
                    })
                },
            ),
        )
        .route(
            "/scans/{id}",
            get(
                |axum::extract::Path(id): axum::extract::Path<u64>| async move {
                    Err::<(), _>(ScanError::NotFound { id })
                },
            ),
        )
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
}

/// One request through `service` (with an `X-Request-Id`), its response dropped.
fn call<S>(rt: &Runtime, service: &S, path: &'static str)
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    send(rt, service, path, true);
}

fn send<S>(rt: &Runtime, service: &S, path: &'static str, with_id: bool)
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    let mut request = Request::get(path);
    if with_id {
        request = request.header("x-request-id", "bench-request-1");
    }
    let request = request.body(Body::empty()).expect("a request");
    let response = rt
        .block_on(service.clone().oneshot(request))
        .expect("infallible");
    black_box(response);
}

/// One request to `path` with an `X-Request-Id`, as hyper parses a request.
fn call_shared<S>(rt: &Runtime, service: &S, path: &'static str)
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    call_parsed(rt, service, path, &[("x-request-id", "bench-request-1")]);
}

/// One request to `path` as a client sends it: six headers (`Host`,
/// `User-Agent`, `Accept`, `Accept-Encoding`, `X-Request-Id`,
/// `traceparent`).
fn call_typical<S>(rt: &Runtime, service: &S, path: &'static str)
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    call_parsed(
        rt,
        service,
        path,
        &[
            ("host", "api.example.com"),
            ("user-agent", "example-client/1.4.2"),
            ("accept", "application/json"),
            ("accept-encoding", "gzip, br"),
            ("x-request-id", "5b0f9a3c-2d1e-4f6a-9c8b-7e6d5c4b3a21"),
            (
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ),
        ],
    );
}

/// One request to `path` with `headers`, as hyper parses a request: its URI
/// and header values slices of one shared buffer (cloning them counts a
/// reference; `Request::get(&str)` copies each into a buffer of its own,
/// whose first clone allocates), a header name that is not a standard one
/// copied into a buffer of its own.
fn call_parsed<S>(rt: &Runtime, service: &S, path: &'static str, headers: &[(&'static str, &str)])
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    let mut buf = bytes::BytesMut::with_capacity(4096);
    buf.extend_from_slice(b"GET ");
    buf.extend_from_slice(path.as_bytes());
    let path_end = buf.len();
    buf.extend_from_slice(b" HTTP/1.1\r\n");
    // Where each value is in the buffer (no allocation: the requests in
    // this bench have at most eight headers).
    let mut values = [(0, 0); 8];
    for ((name, value), range) in headers.iter().zip(&mut values) {
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b": ");
        let start = buf.len();
        buf.extend_from_slice(value.as_bytes());
        *range = (start, buf.len());
        buf.extend_from_slice(b"\r\n");
    }
    buf.extend_from_slice(b"\r\n");
    let head = buf.split().freeze();
    let uri = axum::http::Uri::from_maybe_shared(head.slice(4..path_end)).expect("a URI");
    let mut request = Request::new(Body::empty());
    *request.uri_mut() = uri;
    for ((name, _), (start, end)) in headers.iter().zip(values) {
        let value = axum::http::HeaderValue::from_maybe_shared(head.slice(start..end))
            .expect("a header value");
        // As hyper makes a name: a standard one is known, another copied.
        let name = axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
        request.headers_mut().append(name, value);
    }
    let response = rt
        .block_on(service.clone().oneshot(request))
        .expect("infallible");
    black_box(response);
}

/// A subscriber that logs DEBUG and up, formatting every event into nothing.
fn logging_subscriber() -> Dispatch {
    Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(std::io::sink)
            .finish(),
    )
}

fn none() -> Dispatch {
    Dispatch::new(tracing::subscriber::NoSubscriber::default())
}

/// The services the scenarios call, criterion's and the loops' alike.
struct Services {
    /// The router alone.
    bare: Router,
    /// `ProblemLayer` through `Router::layer`.
    layered: Router,
    /// Any layer through `Router::layer` (which boxes and clones the
    /// layered service per request): what the framework costs, apart from
    /// the layer.
    noop: Router,
    /// `ProblemLayer` around the router as one service (`ServiceBuilder`
    /// style).
    wrapped: ProblemService<Router>,
    /// An identity layer around the router: the floor of any layer that
    /// wraps the router's future.
    identity: MapResponse<Router, fn(Response) -> Response>,
}

impl Services {
    fn new() -> Self {
        Services {
            bare: routes(),
            layered: routes_without_state()
                .layer(ProblemLayer::new())
                .with_state(()),
            noop: routes_without_state()
                .layer(tower::util::MapRequestLayer::new(|r: Request<Body>| r))
                .with_state(()),
            wrapped: tower::Layer::layer(&ProblemLayer::new(), routes()),
            identity: MapResponse::new(routes(), std::convert::identity),
        }
    }
}

/// One scenario: `group/name` (criterion's id, and the loop's name), whether
/// a subscriber logs, and one request.
struct Scenario<'a> {
    id: &'static str,
    logging: bool,
    run: Box<dyn Fn() + 'a>,
}

fn scenario<'a>(id: &'static str, logging: bool, run: impl Fn() + 'a) -> Scenario<'a> {
    Scenario {
        id,
        logging,
        run: Box::new(run),
    }
}

/// Every scenario, criterion's and the loops' alike. "around": the layer
/// wrapped around the router as one service; "`router_with_*`": applied
/// with `Router::layer`; `identity_*`: tower's `MapResponseLayer` with an
/// identity function around the router, the floor of any layer that wraps
/// the router's future.
fn scenarios<'a>(rt: &'a Runtime, s: &'a Services) -> Vec<Scenario<'a>> {
    const OK: &str = "/ok";
    const SUMMARY: &str = "/scans/7/summary";
    const MISSING: &str = "/scans/7";
    vec![
        scenario("success/router", false, || call(rt, &s.bare, OK)),
        scenario("success/router_with_layer", false, || {
            call(rt, &s.layered, OK);
        }),
        scenario("success/router_no_id", false, || {
            send(rt, &s.bare, OK, false);
        }),
        scenario("success/router_with_layer_new_id", false, || {
            send(rt, &s.layered, OK, false);
        }),
        scenario("success/router_with_noop_layer", false, || {
            call(rt, &s.noop, OK);
        }),
        scenario("success/layer_around_router", false, || {
            call(rt, &s.wrapped, OK);
        }),
        scenario("success/router_shared_request", false, || {
            call_shared(rt, &s.bare, OK);
        }),
        scenario("success/router_with_layer_shared_request", false, || {
            call_shared(rt, &s.layered, OK);
        }),
        scenario("success/layer_around_router_shared_request", false, || {
            call_shared(rt, &s.wrapped, OK);
        }),
        scenario(
            "success/identity_around_router_shared_request",
            false,
            || {
                call_shared(rt, &s.identity, OK);
            },
        ),
        scenario("success/router_typical_request", false, || {
            call_typical(rt, &s.bare, SUMMARY);
        }),
        scenario("success/router_with_layer_typical_request", false, || {
            call_typical(rt, &s.layered, SUMMARY);
        }),
        scenario("success/layer_around_router_typical_request", false, || {
            call_typical(rt, &s.wrapped, SUMMARY);
        }),
        scenario(
            "success/identity_around_router_typical_request",
            false,
            || {
                call_typical(rt, &s.identity, SUMMARY);
            },
        ),
        scenario("problem/plain_into_response", false, || {
            call(rt, &s.bare, MISSING);
        }),
        scenario("problem/layer_no_subscriber", false, || {
            call(rt, &s.layered, MISSING);
        }),
        scenario("problem/layer_around_router_no_subscriber", false, || {
            call(rt, &s.wrapped, MISSING);
        }),
        scenario("problem/plain_into_response_shared_request", false, || {
            call_shared(rt, &s.bare, MISSING);
        }),
        scenario(
            "problem/layer_around_router_no_subscriber_shared_request",
            false,
            || call_shared(rt, &s.wrapped, MISSING),
        ),
        scenario("problem/layer_logging", true, || {
            call(rt, &s.layered, MISSING);
        }),
        scenario("problem/layer_around_router_logging", true, || {
            call(rt, &s.wrapped, MISSING);
        }),
        scenario("problem/layer_logging_shared_request", true, || {
            call_shared(rt, &s.layered, MISSING);
        }),
        scenario(
            "problem/layer_around_router_logging_shared_request",
            true,
            || call_shared(rt, &s.wrapped, MISSING),
        ),
    ]
}

fn dispatch(logging: bool) -> Dispatch {
    if logging {
        logging_subscriber()
    } else {
        none()
    }
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let services = Services::new();
    let scenarios = scenarios(&rt, &services);
    for name in ["success", "problem"] {
        let mut group = c.benchmark_group(name);
        for logging in [false, true] {
            tracing::dispatcher::with_default(&dispatch(logging), || {
                for s in &scenarios {
                    if let Some((g, id)) = s.id.split_once('/')
                        && g == name
                        && s.logging == logging
                    {
                        group.bench_function(id, |b| b.iter(&s.run));
                    }
                }
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);

/// `LAYER_BENCH_LOOP=<group/name>:<n>` runs one scenario `n` times and
/// exits, for an instruction count under `valgrind --tool=callgrind` (the
/// machine's timings are too noisy for a 5% comparison). The names are
/// criterion's: `success/router_shared_request`, say.
fn main() {
    if let Ok(spec) = std::env::var("LAYER_BENCH_LOOP") {
        let (id, n) = spec.rsplit_once(':').expect("<group/name>:<n>");
        let n: usize = n.parse().expect("a count");
        let rt = runtime();
        let services = Services::new();
        let scenarios = scenarios(&rt, &services);
        let Some(s) = scenarios.iter().find(|s| s.id == id) else {
            let ids: Vec<_> = scenarios.iter().map(|s| s.id).collect();
            panic!("unknown scenario {id}: one of {ids:?}");
        };
        tracing::dispatcher::with_default(&dispatch(s.logging), || {
            for _ in 0..n {
                (s.run)();
            }
        });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
