//! The checks every generated input goes through: `from_response` against an
//! oracle, a second trip through the wire, and typed decoding. Shared by
//! `tests/test_client_fuzz.rs` and the fuzz targets in `fuzz/`.
#![allow(dead_code)]

use problem_core::{CONTENT_TYPE, FromProblem, Problem, ProblemDetails, is_json_media_type};
use serde_json::Value;

use crate::model::{ApiError, AuthError, Conflict, Generic, TokenError};

/// The members `ProblemDetails` has a field for.
pub const STANDARD: [&str; 9] = [
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "request_id",
    "trace_id",
    "errors",
];

/// Equal JSON, allowing floats one rounding apart (serde_json reads floats
/// without the `float_roundtrip` feature).
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// What the synthesised `detail` must be: the first 500 characters, lossily.
pub fn expected_detail(body: &[u8]) -> Option<String> {
    let detail: String = String::from_utf8_lossy(body).chars().take(500).collect();
    (!detail.trim().is_empty()).then_some(detail)
}

/// Decodes `p` into `E` and, when it succeeds, checks the value is consistent
/// with the details and survives re-encoding.
pub fn check_decode<E: Problem + FromProblem + PartialEq + std::fmt::Debug>(
    p: &ProblemDetails,
) -> bool {
    let Some(e) = E::from_problem(p) else {
        return false;
    };
    let code = p.code.as_deref().expect("decoded without a code");
    let spec = E::CATALOG
        .find(code)
        .expect("decoded a code the catalog does not know");
    assert_eq!(
        spec.code,
        e.code(),
        "decoded {code} into another variant: {e:?}"
    );
    assert_eq!(
        E::from_problem(&e.to_details()).as_ref(),
        Some(&e),
        "decoded value does not survive re-encoding"
    );
    true
}

#[derive(Default)]
pub struct Counts {
    pub inputs: usize,
    pub parsed: usize,
    pub synthesised: usize,
    pub decoded: usize,
}

pub fn check(status: u16, content_type: Option<&str>, body: &[u8], counts: &mut Counts) {
    counts.inputs += 1;
    let p = ProblemDetails::from_response(status, content_type, body);

    // Invariants of every result.
    assert!(p.status.is_some(), "no status");
    assert!(!p.type_uri.is_empty(), "empty type");
    assert!(
        p.extensions.keys().all(|k| !STANDARD.contains(&k.as_str())),
        "a standard member in extensions"
    );

    // The oracle: parsed when the media type allows JSON and the body is an object.
    let json_allowed = content_type.is_none_or(|ct| ct.trim().is_empty() || is_json_media_type(ct));
    let unbommed = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
    match serde_json::from_slice::<Value>(unbommed) {
        Ok(Value::Object(obj)) if json_allowed => {
            counts.parsed += 1;
            let code = obj.get("code").and_then(Value::as_str);
            assert_eq!(p.code.as_deref(), code);
            let wire_status = obj
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok());
            if let Some(s) = wire_status {
                assert_eq!(p.status, Some(s));
            }
            for (k, v) in &p.extensions {
                assert_eq!(obj.get(k), Some(v), "extension {k} changed");
            }
            let kept = obj
                .keys()
                .filter(|k| !STANDARD.contains(&k.as_str()))
                .count();
            assert_eq!(p.extensions.len(), kept, "an unknown member was lost");
        }
        _ => {
            counts.synthesised += 1;
            let expected = ProblemDetails {
                title: Some(
                    problem_core::reason_phrase(status)
                        .unwrap_or("HTTP error")
                        .to_owned(),
                ),
                status: Some(status),
                detail: expected_detail(body),
                code: Some(format!("http.{status}")),
                ..ProblemDetails::default()
            };
            assert_eq!(p, expected);
        }
    }

    // Written back and read again: the same details.
    let bytes = serde_json::to_vec(&p).unwrap();
    let again = ProblemDetails::from_response(status, Some(CONTENT_TYPE), &bytes);
    assert!(
        same_json(
            &serde_json::to_value(&again).unwrap(),
            &serde_json::to_value(&p).unwrap()
        ),
        "not stable: {p:?} then {again:?}"
    );

    // Typed decoding never panics, and what it decodes is consistent.
    let decoded = decode_all(&p);
    if decoded.iter().any(|d| *d) {
        counts.decoded += 1;
    }
}

/// Decodes `p` into each type of the model (see [`check_decode`]): which succeeded.
pub fn decode_all(p: &ProblemDetails) -> [bool; 5] {
    [
        check_decode::<ApiError>(p),
        check_decode::<AuthError>(p),
        check_decode::<Generic<Value, ApiError>>(p),
        check_decode::<Generic<u8, TokenError>>(p),
        check_decode::<Conflict>(p),
    ]
}
