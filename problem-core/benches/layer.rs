//! What `ProblemLayer` costs, in process: requests through an axum `Router`
//! with `tower::ServiceExt::oneshot` on a current-thread runtime, no socket.
//!
//! - `success`: a handler answering `"ok"`, without and with the layer. The
//!   layer keeps the request's `X-Request-Id` and `traceparent` values and
//!   path (reference counts) for a problem that may come, and passes the
//!   response through untouched (nothing buffered, copied or added).
//!   Target: at most 5% more.
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
//! `axum::serve` does). `LAYER_BENCH_LOOP=<scenario>:<n>` runs one scenario
//! `n` times without criterion, for an instruction count under
//! `valgrind --tool=callgrind` (per request: the difference between 3,000 and
//! 1,000 runs, over 2,000): the machine (2 cores shared by several builds,
//! load average about 8) moves timings by 20% between runs, which hides a 5%
//! difference, while instruction counts repeat.
//!
//! `success/*_shared_request` builds the request as hyper parses one: its
//! URI and header values are slices of one shared buffer, so that cloning
//! them counts a reference. `Request::get(&str)` copies each into a buffer of
//! its own, whose first clone allocates: the layer pays for that in this
//! bench, never behind a real server.
//!
//! Instructions per request (callgrind), on the development machine, all
//! columns measured in one session. First: the layer as first built on this
//! branch (6f9227c); second: with the cuts of the first pass (below);
//! third: with the lazy request id and no echo on success (below). Ratios
//! to the bare router (success) or the plain `IntoResponse` (problem) of
//! the same binary.
//!
//! | request | first | first pass | lazy id, no echo |
//! |---|---|---|---|
//! | success, router | 7,670 | 7,786 | 7,825 |
//! | success, `ProblemLayer` around the router (one service) | 9,854 (1.28) | 9,724 (1.25) | 9,290 (1.19) |
//! | success, the same, requests as hyper builds them | - | 9,064 / 7,537 (1.20) | 8,634 / 7,576 (1.14) |
//! | success, `ProblemLayer` through `Router::layer` | 10,624 (1.39) | 10,487 (1.35) | 10,179 (1.30) |
//! | success, no `X-Request-Id` (router / layer) | 6,096 / 11,425 (1.87) | 6,213 / 10,346 (1.67) | 6,252 / 8,077 (1.29) |
//! | problem, plain `IntoResponse`, no subscriber | 11,209 | 11,162 | 11,200 |
//! | problem through the layer, no subscriber | 15,856 (1.41) | 14,590 (1.31) | 14,795 (1.32) |
//! | problem through the layer, fmt subscriber logging it | 27,671 (2.47) | 27,195 (2.44) | 25,697 (2.29) |
//!
//! The first pass: the scope lent to the thread around each poll is boxed
//! (a pointer moves, not 200 bytes); `traceparent` is parsed only when a
//! problem needs its trace id; a problem borrows the lent scope; a new
//! request id is written into a buffer (no `format!`); headers are looked
//! up by constant `HeaderName`s; the layer tells its own problem+json
//! responses from plain ones without parsing the media type.
//!
//! The second: on success the layer does nothing to the response (no
//! `X-Request-Id` insert: error and problem responses still get it; use
//! tower-http's `SetRequestIdLayer`/`PropagateRequestIdLayer` to echo it on
//! every response); the request id is checked, or a new one made, only
//! when a problem or the `RequestId` extractor asks (no id generated, no
//! extension inserted for a request without one); the scope keeps the path
//! (`PathAndQuery`) rather than the whole URI, and holds the method and the
//! hook, so the future is the inner one plus a pointer; a success's
//! `Content-Type` is not looked up. The event records the code, type,
//! request id, trace id and instance with `Display` (no `<str as Debug>`
//! escaping); the detail and cause stay quoted.
//!
//! Neither target is met. Success: what remains (about 1,060 instructions
//! with requests as hyper builds them) is two header lookups (`X-Request-Id`
//! and `traceparent`, 325: mostly hashing the names, needed before the
//! request moves into the router), reference-counted clones of the two
//! values and the path and their drops (about 100), the boxed scope
//! (about 180: its allocation, free and fill), lending it around the poll
//! and the future's own poll and finish (about 190), and moving the larger
//! future (120). Against a request served over a socket (hyper's parsing
//! and writing, tens of microseconds) this is about 1%. Logging: of the
//! 14,500 instructions above the plain response, about 8,000 are
//! tracing-subscriber's `fmt` formatting the event (2,400 of them the
//! timestamp, about 500 per field); the layer's own share is the report
//! (the detail formatted a second time for it: 720; its strings allocated
//! and freed: 500), the response's extensions map carrying it (400) and the
//! request's context (480). Left: one pass writing the body and the report
//! (the detail formatted once), and a context computed once per problem.
//!
//! Criterion medians move by 20% between runs here (2 cores shared, load
//! about 4): in one run, success through the layer around the router
//! 2.11 us against 1.52 us for the router, and 2.23 us against 1.98 us with
//! requests as hyper builds them.

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use criterion::{Criterion, criterion_group};
use problem_core::Problem;
use problem_core::axum::ProblemLayer;
use tokio::runtime::Runtime;
use tower::ServiceExt;
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

fn routes_without_state() -> Router {
    Router::new().route("/ok", get(|| async { "ok" })).route(
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

/// One request to `path` with an `X-Request-Id`, its URI and header value
/// slices of one shared buffer, as hyper parses a request (cloning them
/// counts a reference; `Request::get(&str)` copies each into a buffer of
/// its own, whose first clone allocates).
fn call_shared<S>(rt: &Runtime, service: &S, path: &'static str)
where
    S: tower::Service<Request<Body>, Error = std::convert::Infallible> + Clone,
{
    let mut buf = bytes::BytesMut::with_capacity(4096);
    buf.extend_from_slice(b"GET ");
    buf.extend_from_slice(path.as_bytes());
    let path_end = buf.len();
    buf.extend_from_slice(b" HTTP/1.1\r\nx-request-id: ");
    let id_start = buf.len();
    buf.extend_from_slice(b"bench-request-1");
    let id_end = buf.len();
    buf.extend_from_slice(b"\r\n\r\n");
    let head = buf.split().freeze();
    let uri = axum::http::Uri::from_maybe_shared(head.slice(4..path_end)).expect("a URI");
    let id =
        axum::http::HeaderValue::from_maybe_shared(head.slice(id_start..id_end)).expect("an id");
    let mut request = Request::new(Body::empty());
    *request.uri_mut() = uri;
    request.headers_mut().insert("x-request-id", id);
    let response = rt
        .block_on(service.clone().oneshot(request))
        .expect("infallible");
    black_box(response);
}

/// A subscriber that logs DEBUG and up, formatting every event into nothing.
fn logging() -> Dispatch {
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

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let bare = routes();
    let layered = routes_without_state()
        .layer(ProblemLayer::new())
        .with_state(());
    // Any layer through `Router::layer` (which boxes and clones the layered
    // service per request): what the framework costs, apart from the layer.
    let noop = routes_without_state()
        .layer(tower::util::MapRequestLayer::new(|r: Request<Body>| r))
        .with_state(());
    // The layer around the router as one service (`ServiceBuilder` style).
    let wrapped = tower::Layer::layer(&ProblemLayer::new(), routes());

    let mut group = c.benchmark_group("success");
    tracing::dispatcher::with_default(&none(), || {
        group.bench_function("router", |b| b.iter(|| call(&rt, &bare, "/ok")));
        group.bench_function("router_with_layer", |b| {
            b.iter(|| call(&rt, &layered, "/ok"));
        });
        group.bench_function("router_no_id", |b| {
            b.iter(|| send(&rt, &bare, "/ok", false))
        });
        group.bench_function("router_with_layer_new_id", |b| {
            b.iter(|| send(&rt, &layered, "/ok", false));
        });
        group.bench_function("router_with_noop_layer", |b| {
            b.iter(|| call(&rt, &noop, "/ok"));
        });
        group.bench_function("layer_around_router", |b| {
            b.iter(|| call(&rt, &wrapped, "/ok"));
        });
        group.bench_function("router_shared_request", |b| {
            b.iter(|| call_shared(&rt, &bare, "/ok"));
        });
        group.bench_function("layer_around_router_shared_request", |b| {
            b.iter(|| call_shared(&rt, &wrapped, "/ok"));
        });
    });
    group.finish();

    let mut group = c.benchmark_group("problem");
    tracing::dispatcher::with_default(&none(), || {
        group.bench_function("plain_into_response", |b| {
            b.iter(|| call(&rt, &bare, "/scans/7"));
        });
        group.bench_function("layer_no_subscriber", |b| {
            b.iter(|| call(&rt, &layered, "/scans/7"));
        });
        group.bench_function("layer_around_router_no_subscriber", |b| {
            b.iter(|| call(&rt, &wrapped, "/scans/7"));
        });
        group.bench_function("plain_into_response_shared_request", |b| {
            b.iter(|| call_shared(&rt, &bare, "/scans/7"));
        });
    });
    tracing::dispatcher::with_default(&logging(), || {
        group.bench_function("layer_logging", |b| {
            b.iter(|| call(&rt, &layered, "/scans/7"));
        });
        group.bench_function("layer_around_router_logging", |b| {
            b.iter(|| call(&rt, &wrapped, "/scans/7"));
        });
        group.bench_function("layer_logging_shared_request", |b| {
            b.iter(|| call_shared(&rt, &layered, "/scans/7"));
        });
        group.bench_function("layer_around_router_logging_shared_request", |b| {
            b.iter(|| call_shared(&rt, &wrapped, "/scans/7"));
        });
    });
    group.finish();
}

criterion_group!(benches, bench);

/// `LAYER_BENCH_LOOP=<scenario>:<n>` runs one scenario `n` times and exits,
/// for an instruction count under `valgrind --tool=callgrind` (the machine's
/// timings are too noisy for a 5% comparison): `router`, `layer`, `around`,
/// `noop`, `router_new_id`, `layer_new_id`, `router_shared`, `layer_shared`,
/// `around_shared`, `problem`, `problem_layer`, `problem_layer_logging`,
/// `problem_around`, `problem_around_logging`, and with requests as hyper
/// builds them `problem_shared`, `problem_layer_shared`,
/// `problem_layer_shared_logging`, `problem_around_shared`,
/// `problem_around_shared_logging`.
fn main() {
    if let Ok(spec) = std::env::var("LAYER_BENCH_LOOP") {
        let (scenario, n) = spec.split_once(':').expect("<scenario>:<n>");
        let n: usize = n.parse().expect("a count");
        let rt = runtime();
        let bare = routes();
        let layered = routes_without_state()
            .layer(ProblemLayer::new())
            .with_state(());
        let noop = routes_without_state()
            .layer(tower::util::MapRequestLayer::new(|r: Request<Body>| r))
            .with_state(());
        let wrapped = tower::Layer::layer(&ProblemLayer::new(), routes());
        let dispatch = if scenario.ends_with("_logging") {
            logging()
        } else {
            none()
        };
        tracing::dispatcher::with_default(&dispatch, || {
            for _ in 0..n {
                match scenario {
                    "router" => call(&rt, &bare, "/ok"),
                    "layer" => call(&rt, &layered, "/ok"),
                    "noop" => call(&rt, &noop, "/ok"),
                    "around" => call(&rt, &wrapped, "/ok"),
                    "router_shared" => call_shared(&rt, &bare, "/ok"),
                    "layer_shared" => call_shared(&rt, &layered, "/ok"),
                    "around_shared" => call_shared(&rt, &wrapped, "/ok"),
                    "router_new_id" => send(&rt, &bare, "/ok", false),
                    "layer_new_id" => send(&rt, &layered, "/ok", false),
                    "problem" => call(&rt, &bare, "/scans/7"),
                    "problem_layer" | "problem_layer_logging" => call(&rt, &layered, "/scans/7"),
                    "problem_around" | "problem_around_logging" => call(&rt, &wrapped, "/scans/7"),
                    "problem_shared" => call_shared(&rt, &bare, "/scans/7"),
                    "problem_layer_shared" | "problem_layer_shared_logging" => {
                        call_shared(&rt, &layered, "/scans/7");
                    }
                    "problem_around_shared" | "problem_around_shared_logging" => {
                        call_shared(&rt, &wrapped, "/scans/7");
                    }
                    other => panic!("unknown scenario {other}"),
                }
            }
        });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
