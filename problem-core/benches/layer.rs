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
//! Measured on the development machine (2 shared cores, noisy; medians of
//! one run, ratios within that run):
//!
//! | bench | time | ratio |
//! |---|---|---|
//! | success/router | see report | 1.00 |
//! | success/router_with_layer | see report | |
//! | problem/plain_into_response | see report | 1.00 |
//! | problem/layer_logging | see report | |
//! | problem/layer_no_subscriber | see report | |

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
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

fn routes() -> Router {
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
    let layered = routes().layer(ProblemLayer::new());
    // Any layer through `Router::layer` (which boxes and clones the layered
    // service per request): what the framework costs, apart from the layer.
    let noop = routes().layer(tower::util::MapRequestLayer::new(|r: Request<Body>| r));
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
criterion_main!(benches);
