//! Load: 5,000 requests, 32 at a time, over loopback to the example service's
//! production stack (tower-http's trace, body limit, timeout and panic
//! layers around `ProblemLayer`): a mix of successes, problems, plain
//! tower-http errors and panics. Every error response must be a parseable
//! problem whose `request_id` is its `X-Request-Id`, every error's request id
//! unique, no 5xx body may carry a withheld detail, and each problem
//! response must be exactly one `tracing` event. Bounded: a fixed count, and
//! two minutes at most.

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use problem_core::ProblemDetails;

#[path = "support/capture.rs"]
mod capture;
#[path = "support/serve.rs"]
mod serve;

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/axum_service.rs"]
mod axum_service;

const REQUESTS: usize = 5_000;
const CONCURRENCY: usize = 32;
const DEADLINE: Duration = Duration::from_secs(120);
const BODY_LIMIT: usize = 1024;

/// What the 5xx bodies must never carry: the withheld details and causes.
const SECRETS: [&str; 6] = [
    "segfault",
    "w-3 crashed",
    "No such file",
    "os error",
    "report index is corrupt",
    "panicked",
];

/// One request of the mix: method, path, body, and the status expected.
fn nth(i: usize) -> (&'static str, &'static str, Vec<u8>, u16) {
    match i % 16 {
        0 | 1 => ("GET", "/scans/1", Vec::new(), 200),
        2 => ("GET", "/whoami", Vec::new(), 200),
        3 => ("GET", "/scans?limit=5", Vec::new(), 200),
        4 => ("POST", "/scans", br#"{"target":"a.com"}"#.to_vec(), 200),
        5 => ("GET", "/scans/7", Vec::new(), 404),
        6 => ("GET", "/scans/abc", Vec::new(), 400),
        7 => ("GET", "/crash", Vec::new(), 500),
        8 => ("GET", "/scans/1/report", Vec::new(), 500),
        9 => ("GET", "/nowhere", Vec::new(), 404),
        10 => ("DELETE", "/scans/1", Vec::new(), 405),
        11 => ("GET", "/upstream?overloaded=true", Vec::new(), 503),
        12 => ("GET", "/slow?ms=5000", Vec::new(), 408),
        13 => ("POST", "/scans", vec![b' '; 2 * BODY_LIMIT], 413),
        14 => ("GET", "/panic", Vec::new(), 500),
        _ => ("POST", "/scans", br#"{"target":"#.to_vec(), 400),
    }
}

struct Reply {
    status: u16,
    content_type: Option<String>,
    request_id: Option<String>,
    body: Vec<u8>,
}

async fn send(addr: SocketAddr, method: &str, path: &str, body: Vec<u8>) -> Reply {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let request = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let response = sender.send_request(request).await.expect("a response");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (content_type, request_id) = (header("content-type"), header("x-request-id"));
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        content_type,
        request_id,
        body,
    }
}

/// The example's `/panic` route panics 312 times here: those panics are
/// expected (CatchPanicLayer catches them) and not printed; any other is.
fn quiet_expected_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let expected = info
            .payload()
            .downcast_ref::<&str>()
            .is_some_and(|m| *m == "the report index is corrupt");
        if !expected {
            default(info);
        }
    }));
}

#[test]
fn five_thousand_requests_every_error_a_problem() {
    capture::install();
    quiet_expected_panics();
    let limits = axum_service::Limits {
        timeout: Duration::from_millis(200),
        body_bytes: BODY_LIMIT,
    };
    let addr = serve::axum(axum_service::app_with(limits), 2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let replies = runtime.block_on(async move {
        let next = Arc::new(AtomicUsize::new(0));
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                let next = Arc::clone(&next);
                tokio::spawn(async move {
                    let mut replies = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= REQUESTS {
                            return replies;
                        }
                        let (method, path, body, expected) = nth(i);
                        let reply = send(addr, method, path, body).await;
                        replies.push((i, expected, reply));
                    }
                })
            })
            .collect();
        tokio::time::timeout(DEADLINE, async {
            let mut all = Vec::new();
            for worker in workers {
                all.extend(worker.await.unwrap());
            }
            all
        })
        .await
        .expect("5,000 requests within the deadline")
    });
    let elapsed = started.elapsed();
    assert_eq!(replies.len(), REQUESTS);

    let events = capture::problem_counts_by("request_id");
    let mut ids = HashSet::new();
    let mut errors = 0;
    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    for (i, expected, reply) in &replies {
        let (method, path, _, _) = nth(*i);
        let what = format!("#{i} {method} {path}");
        assert_eq!(
            reply.status,
            *expected,
            "{what}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        *by_status.entry(reply.status).or_default() += 1;
        if reply.status < 400 {
            // A success passes untouched: no `X-Request-Id` added.
            assert_eq!(reply.request_id, None, "{what}");
            continue;
        }
        let id = reply
            .request_id
            .clone()
            .unwrap_or_else(|| panic!("{what}: no X-Request-Id"));
        assert!(ids.insert(id.clone()), "{what}: request id {id} seen twice");
        errors += 1;
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/problem+json"),
            "{what}"
        );
        let details: ProblemDetails = serde_json::from_slice(&reply.body)
            .unwrap_or_else(|e| panic!("{what}: not a problem ({e}): {:?}", reply.body));
        assert_eq!(details.status, Some(reply.status), "{what}");
        assert!(details.code.is_some(), "{what}");
        assert_eq!(details.request_id.as_deref(), Some(id.as_str()), "{what}");
        if reply.status >= 500 {
            assert_eq!(details.detail, None, "{what}");
            let body = String::from_utf8_lossy(&reply.body);
            for secret in SECRETS {
                assert!(
                    !body.contains(secret),
                    "{what}: {secret:?} on the wire: {body}"
                );
            }
        }
        // Exactly one event for this problem response.
        assert_eq!(events.get(&id), Some(&1), "{what}: one event");
    }
    // Every error response has an id of its own.
    assert_eq!(ids.len(), errors);
    // And no event for a success.
    assert_eq!(events.values().sum::<usize>(), errors);
    eprintln!(
        "{REQUESTS} requests ({errors} errors), {CONCURRENCY} at a time, in {elapsed:.2?}: {by_status:?}"
    );
}
