//! The SDK example (`examples/sdk_client.rs`) against the example service
//! (`examples/axum_service.rs`) running as a process on a free port: every
//! method's typed result, the bounded retry, and the example's own output.
//! A stand-in for the service (its routes and its `ScanError`, counting
//! requests) shows a retry succeed once the service recovers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use problem_core::FieldError;

#[path = "support/example.rs"]
mod example;
#[allow(dead_code)]
#[path = "../examples/sdk_client.rs"]
mod sdk_client;
#[path = "support/serve.rs"]
mod serve;

use sdk_client::{Retry, Scan, ScanClient, ScanError, outcome};

/// Retries with short waits, for the tests.
const FAST: Retry = Retry {
    attempts: 3,
    backoff: Duration::from_millis(50),
    max_wait: Duration::from_secs(5),
};

#[tokio::test]
async fn every_method_against_the_example_service() {
    let service = example::Service::start();
    let sdk = ScanClient::new(&service.base()).unwrap().with_retry(FAST);

    let scan = |id, target: &str| Scan {
        id,
        target: target.to_owned(),
    };
    assert_eq!(sdk.get_scan(1).await.unwrap(), scan(1, "example.com"));
    let err = sdk.get_scan(7).await.unwrap_err();
    assert_eq!(err.decode(), Some(ScanError::NotFound { id: 7 }));
    assert_eq!(err.status(), 404);

    assert_eq!(sdk.start_scan("a.com").await.unwrap(), scan(2, "a.com"));
    let err = sdk.start_scan("").await.unwrap_err();
    assert_eq!(
        err.decode(),
        Some(ScanError::Invalid {
            errors: vec![FieldError {
                path: "/target".to_owned(),
                code: "required".to_owned(),
                detail: Some("target must not be empty".to_owned()),
            }]
        })
    );

    assert_eq!(sdk.list_scans(5).await.unwrap(), []);
    // Retryable, but after 30 s, longer than the SDK waits: returned at once.
    let started = Instant::now();
    let err = sdk.list_scans(50).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        err.decode(),
        Some(ScanError::RateLimited {
            limit: 10,
            retry_after: 30
        })
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));

    // Retryable, without a Retry-After: three attempts, 50 ms then 100 ms apart.
    let started = Instant::now();
    let err = sdk.upstream(true).await.unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(err.decode(), Some(ScanError::Upstream { status: 503 }));
    let err = sdk.upstream(false).await.unwrap_err();
    assert_eq!(err.decode(), Some(ScanError::Upstream { status: 502 }));

    // The crash's fields stay on the server: its code is known, the variant
    // cannot be rebuilt, and the detail is withheld.
    let err = sdk.crash().await.unwrap_err();
    assert_eq!(err.decode::<ScanError>(), None);
    assert_eq!(err.details().code.as_deref(), Some("scans.crashed"));
    assert_eq!(err.details().detail, None);
    assert_eq!(err.to_string(), "scans.crashed: Internal Server Error");

    // Another service's problem, relayed: no ScanError, the details are kept.
    let err = sdk.relayed().await.unwrap_err();
    assert_eq!(err.decode::<ScanError>(), None);
    assert_eq!(err.status(), 402);
    assert_eq!(
        err.details().extension("plan"),
        Some(&serde_json::json!("free"))
    );
    assert_eq!(
        outcome(&Err::<(), _>(err)),
        "402 billing.quota_exceeded: Quota exceeded"
    );

    assert_eq!(sdk.whoami("sdk-7").await.unwrap(), "sdk-7");
}

/// A stand-in for the service: `GET /scans/{id}` answers each request with
/// the next of `script` (a problem, or the scan once it runs out), counting.
fn stand_in(script: Vec<ScanError>) -> (String, Arc<AtomicU32>) {
    let count = Arc::new(AtomicU32::new(0));
    let seen = Arc::clone(&count);
    let app = Router::new().route(
        "/scans/{id}",
        get(move |axum::extract::Path(id): axum::extract::Path<u64>| {
            let n = seen.fetch_add(1, Ordering::SeqCst) as usize;
            let next = script.get(n).cloned();
            async move {
                match next {
                    Some(problem) => problem.into_response(),
                    None => axum::Json(serde_json::json!({ "id": id, "target": "example.com" }))
                        .into_response(),
                }
            }
        }),
    );
    (format!("http://{}", serve::axum(app, 1)), count)
}

#[tokio::test]
async fn a_retryable_problem_is_retried_after_its_retry_after() {
    let limited = |retry_after| ScanError::RateLimited {
        limit: 10,
        retry_after,
    };
    // Rate limited for a second, then the scan.
    let (base, count) = stand_in(vec![limited(1)]);
    let sdk = ScanClient::new(&base).unwrap().with_retry(FAST);
    let started = Instant::now();
    assert_eq!(sdk.get_scan(3).await.unwrap().id, 3);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // Still limited after the last attempt: its problem is returned.
    let (base, count) = stand_in(vec![limited(0); 5]);
    let sdk = ScanClient::new(&base).unwrap().with_retry(FAST);
    let err = sdk.get_scan(3).await.unwrap_err();
    assert_eq!(err.decode(), Some(limited(0)));
    assert_eq!(count.load(Ordering::SeqCst), FAST.attempts);

    // A wait longer than `max_wait` is not waited; a problem that is not
    // retryable is not retried.
    for problem in [limited(60), ScanError::NotFound { id: 3 }] {
        let (base, count) = stand_in(vec![problem.clone()]);
        let sdk = ScanClient::new(&base).unwrap().with_retry(FAST);
        let started = Instant::now();
        assert_eq!(sdk.get_scan(3).await.unwrap_err().decode(), Some(problem));
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn the_example_prints_each_call() {
    let service = example::Service::start();
    let out = std::process::Command::new(example::binary("sdk_client"))
        .arg(service.base())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    for line in [
        r#"get_scan(1)          ok Scan { id: 1, target: "example.com" }"#,
        "get_scan(7)          NotFound { id: 7 }",
        "list_scans(50)       RateLimited { limit: 10, retry_after: 30 }, retry after 30s",
        "upstream(true)       Upstream { status: 503 }",
        "crash()              500 scans.crashed: Internal Server Error",
        r#"whoami("sdk-1")      ok "sdk-1""#,
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "{line:?} not in\n{stdout}"
        );
    }
    drop(service);

    // No service: the transport error, with its cause, and a hint.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let out = std::process::Command::new(example::binary("sdk_client"))
        .arg(format!("http://{closed}"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("transport.error: connect: error sending request for url"),
        "{stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("connection refused"),
        "{stderr}"
    );
    assert!(stderr.contains("is the service running?"), "{stderr}");
}
