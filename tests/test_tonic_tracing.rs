//! With the `tracing` feature, a problem converted into a `tonic::Status`
//! (a derived type's `From<E> for Status`, `to_status`) is logged as one
//! event with target `problem`, as a problem response over HTTP is: the
//! same fields, the detail and the `source()` chain also when the status
//! withholds them, which the status never carries. The events are captured
//! with a real tracing-subscriber registry while a tonic server on
//! 127.0.0.1 answers with the converted statuses, and the client reads what
//! went over the wire.

#[path = "support/capture.rs"]
mod capture;
// The example's hand-written unary method and client (no protoc).
#[allow(dead_code)]
#[path = "../examples/grpc_service.rs"]
mod grpc_service;
#[path = "support/grpc_wire.rs"]
mod grpc_wire;

use std::sync::atomic::{AtomicU64, Ordering};

use grpc_service::{GetScanRequest, Scan, Unary, call, connect};
use grpc_wire::{anywhere, spawn_server};
use problem_core::Problem;
use problem_core::tonic::{details_from_status, to_status};
use tonic::{Code, Status};
use tracing::Level;

const SECRET: &str = "postgres://admin:hunter2@10.0.0.7";

/// thiserror beside the derive: the `source()` chain is the logged `error`.
#[derive(Debug, Problem, thiserror::Error)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    #[problem(
        code = "scans.not_found",
        status = 404,
        detail = "scan {id} was not found"
    )]
    #[error("scan {id} was not found")]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    #[problem(
        code = "scans.store_failed",
        status = 500,
        detail = "reading scan {id} from {store} failed"
    )]
    #[error("reading scan {id} failed")]
    StoreFailed {
        id: u64,
        store: String,
        #[source]
        source: std::io::Error,
    },
}

const GET: &str = "/scans.v1.Scans/Get";

/// Each id answers with one error, converted with `?` (`From<E> for Status`).
fn get(request: tonic::Request<GetScanRequest>) -> Result<Scan, Status> {
    let id = request.get_ref().id;
    let result: Result<Scan, ScanError> = if id.is_multiple_of(2) {
        Err(ScanError::NotFound { id })
    } else {
        Err(ScanError::StoreFailed {
            id,
            store: SECRET.to_owned(),
            source: std::io::Error::other(format!("connection to {SECRET} refused")),
        })
    };
    Ok(result?)
}

/// Calls the server on 127.0.0.1 with `id`; the status the client received.
fn over_a_socket(id: u64) -> Status {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let addr = spawn_server(Unary::new(GET, get)).await;
        assert!(addr.ip().is_loopback());
        let channel = connect(addr).await.unwrap();
        tokio::time::timeout(
            std::time::Duration::from_secs(20),
            call::<GetScanRequest, Scan>(channel, GET, tonic::Request::new(GetScanRequest { id })),
        )
        .await
        .expect("the server answers in time")
        .expect_err("the server answers with a status")
    })
}

/// An id no other test uses.
fn fresh_id(odd: bool) -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1000);
    let id = NEXT.fetch_add(2, Ordering::Relaxed);
    if odd { id + 1 } else { id }
}

#[test]
fn a_withheld_detail_and_cause_are_logged_and_not_sent() {
    capture::install();
    let id = fresh_id(true);
    let received = over_a_socket(id);
    assert_eq!(received.code(), Code::Internal);
    assert_eq!(received.message(), "Internal Server Error");
    assert!(!anywhere(&received, "hunter2"), "{received:?}");
    assert_eq!(details_from_status(&received).detail, None);

    let detail = format!("reading scan {id} from {SECRET} failed");
    let events = capture::problems_where("detail", &detail);
    assert_eq!(events.len(), 1, "one event per conversion: {events:?}");
    let event = &events[0];
    assert_eq!(event.level, Level::ERROR);
    assert_eq!(event.field("code"), Some("scans.store_failed"));
    assert_eq!(event.field("status"), Some("500"));
    assert_eq!(
        event.field("type_uri"),
        Some("https://docs.example.com/errors/scans.store_failed")
    );
    assert_eq!(
        event.field("error"),
        Some(format!("connection to {SECRET} refused").as_str())
    );
    assert_eq!(event.field("message"), Some("Internal Server Error"));
}

#[test]
fn a_4xx_is_logged_at_debug_with_its_detail() {
    capture::install();
    let id = fresh_id(false);
    let received = over_a_socket(id);
    assert_eq!(received.code(), Code::NotFound);
    let detail = format!("scan {id} was not found");
    assert_eq!(received.message(), detail);
    let events = capture::problems_where("detail", &detail);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, Level::DEBUG);
    assert_eq!(events[0].field("code"), Some("scans.not_found"));
    assert_eq!(events[0].field("status"), Some("404"));
    // No source: no `error`.
    assert_eq!(events[0].field("error"), None);
}

#[test]
fn to_status_of_an_envelope_logs_its_context() {
    capture::install();
    let id = fresh_id(true);
    let err = ScanError::StoreFailed {
        id,
        store: SECRET.to_owned(),
        source: std::io::Error::other("disk full"),
    };
    let request_id = format!("req-{id}");
    let status = to_status(
        &err.envelope()
            .request_id(&request_id)
            .instance("/scans.v1.Scans/Get")
            .trace_id("4bf92f3577b34da6a3ce929d0e0e4736"),
    );
    assert!(!anywhere(&status, "hunter2"), "{status:?}");
    let events = capture::problems_where("request_id", &request_id);
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.field("instance"), Some("/scans.v1.Scans/Get"));
    assert_eq!(
        event.field("trace_id"),
        Some("4bf92f3577b34da6a3ce929d0e0e4736")
    );
    assert_eq!(
        event.field("detail"),
        Some(format!("reading scan {id} from {SECRET} failed").as_str())
    );
    // `to_status` of a generic value does not ask for the `source()` chain
    // (the derived `From<E> for Status` does).
    assert_eq!(event.field("error"), None);
}

#[test]
fn relayed_details_are_logged_with_the_detail_their_status_withholds() {
    capture::install();
    let secret = format!(
        "GET https://billing.internal/v1?token=s3cr3t-{}: refused",
        fresh_id(true)
    );
    let status = to_status(&problem_core::ProblemDetails::transport(&secret));
    assert_eq!(status.code(), Code::Unknown);
    assert!(!format!("{status:?}").contains("s3cr3t"), "{status:?}");
    let events = capture::problems_where("detail", &secret);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].level, Level::ERROR);
    assert_eq!(events[0].field("code"), Some("transport.error"));
    assert_eq!(events[0].field("status"), Some("500"));
}
