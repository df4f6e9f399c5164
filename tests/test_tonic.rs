//! `tonic` feature, over a socket: a tonic server on 127.0.0.1 answers a
//! tonic client with each status (the method is written by hand, as in
//! `examples/grpc_service.rs`: no protoc), and what the client receives is
//! checked: the gRPC code of every status, each google.rpc rich detail (read
//! with `tonic-types`, independently of this crate), the 5xx withholding,
//! `details_from_status` against `to_details` and `from_problem` back into
//! the typed error for every kind of variant, statuses from servers that do
//! not use this crate, and malformed ones (raw trailers from a hand-written
//! HTTP/2 service).

#[path = "support/model.rs"]
mod model;
#[path = "support/relayed.rs"]
mod relayed;
#[path = "support/strategies.rs"]
mod strategies;

#[path = "support/example.rs"]
mod example;
#[allow(dead_code, unreachable_pub)]
#[path = "../examples/grpc_service.rs"]
mod grpc_service;
#[path = "support/grpc_wire.rs"]
mod grpc_wire;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use example::binary as example_binary;
use grpc_service::{GET_SCAN, GetScanRequest, Scan, ServiceError, Unary, call, connect};
use grpc_wire::{RawHeaders, anywhere, over_the_wire, raw_over_the_wire, spawn_server, wire};
use model::{
    ApiError, AuthError, Conflict, FlatError, Generic, TokenError, Window, WrappedError, WriteOnly,
    field_errors,
};
use problem_core::tonic::{ToStatus, details_from_status, grpc_code, http_status, to_status};
use problem_core::{FieldError, FromProblem, Problem, ProblemDetails};
use proptest::prelude::*;
use relayed::Relayed;
use serde_json::{Value, json};
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::{ErrorDetail, ErrorDetails, StatusExt};

/// Sends `e` as a status and reads it back: the details equal the
/// envelope's, and the typed error comes back (or `None`, for a variant that
/// cannot be rebuilt, exactly as from its JSON).
fn round_trip<E: Problem + FromProblem + PartialEq + std::fmt::Debug>(e: &E) -> ProblemDetails {
    let received = over_the_wire(to_status(e));
    assert_eq!(received.code(), grpc_code(e.status()), "{e:?}");
    let details = details_from_status(&received);
    assert_eq!(details, e.to_details(), "{e:?}");
    assert_eq!(
        E::from_problem(&details),
        E::from_problem(&e.to_details()),
        "{e:?}"
    );
    details
}

/// As [`round_trip`], for values that can be rebuilt.
fn rebuilds<E: Problem + FromProblem + PartialEq + std::fmt::Debug>(e: &E) {
    round_trip(e);
    let received = over_the_wire(to_status(e));
    assert_eq!(
        E::from_problem(&details_from_status(&received)).as_ref(),
        Some(e)
    );
}

// ---------------------------------------------------------------------------
// Codes

/// One problem whose status is any `u16`.
#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(code = "any.status", status = 500, detail = "status {status}")]
struct AnyStatus {
    #[problem(status)]
    status: u16,
}

/// The code mapping of SPEC, "gRPC".
const SPEC_CODES: [(u16, Code); 12] = [
    (400, Code::InvalidArgument),
    (401, Code::Unauthenticated),
    (403, Code::PermissionDenied),
    (404, Code::NotFound),
    (409, Code::Aborted),
    (412, Code::FailedPrecondition),
    (416, Code::OutOfRange),
    (429, Code::ResourceExhausted),
    (499, Code::Cancelled),
    (501, Code::Unimplemented),
    (503, Code::Unavailable),
    (504, Code::DeadlineExceeded),
];

fn spec_code(status: u16) -> Code {
    match SPEC_CODES.iter().find(|(s, _)| *s == status) {
        Some((_, code)) => *code,
        None if status < 500 => Code::FailedPrecondition,
        None => Code::Internal,
    }
}

#[test]
fn every_error_status_has_its_code_over_the_wire() {
    for status in 400..=599 {
        let e = AnyStatus { status };
        let received = over_the_wire(to_status(&e));
        assert_eq!(received.code(), spec_code(status), "{status}");
        assert_eq!(grpc_code(status), spec_code(status));
        let details = details_from_status(&received);
        assert_eq!(details.status, Some(status));
        assert_eq!(AnyStatus::from_problem(&details), Some(e));
    }
}

#[test]
fn a_status_field_outside_the_error_range_keeps_the_declared_code() {
    for status in [0, 200, 302, 399, 600, u16::MAX] {
        let received = over_the_wire(to_status(&AnyStatus { status }));
        assert_eq!(received.code(), Code::Internal, "{status}");
        assert_eq!(details_from_status(&received).status, Some(500));
    }
}

/// `grpc_code = ".."` overrides the code mapped from the status.
#[derive(Debug, Clone, PartialEq, Problem)]
enum Overridden {
    #[problem("orders.exists", 409, grpc_code = "already_exists")]
    Exists,
    #[problem("orders.busy", 503, grpc_code = "resource_exhausted")]
    Busy {
        #[problem(status)]
        status: u16,
    },
    #[problem("orders.conflict", 409)]
    Conflict,
}

/// Wraps `Overridden`: the wrapped variant's key applies.
#[derive(Debug, Clone, PartialEq, Problem)]
enum Outer {
    #[problem(transparent)]
    Orders(Overridden),
}

#[test]
fn the_grpc_code_key_overrides_the_mapped_code() {
    let cases = [
        (Overridden::Exists, Code::AlreadyExists, 409),
        (
            Overridden::Busy { status: 502 },
            Code::ResourceExhausted,
            502,
        ),
        (Overridden::Conflict, Code::Aborted, 409),
    ];
    for (e, code, status) in cases {
        let received = over_the_wire(Status::from(e.clone()));
        assert_eq!(received.code(), code, "{e:?}");
        let details = details_from_status(&received);
        assert_eq!(details.status, Some(status), "{e:?}");
        assert_eq!(Overridden::from_problem(&details), Some(e.clone()));
        let outer = over_the_wire(Status::from(Outer::Orders(e.clone())));
        assert_eq!(outer.code(), code, "{e:?}");
    }
}

#[test]
fn a_relayed_transport_error_keeps_its_detail_off_the_wire() {
    let secret = "GET https://billing.internal/v1?token=s3cr3t: connection refused";
    let details = ProblemDetails::transport(secret);
    let status = over_the_wire(to_status(&details));
    assert_eq!(status.code(), Code::Unknown);
    assert_eq!(status.message(), "Transport error");
    let received = problem_core::tonic::details_from_status(&status);
    assert_eq!(received.code.as_deref(), Some("transport.error"));
    assert_eq!(received.status, Some(500));
    assert_eq!(received.detail, None);
    let wire = format!("{status:?}");
    for part in ["s3cr3t", "billing.internal", "connection refused"] {
        assert!(!wire.contains(part), "{part:?} in {wire}");
    }
    // Details with an error status are sent as they are.
    let relayed = ProblemDetails {
        status: Some(502),
        detail: Some("upstream said no".into()),
        ..ProblemDetails::default()
    };
    assert_eq!(to_status(&relayed).message(), "upstream said no");
}

#[test]
fn a_hand_written_problem_without_an_error_status_is_unknown_without_its_detail() {
    for status in [0, 200, 302, 600] {
        let sent = over_the_wire(to_status(&Relayed::with_status(status)));
        assert_eq!(sent.code(), Code::Unknown, "{status}");
        assert_eq!(sent.message(), "Upstream failed", "{status}");
        let received = details_from_status(&sent);
        assert_eq!(received.status, Some(500), "{status}");
        assert_eq!(received.detail, None, "{status}");
    }
    // The same through a transparent variant that wraps it.
    #[derive(Problem)]
    enum Gateway {
        #[problem(transparent)]
        Upstream(Relayed),
    }
    for status in [0, 200, 600] {
        let wrapped = Gateway::Upstream(Relayed::with_status(status));
        assert_eq!(to_status(&wrapped).code(), Code::Unknown, "{status}");
        assert_eq!(Status::from(wrapped).code(), Code::Unknown, "{status}");
    }
    // An error status is the problem's own, 5xx detail included.
    assert_eq!(
        to_status(&Relayed::with_status(503)).code(),
        Code::Unavailable
    );
    let wrapped = Gateway::Upstream(Relayed::with_status(503));
    assert_eq!(to_status(&wrapped).code(), Code::Unavailable);
}

#[test]
fn details_without_an_error_status_are_unknown() {
    for status in [None, Some(0), Some(200), Some(302), Some(600)] {
        let details = ProblemDetails {
            status,
            code: Some("x.y".into()),
            ..ProblemDetails::default()
        };
        assert_eq!(to_status(&details).code(), Code::Unknown, "{status:?}");
    }
}

// ---------------------------------------------------------------------------
// Rich details

/// A structured extension.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Limits {
    per: String,
    size: u32,
}

#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(type_base = "https://user@docs.example.com:8443/errors/")]
enum OrderError {
    /// Every member that travels in a rich detail.
    #[problem(
        code = "orders.invalid",
        status = 422,
        title = "Invalid order",
        detail = "{count} fields are invalid"
    )]
    Invalid {
        #[problem(extension)]
        count: usize,
        #[problem(extension)]
        customer: String,
        #[problem(extension)]
        reference: String,
        #[problem(extension)]
        limits: Limits,
        #[problem(extension)]
        note: Option<String>,
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(retry_after)]
        retry_after: Duration,
        #[problem(instance)]
        instance: String,
    },

    /// No fields: an `ErrorInfo` only.
    #[problem(code = "orders.gone", status = 410)]
    Gone,
}

fn invalid_order() -> OrderError {
    OrderError::Invalid {
        count: 2,
        customer: "c-17".into(),
        reference: "42".into(),
        limits: Limits {
            per: "minute".into(),
            size: 10,
        },
        note: None,
        errors: vec![
            FieldError {
                path: "/email".into(),
                code: "format".into(),
                detail: Some("not an email address".into()),
            },
            FieldError {
                path: "/items/0/sku".into(),
                code: "required".into(),
                detail: None,
            },
        ],
        retry_after: Duration::from_millis(1500),
        instance: "/orders/7".into(),
    }
}

#[test]
fn rich_details_are_the_google_rpc_messages_of_spec() {
    let e = invalid_order();
    let sent = to_status(&e.envelope().request_id("req-1").trace_id("trace-9"));
    let received = over_the_wire(sent);
    assert_eq!(received.code(), Code::FailedPrecondition);
    assert_eq!(received.message(), "2 fields are invalid");

    // Read with tonic-types, in the order they were sent.
    let details = received.check_error_details_vec().unwrap();
    assert_eq!(details.len(), 4, "{details:?}");
    let ErrorDetail::ErrorInfo(info) = &details[0] else {
        panic!("{details:?}")
    };
    assert_eq!(info.reason, "orders.invalid");
    assert_eq!(info.domain, "docs.example.com");
    let expected: HashMap<String, String> = [
        (
            "type",
            "https://user@docs.example.com:8443/errors/orders.invalid",
        ),
        ("status", "422"),
        ("title", "Invalid order"),
        ("instance", "/orders/7"),
        ("trace_id", "trace-9"),
        ("count", "2"),
        ("customer", "c-17"),
        // A string that reads as JSON is written as JSON text.
        ("reference", r#""42""#),
        ("limits", r#"{"per":"minute","size":10}"#),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(info.metadata, expected);

    let ErrorDetail::RetryInfo(retry) = &details[1] else {
        panic!("{details:?}")
    };
    assert_eq!(retry.retry_delay, Some(Duration::from_secs(2)));

    let ErrorDetail::BadRequest(bad) = &details[2] else {
        panic!("{details:?}")
    };
    let violations: Vec<(&str, &str, &str)> = bad
        .field_violations
        .iter()
        .map(|v| (&*v.field, &*v.description, &*v.reason))
        .collect();
    assert_eq!(
        violations,
        [
            ("/email", "not an email address", "format"),
            ("/items/0/sku", "required", "required"),
        ]
    );

    let ErrorDetail::RequestInfo(info) = &details[3] else {
        panic!("{details:?}")
    };
    assert_eq!((&*info.request_id, &*info.serving_data), ("req-1", ""));

    // Read back by this crate: the envelope's details, and the typed error
    // (the retry-after in whole seconds, as on every wire).
    let read = details_from_status(&received);
    assert_eq!(
        read,
        e.envelope()
            .request_id("req-1")
            .trace_id("trace-9")
            .to_details()
    );
    let OrderError::Invalid {
        count,
        customer,
        reference,
        limits,
        note,
        errors,
        instance,
        ..
    } = e
    else {
        unreachable!()
    };
    assert_eq!(
        OrderError::from_problem(&read),
        Some(OrderError::Invalid {
            count,
            customer,
            reference,
            limits,
            note,
            errors,
            retry_after: Duration::from_secs(2),
            instance,
        })
    );
}

#[test]
fn a_problem_without_members_sends_an_error_info_only() {
    let received = over_the_wire(to_status(&OrderError::Gone));
    assert_eq!(received.code(), Code::FailedPrecondition);
    assert_eq!(received.message(), "Gone");
    let details = received.check_error_details().unwrap();
    let info = details.error_info().unwrap();
    assert_eq!(info.reason, "orders.gone");
    assert_eq!(info.metadata.len(), 3, "{:?}", info.metadata);
    assert!(details.retry_info().is_none());
    assert!(details.bad_request().is_none());
    assert!(details.request_info().is_none());
    rebuilds(&OrderError::Gone);
}

#[test]
fn about_blank_has_an_empty_domain() {
    let received = over_the_wire(to_status(&AnyStatus { status: 404 }));
    let info = received.get_details_error_info().unwrap();
    assert_eq!(info.domain, "");
    assert_eq!(info.metadata["type"], "about:blank");
}

#[test]
fn a_huge_retry_after_is_capped_at_retry_infos_range() {
    let e = ApiError::Quota {
        limit: 1,
        window: Window {
            unit: "s".into(),
            size: 1,
        },
        scope: None,
        retry_after: u64::MAX,
    };
    let received = over_the_wire(to_status(&e));
    let delay = received.get_details_retry_info().unwrap().retry_delay;
    assert_eq!(delay, Some(tonic_types::RetryInfo::MAX_RETRY_DELAY));
    assert_eq!(
        details_from_status(&received).retry_after(),
        Some(315_576_000_001)
    );
}

// ---------------------------------------------------------------------------
// 5xx withholding

#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum Backend {
    #[problem(
        code = "backend.crashed",
        status = 500,
        detail = "worker {worker} crashed: {secret}"
    )]
    Crashed {
        #[problem(extension)]
        worker: String,
        secret: String,
    },

    #[problem(
        code = "backend.down",
        status = 503,
        title = "Backend down",
        detail = "node down: {secret}"
    )]
    Down {
        #[problem(status)]
        status: u16,
        secret: String,
    },

    #[problem(
        code = "backend.exposed",
        status = 502,
        detail = "upstream {host} failed",
        expose_detail
    )]
    Exposed { host: String },
}

const SECRET: &str = "postgres://admin:hunter2@10.0.0.7";

#[test]
fn a_withheld_detail_is_on_no_wire() {
    let crashed = Backend::Crashed {
        worker: "w-3".into(),
        secret: SECRET.into(),
    };
    for (sent, code, message) in [
        (to_status(&crashed), Code::Internal, "Internal Server Error"),
        (
            to_status(&crashed.envelope().request_id("req-5")),
            Code::Internal,
            "Internal Server Error",
        ),
        (
            to_status(&Backend::Down {
                status: 503,
                secret: SECRET.into(),
            }),
            Code::Unavailable,
            "Backend down",
        ),
        (
            to_status(&Backend::Down {
                status: 502,
                secret: SECRET.into(),
            }),
            Code::Internal,
            "Backend down",
        ),
    ] {
        assert!(!anywhere(&sent, "hunter2"), "{sent:?}");
        let received = over_the_wire(sent);
        assert_eq!(received.code(), code);
        assert_eq!(received.message(), message);
        assert!(!anywhere(&received, "hunter2"), "{received:?}");
        let details = details_from_status(&received);
        assert_eq!(details.detail, None);
        assert_eq!(details.title.as_deref(), Some(message));
    }
    // The extension is marked, so it travels.
    let received = over_the_wire(to_status(&crashed));
    assert_eq!(
        details_from_status(&received).extension("worker"),
        Some(&json!("w-3"))
    );
}

#[test]
fn a_status_field_out_of_range_withholds_as_the_declared_status() {
    for status in [0, 99, 200, 302, 600] {
        let sent = to_status(&Backend::Down {
            status,
            secret: SECRET.into(),
        });
        assert!(!anywhere(&sent, "hunter2"), "{status}: {sent:?}");
        let received = over_the_wire(sent);
        assert!(!anywhere(&received, "hunter2"), "{status}: {received:?}");
        assert_eq!(received.code(), Code::Unavailable);
        assert_eq!(received.message(), "Backend down");
    }
}

#[test]
fn a_shown_detail_is_the_message() {
    // A 4xx occurrence of a 5xx variant shows its detail, as on HTTP.
    let down = Backend::Down {
        status: 429,
        secret: "not secret".into(),
    };
    let received = over_the_wire(to_status(&down));
    assert_eq!(received.code(), Code::ResourceExhausted);
    assert_eq!(received.message(), "node down: not secret");

    let exposed = Backend::Exposed {
        host: "scanner-3".into(),
    };
    let received = over_the_wire(to_status(&exposed));
    assert_eq!(received.code(), Code::Internal);
    assert_eq!(received.message(), "upstream scanner-3 failed");
    let details = round_trip(&exposed);
    assert_eq!(details.detail.as_deref(), Some("upstream scanner-3 failed"));
    assert_eq!(details.title.as_deref(), Some("Bad Gateway"));
}

// ---------------------------------------------------------------------------
// Typed round trips: every kind of variant of the shared model.

fn api_errors() -> Vec<ApiError> {
    vec![
        ApiError::Quota {
            limit: 100,
            window: Window {
                unit: "minute".into(),
                size: 1,
            },
            scope: Some("org".into()),
            retry_after: 30,
        },
        ApiError::Quota {
            limit: 0,
            window: Window {
                unit: "true".into(),
                size: 0,
            },
            scope: None,
            retry_after: 0,
        },
        ApiError::Invalid {
            errors: field_errors(),
            instance: "/signup".into(),
            count: 2,
        },
        ApiError::Invalid {
            errors: vec![],
            instance: String::new(),
            count: 0,
        },
        ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(5),
            instance: Some("/jobs/1".into()),
        },
        ApiError::Upstream {
            status: 502,
            retry_after: Duration::ZERO,
            instance: None,
        },
        ApiError::MaybeUpstream {
            status: Some(504),
            retry_after: Some(Duration::from_secs(86_400)),
        },
        ApiError::MaybeUpstream {
            status: None,
            retry_after: None,
        },
        ApiError::Tuple(
            "null".into(),
            vec![0, 255],
            -7,
            json!({"nested": [1, "two", null, {"x": 1.5}]}),
        ),
        ApiError::Tuple(String::new(), vec![], i64::MIN, json!("42")),
        ApiError::Unit,
        ApiError::Auth(AuthError::Forbidden {
            scope: "scans:write".into(),
        }),
        ApiError::Auth(AuthError::Token(TokenError::Expired {
            expired_at: 1_700_000_000,
        })),
        ApiError::Auth(AuthError::Token(TokenError::Malformed)),
    ]
}

#[test]
fn every_kind_of_variant_rebuilds_from_the_status() {
    for e in api_errors() {
        rebuilds(&e);
    }
    rebuilds(&Conflict {
        version: 3,
        instance: Some("/docs/1".into()),
    });
    rebuilds(&Conflict {
        version: 0,
        instance: None,
    });
    rebuilds(&Generic::<Value, TokenError>::Value {
        value: json!([1, {"a": "b"}]),
    });
    rebuilds(&Generic::<u8, TokenError>::Inner(TokenError::Malformed));
}

#[test]
fn wrapped_and_flat_types_rebuild_from_the_status() {
    for e in [
        WrappedError::Quota {
            limit: 5,
            scope: None,
            window: Window {
                unit: "hour".into(),
                size: 2,
            },
            retry_after: 60,
        },
        WrappedError::Invalid {
            errors: field_errors(),
            instance: "/b".into(),
            count: 2,
        },
        WrappedError::Upstream {
            status: 503,
            retry_after: Some(Duration::from_secs(3)),
            instance: None,
            node: "n-1".into(),
        },
        WrappedError::Shadow {
            again: "yes".into(),
            version: Some(2),
            message: Some("m".into()),
        },
        WrappedError::Unit,
        WrappedError::Auth(AuthError::Token(TokenError::Malformed)),
    ] {
        rebuilds(&e);
    }
    for e in [
        FlatError::NotFound {
            room: 7,
            hint: Some("try 8".into()),
        },
        FlatError::Invalid {
            errors: field_errors(),
            instance: Some("/rooms".into()),
        },
        FlatError::Busy(Some(502), Duration::from_secs(9), "n-2".into()),
        FlatError::Busy(None, Duration::ZERO, String::new()),
        FlatError::Echo {
            message: "hi".into(),
            details: vec![1, 2],
            error: None,
        },
        FlatError::Gone,
        FlatError::Conflict(Conflict {
            version: 1,
            instance: None,
        }),
    ] {
        rebuilds(&e);
    }
}

#[test]
fn variants_that_cannot_be_rebuilt_still_read_as_their_details() {
    for e in [
        ApiError::Plain {
            what: "thing".into(),
        },
        ApiError::Mixed {
            id: 1,
            secret: "s".into(),
        },
        ApiError::WriteOnlyExt {
            value: WriteOnly(3),
        },
        ApiError::Borrowed { name: "n" },
    ] {
        let details = round_trip(&e);
        assert_eq!(ApiError::from_problem(&details), None);
    }
}

#[test]
fn an_envelope_carries_its_context() {
    let e = ApiError::Upstream {
        status: 503,
        retry_after: Duration::from_secs(1),
        instance: None,
    };
    let envelope = e
        .envelope()
        .instance("/jobs/9")
        .request_id("req-9")
        .trace_id("0af7651916cd43dd8448eb211c80319c");
    let received = over_the_wire(to_status(&envelope));
    let details = details_from_status(&received);
    assert_eq!(details, envelope.to_details());
    assert_eq!(details.request_id.as_deref(), Some("req-9"));
    assert_eq!(details.instance.as_deref(), Some("/jobs/9"));
    // The envelope's instance fills the `Option` field.
    assert_eq!(
        ApiError::from_problem(&details),
        Some(ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(1),
            instance: Some("/jobs/9".into()),
        })
    );
}

#[test]
fn every_conversion_gives_the_same_status() {
    let e = invalid_order();
    let expected = details_from_status(&to_status(&e));
    let statuses = [
        Status::from(e.clone()),
        e.to_status(),
        ToStatus::to_status(&e),
        Status::from(e.envelope()),
        Status::from(e.to_details()),
        to_status(&e.to_details()),
    ];
    for status in statuses {
        assert_eq!(status.code(), Code::FailedPrecondition);
        assert_eq!(details_from_status(&status), expected);
        assert_eq!(ProblemDetails::from(&status), expected);
        assert_eq!(ProblemDetails::from(status), expected);
    }
    // A generic type converts too.
    let status: Status = Generic::<Value, TokenError>::Value { value: json!(1) }.into();
    assert_eq!(status.code(), Code::InvalidArgument);
}

#[test]
fn problem_details_are_forwarded_as_they_are() {
    // A gateway passing an HTTP problem on: its 5xx detail included.
    let details = ProblemDetails::from_response(
        503,
        Some("application/problem+json"),
        br#"{"type":"https://up.example/e/busy","title":"Busy","status":503,"detail":"queue full","code":"up.busy","request_id":"r-1","depth":12,"retry_after":4,"errors":[{"path":"/q","code":"full"}]}"#,
    );
    let received = over_the_wire(to_status(&details));
    assert_eq!(received.code(), Code::Unavailable);
    assert_eq!(received.message(), "queue full");
    assert_eq!(details_from_status(&received), details);
    // A `retry_after` that is not whole seconds stays an extension member.
    let mut odd = details.clone();
    odd.extensions.insert("retry_after".into(), json!("soon"));
    assert_eq!(details_from_status(&over_the_wire(to_status(&odd))), odd);
}

/// Values within the documented limits of the gRPC form: a retry-after
/// that fits `RetryInfo` (about 10,000 years), and no field error whose
/// detail is exactly its code (`description` is the detail, else the code).
fn within_grpc_limits(e: ApiError) -> ApiError {
    const MAX: u64 = 315_576_000_000;
    match e {
        ApiError::Quota {
            limit,
            window,
            scope,
            retry_after,
        } => ApiError::Quota {
            limit,
            window,
            scope,
            retry_after: retry_after % MAX,
        },
        ApiError::Upstream {
            status,
            retry_after,
            instance,
        } => ApiError::Upstream {
            status,
            retry_after: Duration::from_secs(retry_after.as_secs() % MAX),
            instance,
        },
        ApiError::MaybeUpstream {
            status,
            retry_after,
        } => ApiError::MaybeUpstream {
            status,
            retry_after: retry_after.map(|d| Duration::from_secs(d.as_secs() % MAX)),
        },
        ApiError::Invalid {
            errors,
            instance,
            count,
        } => ApiError::Invalid {
            errors: errors
                .into_iter()
                .map(|e| FieldError {
                    detail: e.detail.filter(|d| *d != e.code),
                    ..e
                })
                .collect(),
            instance,
            count,
        },
        other => other,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_values_rebuild_over_the_wire(e in strategies::api_error().prop_map(within_grpc_limits)) {
        let received = over_the_wire(to_status(&e));
        let details = details_from_status(&received);
        prop_assert_eq!(&details, &e.to_details());
        prop_assert_eq!(ApiError::from_problem(&details), Some(e));
    }
}

// ---------------------------------------------------------------------------
// Statuses from servers that do not use this crate

const CODE_NAMES: [(Code, &str, u16); 17] = [
    (Code::Ok, "ok", 200),
    (Code::Cancelled, "cancelled", 499),
    (Code::Unknown, "unknown", 500),
    (Code::InvalidArgument, "invalid_argument", 400),
    (Code::DeadlineExceeded, "deadline_exceeded", 504),
    (Code::NotFound, "not_found", 404),
    (Code::AlreadyExists, "already_exists", 409),
    (Code::PermissionDenied, "permission_denied", 403),
    (Code::ResourceExhausted, "resource_exhausted", 429),
    (Code::FailedPrecondition, "failed_precondition", 400),
    (Code::Aborted, "aborted", 409),
    (Code::OutOfRange, "out_of_range", 400),
    (Code::Unimplemented, "unimplemented", 501),
    (Code::Internal, "internal", 500),
    (Code::Unavailable, "unavailable", 503),
    (Code::DataLoss, "data_loss", 500),
    (Code::Unauthenticated, "unauthenticated", 401),
];

#[test]
fn a_plain_status_is_grpc_and_its_code_name() {
    for (code, name, http) in CODE_NAMES {
        assert_eq!(http_status(code), http);
        let status = Status::new(code, "it went wrong");
        // An `Ok` status is not an error on the wire: read it as it is.
        let received = if code == Code::Ok {
            status
        } else {
            over_the_wire(status)
        };
        assert_eq!(received.code(), code);
        let details = details_from_status(&received);
        let title = problem_core::reason_phrase(http).unwrap_or(code.description());
        assert_eq!(
            details,
            ProblemDetails {
                title: Some(title.to_owned()),
                status: Some(http),
                detail: Some("it went wrong".into()),
                code: Some(format!("grpc.{name}")),
                ..ProblemDetails::default()
            }
        );
        assert_eq!(ApiError::from_problem(&details), None);
    }
    let details = details_from_status(&over_the_wire(Status::not_found("")));
    assert_eq!(details.detail, None);
    assert_eq!(details.title.as_deref(), Some("Not Found"));
    assert_eq!(
        details_from_status(&over_the_wire(Status::cancelled("")))
            .title
            .as_deref(),
        Some("The operation was cancelled")
    );
}

#[test]
fn another_servers_error_info_gives_its_reason_and_metadata() {
    let metadata = HashMap::from([
        ("service".to_owned(), "pubsub.googleapis.com".to_owned()),
        ("consumer".to_owned(), "projects/123".to_owned()),
        ("quota".to_owned(), "100".to_owned()),
        // Named like a standard member: not an extension.
        ("code".to_owned(), "ignored".to_owned()),
    ]);
    let mut rich = ErrorDetails::with_error_info("API_DISABLED", "googleapis.com", metadata);
    rich.set_retry_info(Some(Duration::from_millis(10)));
    rich.add_bad_request_violation("topic", "must not be empty");
    rich.set_debug_info(vec!["frame".into()], "stack");
    rich.set_localized_message("de-DE", "API deaktiviert");
    rich.set_request_info("", "serving data");
    let sent = Status::with_error_details(Code::PermissionDenied, "API disabled", rich);
    let details = details_from_status(&over_the_wire(sent));
    assert_eq!(
        details,
        ProblemDetails {
            title: Some("Forbidden".into()),
            status: Some(403),
            detail: Some("API disabled".into()),
            code: Some("API_DISABLED".into()),
            errors: vec![FieldError {
                path: "topic".into(),
                code: String::new(),
                detail: Some("must not be empty".into()),
            }],
            extensions: [
                ("service", json!("pubsub.googleapis.com")),
                ("consumer", json!("projects/123")),
                ("quota", json!(100)),
                ("retry_after", json!(1)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            ..ProblemDetails::default()
        }
    );
}

/// `google.rpc.Status`, with the message as bytes (a string is bytes on the
/// wire) so that it can be made invalid UTF-8.
#[derive(Clone, PartialEq, prost::Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(bytes = "vec", tag = "2")]
    message: Vec<u8>,
    #[prost(message, repeated, tag = "3")]
    details: Vec<Any>,
}

/// `google.protobuf.Any`.
#[derive(Clone, PartialEq, prost::Message)]
struct Any {
    #[prost(string, tag = "1")]
    type_url: String,
    #[prost(bytes = "vec", tag = "2")]
    value: Vec<u8>,
}

fn packed(type_url: &str, value: &[u8]) -> Any {
    Any {
        type_url: type_url.into(),
        value: value.to_vec(),
    }
}

fn encoded(status: &RpcStatus) -> Vec<u8> {
    prost::Message::encode_to_vec(status)
}

/// The encoded `RetryInfo` of a 7-second delay: `retry_delay` (1) is a
/// `Duration` whose `seconds` (1) is 7.
const RETRY_7S: &[u8] = &[0x0a, 0x02, 0x08, 0x07];

#[test]
fn malformed_details_are_skipped_one_by_one() {
    let rpc = RpcStatus {
        code: 14,
        message: b"down".to_vec(),
        details: vec![
            packed("type.googleapis.com/google.rpc.ErrorInfo", b"\xff\xff\xff"),
            packed("type.googleapis.com/acme.Custom", b"anything"),
            packed("", b""),
            packed("type.googleapis.com/google.rpc.RetryInfo", RETRY_7S),
            packed("type.googleapis.com/google.rpc.BadRequest", b"\x0a\x05"),
        ],
    };
    let sent = Status::with_details(Code::Unavailable, "down", encoded(&rpc).into());
    let details = details_from_status(&over_the_wire(sent));
    assert_eq!(details.code.as_deref(), Some("grpc.unavailable"));
    assert_eq!(details.status, Some(503));
    assert_eq!(details.detail.as_deref(), Some("down"));
    assert_eq!(details.retry_after(), Some(7));
    assert!(details.errors.is_empty());
}

#[test]
fn detail_bytes_that_are_not_a_google_rpc_status_are_skipped() {
    let valid = encoded(&RpcStatus {
        code: 5,
        message: b"gone".to_vec(),
        details: vec![packed("type.googleapis.com/google.rpc.RetryInfo", RETRY_7S)],
    });
    let invalid_utf8 = encoded(&RpcStatus {
        code: 5,
        message: b"\xc3\x28".to_vec(),
        details: vec![packed("type.googleapis.com/google.rpc.RetryInfo", RETRY_7S)],
    });
    for bytes in [
        b"\xff\x00garbage".to_vec(),
        valid[..valid.len() - 2].to_vec(),
        invalid_utf8,
        vec![0x1a, 0xff, 0xff, 0xff, 0xff, 0x0f],
    ] {
        let sent = Status::with_details(Code::NotFound, "gone", bytes.clone().into());
        let details = details_from_status(&over_the_wire(sent));
        assert_eq!(details.code.as_deref(), Some("grpc.not_found"), "{bytes:?}");
        assert_eq!(details.detail.as_deref(), Some("gone"));
        assert_eq!(details.retry_after(), None);
    }
    // The same detail, well formed, is read.
    let sent = Status::with_details(Code::NotFound, "gone", valid.into());
    assert_eq!(
        details_from_status(&over_the_wire(sent)).retry_after(),
        Some(7)
    );
}

#[test]
fn raw_statuses_from_a_hand_written_server() {
    let cases: [(u16, RawHeaders<'_>, Code); 6] = [
        // A message that is not UTF-8 once percent-decoded: tonic says so.
        (
            200,
            &[
                ("content-type", b"application/grpc"),
                ("grpc-status", b"5"),
                ("grpc-message", b"%FF%FEnot utf-8"),
            ],
            Code::Unknown,
        ),
        // Raw non-ASCII bytes that are not UTF-8.
        (
            200,
            &[
                ("content-type", b"application/grpc"),
                ("grpc-status", b"3"),
                ("grpc-message", b"caf\xe9"),
            ],
            Code::Unknown,
        ),
        // A code that is not a number.
        (
            200,
            &[
                ("content-type", b"application/grpc"),
                ("grpc-status", b"abc"),
                ("grpc-message", b"what"),
            ],
            Code::Unknown,
        ),
        // Detail bytes (valid base64) that are not a google.rpc.Status.
        (
            200,
            &[
                ("content-type", b"application/grpc"),
                ("grpc-status", b"14"),
                ("grpc-message", b"down"),
                ("grpc-status-details-bin", b"//79/Pv6+fg"),
            ],
            Code::Unavailable,
        ),
        // An HTTP error without a gRPC status: tonic maps the HTTP status.
        (503, &[("content-type", b"text/html")], Code::Unavailable),
        (
            404,
            &[("content-type", b"application/grpc")],
            Code::Unimplemented,
        ),
    ];
    for (http, headers, code) in cases {
        let received = raw_over_the_wire(http, headers);
        assert_eq!(received.code(), code, "{headers:?}");
        let details = details_from_status(&received);
        let name = CODE_NAMES.iter().find(|(c, ..)| *c == code).unwrap().1;
        assert_eq!(details.code, Some(format!("grpc.{name}")));
        assert_eq!(details.status, Some(http_status(code)));
        assert!(details.extensions.is_empty());
    }
}

fn any_detail() -> impl Strategy<Value = Any> {
    let type_url = prop_oneof![
        Just("type.googleapis.com/google.rpc.ErrorInfo".to_owned()),
        Just("type.googleapis.com/google.rpc.RetryInfo".to_owned()),
        Just("type.googleapis.com/google.rpc.BadRequest".to_owned()),
        Just("type.googleapis.com/google.rpc.RequestInfo".to_owned()),
        Just("type.googleapis.com/google.rpc.DebugInfo".to_owned()),
        ".*",
    ];
    (type_url, proptest::collection::vec(any::<u8>(), 0..48))
        .prop_map(|(type_url, value)| Any { type_url, value })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1024,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_status_reads_without_panicking(
        code in any::<i32>(),
        message in ".*",
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
        rich in proptest::collection::vec(any_detail(), 0..4),
        rpc_message in proptest::collection::vec(any::<u8>(), 0..8),
        structured in any::<bool>(),
    ) {
        let bytes = if structured {
            encoded(&RpcStatus { code, message: rpc_message, details: rich })
        } else {
            bytes
        };
        let status = Status::with_details(Code::from_i32(code), message, bytes.into());
        let details = details_from_status(&status);
        prop_assert!(details.code.is_some());
        prop_assert!(details.status.is_some());
        prop_assert!(details.title.is_some());
    }
}

// ---------------------------------------------------------------------------
// The example

/// Serves the example's method on the wire's runtime.
fn example_channel() -> Channel {
    static CHANNEL: OnceLock<Channel> = OnceLock::new();
    CHANNEL
        .get_or_init(|| {
            let wire = wire();
            wire.rt.block_on(async {
                let addr = spawn_server(Unary::new(GET_SCAN, grpc_service::get_scan)).await;
                connect(addr).await.unwrap()
            })
        })
        .clone()
}

#[test]
fn the_example_serves_the_quickstart_enum() {
    let channel = example_channel();
    let rt = &wire().rt;
    let scan: Scan = rt
        .block_on(call(
            channel.clone(),
            GET_SCAN,
            tonic::Request::new(GetScanRequest { id: 1 }),
        ))
        .unwrap();
    assert_eq!(scan.target, "example.com");

    for id in [401, 403, 422, 7, 429, 500, 502, 503] {
        let err: ServiceError = grpc_service::lookup(id).unwrap_err();
        // Without a request id: the error converted with `?`.
        let received = rt
            .block_on(call::<_, Scan>(
                channel.clone(),
                GET_SCAN,
                tonic::Request::new(GetScanRequest { id }),
            ))
            .unwrap_err();
        assert_eq!(received.code(), grpc_code(err.status()), "{id}");
        assert_eq!(details_from_status(&received), err.to_details());
        // With one: through the envelope.
        let mut request = tonic::Request::new(GetScanRequest { id });
        request
            .metadata_mut()
            .insert("x-request-id", "req-42".parse().unwrap());
        let received = rt
            .block_on(call::<_, Scan>(channel.clone(), GET_SCAN, request))
            .unwrap_err();
        assert_eq!(
            details_from_status(&received),
            err.envelope().request_id("req-42").to_details()
        );
        let rebuilt = ServiceError::from_problem(&details_from_status(&received));
        assert_eq!(
            rebuilt.map(|e| format!("{e:?}")),
            ServiceError::from_problem(&err.to_details()).map(|e| format!("{e:?}")),
        );
    }
    // The internal error's cause stays in the server.
    let received = rt
        .block_on(call::<_, Scan>(
            channel,
            GET_SCAN,
            tonic::Request::new(GetScanRequest { id: 500 }),
        ))
        .unwrap_err();
    assert!(!anywhere(&received, "10.0.0.7"));
}

#[test]
fn example_port_argument() {
    assert_eq!(grpc_service::port(None), Ok(50051));
    assert_eq!(grpc_service::port(Some("8080")), Ok(8080));
    assert!(
        grpc_service::port(Some("grpc"))
            .unwrap_err()
            .contains("usage")
    );
}

#[test]
fn example_binary_serves_and_prints_what_its_client_reads() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(example_binary("grpc_service"))
        .arg("0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 || line.starts_with("serving") {
            break;
        }
        lines.push(line.trim_end().to_owned());
    }
    let addr: SocketAddr = lines[0]
        .strip_prefix("gRPC scan service on http://")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("first line {:?}", lines[0]))
        .parse()
        .unwrap();
    // The process answers another client too.
    let rt = &wire().rt;
    let received = rt
        .block_on(async {
            let channel = connect(addr).await.unwrap();
            call::<_, Scan>(
                channel,
                GET_SCAN,
                tonic::Request::new(GetScanRequest { id: 7 }),
            )
            .await
        })
        .unwrap_err();
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdout);
    assert_eq!(
        details_from_status(&received),
        ServiceError::ScanNotFound { id: 7 }.to_details()
    );
    // One line per call, each naming the code the status has.
    let calls = &lines[1..];
    assert_eq!(calls.len(), 8, "{lines:#?}");
    assert!(calls[0].starts_with("GetScan(1) -> Scan {"), "{}", calls[0]);
    for (line, id) in calls[1..].iter().zip([401, 403, 422, 7, 429, 502, 500]) {
        let code = grpc_code(grpc_service::lookup(id).unwrap_err().status());
        assert!(
            line.starts_with(&format!("GetScan({id}) -> {code:?} ")),
            "{line}"
        );
    }

    let out = Command::new(example_binary("grpc_service"))
        .arg("nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: grpc_service [PORT]"));
}
