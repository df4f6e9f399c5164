//! What `ProblemLayer` costs, in process: requests through an axum `Router`
//! with `tower::ServiceExt::oneshot` on a current-thread runtime, no socket.
//!
//! - `success`: a handler answering `"ok"`, without and with the layer. The
//!   layer reads the request id and trace context, sets `X-Request-Id`, and
//!   passes the body through (nothing buffered or copied). Target: at most
//!   5% more.
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
//! Measured on the development machine, this branch (issue 12):
//!
//! | request | instructions | ratio | criterion median |
//! |---|---|---|---|
//! | success, router | 7,683 | 1.00 | 3.55 us |
//! | success, any layer through `Router::layer` (a no-op `MapRequestLayer`) | 8,568 | 1.12 | 4.34 us |
//! | success, `ProblemLayer` around the router (one service) | 9,854 | 1.28 | 4.24 us |
//! | success, `ProblemLayer` through `Router::layer` | 10,636 | 1.38 (1.24 over any layer) | 5.67 us |
//! | success, no `X-Request-Id` (router / layer: a new id) | 6,207 / 11,660 | 1.88 | 2.83 / 5.14 us |
//! | problem, plain `IntoResponse`, no subscriber | 11,314 | 1.00 | 5.20 us |
//! | problem through the layer, no subscriber | 16,034 | 1.42 | 8.89 us |
//! | problem through the layer, fmt subscriber logging it | 27,797 | 2.46 | 12.44 us |
//!
//! Neither target is met. On success the layer does no buffering or copying
//! of the body; what it costs (about 2,000 instructions, 0.6 to 0.9 us) is
//! its job: reading and validating `X-Request-Id` (sharing the header, not
//! copying it; a new id is 32 hex digits and a `RequestId` extension),
//! parsing `traceparent`, keeping the URI, lending the request's scope to the
//! thread around each poll, and setting `X-Request-Id` on the response
//! (one `HeaderMap` insert is about 250 instructions). Against this
//! in-process round trip of a handler that does nothing that is 24 to 38%;
//! against a request served over a socket (hyper's parsing and writing, tens
//! of microseconds) it is a few percent. With logging on, most of the 2.46x
//! is tracing-subscriber's `fmt` formatting the event (about 11,700
//! instructions, which a plain `IntoResponse` with the same subscriber pays
//! too, since without a layer the response path logs the problem itself);
//! the layer's own share is the report (the probe's pass, the detail
//! formatted once more, the context copied) and the context in the body.

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
    });
    tracing::dispatcher::with_default(&logging(), || {
        group.bench_function("layer_logging", |b| {
            b.iter(|| call(&rt, &layered, "/scans/7"));
        });
    });
    group.finish();
}

criterion_group!(benches, bench);

/// `LAYER_BENCH_LOOP=<scenario>:<n>` runs one scenario `n` times and exits,
/// for an instruction count under `valgrind --tool=callgrind` (the machine's
/// timings are too noisy for a 5% comparison): `router`, `layer`,
/// `layer_new_id`, `problem`, `problem_layer`, `problem_layer_logging`.
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
        let dispatch = if scenario == "problem_layer_logging" {
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
                    "router_new_id" => send(&rt, &bare, "/ok", false),
                    "layer_new_id" => send(&rt, &layered, "/ok", false),
                    "problem" => call(&rt, &bare, "/scans/7"),
                    "problem_layer" | "problem_layer_logging" => call(&rt, &layered, "/scans/7"),
                    other => panic!("unknown scenario {other}"),
                }
            }
        });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
