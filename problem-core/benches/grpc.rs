//! gRPC statuses (`tonic` feature): a problem to a `tonic::Status` and back.
//!
//! Sending: `problem_core::tonic::to_status` against the same status built by
//! hand with tonic-types from literal constants, as a service without this
//! crate would write it (`Status::with_error_details` with the same
//! `ErrorInfo`, `RetryInfo` and `BadRequest`). Receiving:
//! `details_from_status` against tonic-types' own `get_error_details` (which
//! decodes the rich details and maps nothing), for scale.
//!
//! Run: `cargo bench -p problem_core --features tonic --bench grpc` (criterion
//! options after `--`, e.g. `-- --warm-up-time 1 --measurement-time 3`).
//!
//! Measured on the machine of `envelope.rs` (an AMD EPYC KVM guest with 2
//! vCPUs, rustc 1.95.0), 1 s warm-up and 3 s measurement, criterion's
//! estimate per call, one run, while other builds shared the machine (load
//! about 8): take the ratios within a row, not the absolute numbers.
//!
//! | problem | `to_status` | by hand | `details_from_status` | `get_error_details` |
//! |---|---|---|---|---|
//! | static | 3.25 µs | 2.32 µs | 3.83 µs | 2.25 µs |
//! | extensions (a number and a string) | 3.36 µs | 3.93 µs | 4.72 µs | 3.44 µs |
//! | errors (3 field errors, a retry-after) | 7.47 µs | 4.37 µs | 8.55 µs | 6.97 µs |
//!
//! The run before it, whose `to_status` and `details_from_status` ran every
//! extension string through the JSON parser (now only those whose first
//! character can start a JSON value): extensions 5.35 µs and 5.58 µs against
//! 3.31 µs and 3.88 µs by hand. Between two runs the same contender moved by
//! up to 40% (errors' `to_status`: 5.35 µs, then 7.47 µs). What `to_status`
//! does beyond the hand-written status: a pass to read the variant's head,
//! the owned `ProblemDetails` of the envelope (extension values as JSON
//! values), and the type URI's host; a gRPC call costs tens of microseconds
//! on loopback, so the conversion is not what a failed call waits for.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use problem_core::tonic::{details_from_status, to_status};
use problem_core::{FieldError, Problem};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ApiError {
    /// Static: no dynamic member.
    #[problem(code = "scans.gone", status = 410, title = "Scan deleted")]
    Static,
    /// With a detail and extension members.
    #[problem(
        code = "scans.conflict",
        status = 409,
        title = "Scan already running",
        detail = "scan {scan_id} is already running"
    )]
    Extensions {
        #[problem(extension)]
        scan_id: u64,
        #[problem(extension)]
        state: &'static str,
    },
    /// With a detail, a 3-entry errors list and a retry-after.
    #[problem(
        code = "validation.failed",
        status = 422,
        title = "Invalid request",
        detail = "{count} fields are invalid"
    )]
    Errors {
        count: usize,
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(retry_after)]
        retry_after: u64,
    },
}

fn field_errors() -> Vec<FieldError> {
    vec![
        FieldError {
            path: "/target".into(),
            code: "required".into(),
            detail: None,
        },
        FieldError {
            path: "/depth".into(),
            code: "range".into(),
            detail: Some("must be between 1 and 5".into()),
        },
        FieldError {
            path: "/email".into(),
            code: "format".into(),
            detail: Some("not an email address".into()),
        },
    ]
}

/// The status a service writes by hand for each problem: the same code,
/// message and rich details as `to_status`.
fn by_hand(e: &ApiError) -> Status {
    let info = |reason: &str, title: &str, status: &str, extra: &[(&str, String)]| {
        let mut metadata = HashMap::with_capacity(3 + extra.len());
        metadata.insert(
            "type".to_owned(),
            format!("https://docs.example.com/errors/{reason}"),
        );
        metadata.insert("status".to_owned(), status.to_owned());
        metadata.insert("title".to_owned(), title.to_owned());
        for (k, v) in extra {
            metadata.insert((*k).to_owned(), v.clone());
        }
        ErrorDetails::with_error_info(reason, "docs.example.com", metadata)
    };
    match e {
        ApiError::Static => Status::with_error_details(
            Code::FailedPrecondition,
            "Scan deleted",
            info("scans.gone", "Scan deleted", "410", &[]),
        ),
        ApiError::Extensions { scan_id, state } => Status::with_error_details(
            Code::Aborted,
            format!("scan {scan_id} is already running"),
            info(
                "scans.conflict",
                "Scan already running",
                "409",
                &[
                    ("scan_id", scan_id.to_string()),
                    ("state", (*state).to_owned()),
                ],
            ),
        ),
        ApiError::Errors {
            count,
            errors,
            retry_after,
        } => {
            let mut details = info("validation.failed", "Invalid request", "422", &[]);
            details.set_retry_info(Some(Duration::from_secs(*retry_after)));
            details.set_bad_request(
                errors
                    .iter()
                    .map(|e| FieldViolation {
                        field: e.path.clone(),
                        description: e.detail.clone().unwrap_or_else(|| e.code.clone()),
                        reason: e.code.clone(),
                        ..FieldViolation::default()
                    })
                    .collect::<Vec<_>>(),
            );
            Status::with_error_details(
                Code::FailedPrecondition,
                format!("{count} fields are invalid"),
                details,
            )
        }
    }
}

fn problems() -> [(&'static str, ApiError); 3] {
    [
        ("static", ApiError::Static),
        (
            "extensions",
            ApiError::Extensions {
                scan_id: 42,
                state: "running",
            },
        ),
        (
            "errors",
            ApiError::Errors {
                count: 3,
                errors: field_errors(),
                retry_after: 30,
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    for (name, e) in problems() {
        // Both contenders send the same status.
        let (ours, theirs) = (to_status(&e), by_hand(&e));
        assert_eq!(ours.code(), theirs.code());
        assert_eq!(ours.message(), theirs.message());
        assert_eq!(details_from_status(&ours), details_from_status(&theirs));
        assert_eq!(details_from_status(&ours), e.to_details());

        let mut group = c.benchmark_group(name);
        group.bench_function("to_status", |b| b.iter(|| to_status(black_box(&e))));
        group.bench_function("by hand (tonic-types)", |b| {
            b.iter(|| by_hand(black_box(&e)));
        });
        group.bench_function("details_from_status", |b| {
            b.iter(|| details_from_status(black_box(&ours)));
        });
        group.bench_function("get_error_details (tonic-types)", |b| {
            b.iter(|| black_box(&ours).get_error_details());
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
