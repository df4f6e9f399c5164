//! `http` feature: `status_code()` and `to_response()` for derived types,
//! envelopes with context, and `ProblemDetails`; exact headers and bytes.

use std::time::Duration;

use http::StatusCode;
use problem_core::http::ProblemExt;
use problem_core::{FromProblem, Problem, ProblemDetails};
use relayed::Relayed;

#[path = "support/relayed.rs"]
mod relayed;

#[derive(Debug, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum UploadError {
    #[problem(
        code = "uploads.too_large",
        status = 413,
        detail = "at most {max} bytes"
    )]
    TooLarge {
        #[problem(extension)]
        max: u64,
    },
    #[problem(code = "uploads.busy", status = 503)]
    Busy {
        #[problem(retry_after)]
        retry_after: Duration,
    },
    #[problem(code = "uploads.relayed", status = 502)]
    Relayed {
        #[problem(status)]
        status: u16,
    },
    #[problem(code = "uploads.at", status = 409)]
    At {
        #[problem(instance)]
        instance: String,
    },
}

fn headers(r: &http::Response<Vec<u8>>) -> Vec<(String, String)> {
    r.headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect()
}

fn body(r: &http::Response<Vec<u8>>) -> &str {
    std::str::from_utf8(r.body()).unwrap()
}

#[test]
fn derived_problem_response() {
    let err = UploadError::TooLarge { max: 1024 };
    assert_eq!(err.status_code(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = err.to_response();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        headers(&r),
        [(
            "content-type".to_owned(),
            "application/problem+json".to_owned()
        )]
    );
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.too_large","title":"Content Too Large","status":413,"detail":"at most 1024 bytes","code":"uploads.too_large","max":1024}"#
    );
    assert_eq!(r.body(), &problem_core::to_vec(&err));
    let details = ProblemDetails::from_response(
        r.status().as_u16(),
        r.headers().get("content-type").map(|v| v.to_str().unwrap()),
        r.body(),
    );
    assert_eq!(UploadError::from_problem(&details), Some(err));
}

#[test]
fn retry_after_header_rounds_durations_up() {
    let err = UploadError::Busy {
        retry_after: Duration::from_millis(2500),
    };
    let r = err.to_response();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        headers(&r),
        [
            (
                "content-type".to_owned(),
                "application/problem+json".to_owned()
            ),
            ("retry-after".to_owned(), "3".to_owned()),
        ]
    );
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.busy","title":"Service Unavailable","status":503,"code":"uploads.busy","retry_after":3}"#
    );
}

#[test]
fn status_field_wins_and_other_statuses_are_ignored() {
    let r = UploadError::Relayed { status: 504 }.to_response();
    assert_eq!(r.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(body(&r).contains(r#""status":504"#));
    // Not an error status: the declared status, on the response and in the body.
    let r = UploadError::Relayed { status: 42 }.to_response();
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.relayed","title":"Bad Gateway","status":502,"code":"uploads.relayed"}"#
    );
    assert_eq!(
        UploadError::Relayed { status: 1000 }.status_code(),
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        UploadError::Relayed { status: 204 }.status_code(),
        StatusCode::BAD_GATEWAY
    );
}

#[test]
fn envelope_response_carries_its_context() {
    let err = UploadError::TooLarge { max: 1 };
    let env = err.envelope().instance("/uploads/9").request_id("r-1");
    assert_eq!(env.status_code(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = env.to_response();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.too_large","title":"Content Too Large","status":413,"detail":"at most 1 bytes","instance":"/uploads/9","code":"uploads.too_large","request_id":"r-1","max":1}"#
    );
    // A field's instance wins over the envelope's.
    let at = UploadError::At {
        instance: "/mine".into(),
    };
    let r = at.envelope().instance("/theirs").to_response();
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.at","title":"Conflict","status":409,"instance":"/mine","code":"uploads.at"}"#
    );
}

#[test]
fn details_response() {
    let mut details = UploadError::Busy {
        retry_after: Duration::from_secs(7),
    }
    .to_details();
    details.request_id = Some("abc".into());
    assert_eq!(details.status_code(), StatusCode::SERVICE_UNAVAILABLE);
    let r = details.to_response();
    assert_eq!(r.status(), 503);
    assert_eq!(
        headers(&r),
        [
            (
                "content-type".to_owned(),
                "application/problem+json".to_owned()
            ),
            ("retry-after".to_owned(), "7".to_owned()),
        ]
    );
    assert_eq!(
        body(&r),
        r#"{"type":"https://docs.example.com/errors/uploads.busy","title":"Service Unavailable","status":503,"code":"uploads.busy","request_id":"abc","retry_after":7}"#
    );
    assert_eq!(r.body(), &serde_json::to_vec(&details).unwrap());

    // A transport error (status 0) or no status at all answers 500, says
    // so in the body, and keeps its detail (the client's side) off the wire.
    let transport = ProblemDetails::transport("GET https://internal/?token=s3cr3t: refused");
    assert_eq!(transport.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(transport.to_response().status(), 500);
    assert_eq!(
        body(&transport.to_response()),
        r#"{"type":"about:blank","title":"Transport error","status":500,"code":"transport.error"}"#
    );
    let none = ProblemDetails {
        status: None,
        detail: Some("written for the logs".into()),
        ..ProblemDetails::default()
    };
    assert_eq!(none.to_response().status(), 500);
    assert_eq!(
        body(&none.to_response()),
        r#"{"type":"about:blank","status":500}"#
    );
}

#[test]
fn request_problem_is_a_problem_like_any_other() {
    let p = problem_core::RequestProblem::NotFound {
        instance: "/nope".into(),
    };
    let r = p.to_response();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body(&r),
        r#"{"type":"about:blank","title":"Resource not found","status":404,"detail":"no resource matches this path","instance":"/nope","code":"resource.not_found"}"#
    );
    assert_eq!(
        p.to_string(),
        "Resource not found: no resource matches this path"
    );
    let codes: Vec<&str> = <problem_core::RequestProblem as Problem>::CATALOG
        .iter()
        .map(|s| s.code)
        .collect();
    assert_eq!(
        codes,
        [
            "validation.body_unparseable",
            "validation.body_invalid",
            "validation.content_type",
            "validation.body_too_large",
            "validation.body_unreadable",
            "validation.query_invalid",
            "validation.parameter_type_mismatch",
            "validation.path_invalid",
            "validation.request_rejected",
            "resource.not_found",
            "resource.method_not_allowed",
            "server.extractor_misconfigured",
        ]
    );
}

#[test]
fn a_hand_written_problem_without_an_error_status_is_a_500_without_its_detail() {
    let secret = relayed::SECRET;
    let relayed = Relayed(ProblemDetails::transport(secret));
    let expected =
        r#"{"type":"about:blank","title":"Upstream failed","status":500,"code":"upstream.failed"}"#;
    let response = relayed.to_response();
    assert_eq!(response.status(), 500);
    assert_eq!(body(&response), expected);
    assert_eq!(problem_core::to_vec(&relayed), expected.as_bytes());
    assert_eq!(
        serde_json::to_string(&relayed.envelope()).unwrap(),
        expected
    );
    assert_eq!(relayed.to_details().status, Some(500));
    // The logs see what the wire does not.
    let report = problem_core::observe::ProblemReport::of(&relayed);
    assert_eq!(report.status, 500);
    assert_eq!(report.detail.as_deref(), Some(secret));
    assert!(report.detail_withheld);
    // With an error status, a hand-written problem's detail is its own
    // choice, 5xx included.
    let mut upstream = ProblemDetails::transport("maintenance until noon");
    upstream.status = Some(503);
    assert!(
        body(&Relayed(upstream).to_response()).contains(r#""detail":"maintenance until noon""#)
    );
}
