//! The checks every generated input goes through: `from_response` against an
//! oracle, a second trip through the wire, and typed decoding. Shared by
//! `tests/test_client_fuzz.rs` and the fuzz targets in `fuzz/`.
//!
//! The oracle says, in its own words, what the details of a body must be: it
//! tells the three envelope shapes apart (RFC 9457, wrapped, flat), lays out
//! which member of the body each RFC 9457 member and extension comes from,
//! and builds the whole expected `ProblemDetails` from that, to compare with
//! what `from_response` gives.
#![allow(dead_code)]

use problem_core::{
    CONTENT_TYPE, FieldError, FromProblem, Problem, ProblemDetails, is_json_media_type,
};
use serde_json::{Map, Value};

use crate::model::{ApiError, AuthError, Conflict, FlatError, Generic, TokenError, WrappedError};

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

/// The shape a parsed object is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Rfc9457,
    Wrapped,
    Flat,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Rfc9457, Shape::Wrapped, Shape::Flat];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Which shape an object is:
///
/// - a `type`, `title` or `detail` member (of any JSON type) is only ever
///   written by RFC 9457: such an object is RFC 9457, whatever else it has;
/// - otherwise, an object without any `code` member whose `error` member is
///   an object with a string `code` is wrapped;
/// - otherwise, an object with a string `code` and a `message` member (of
///   any JSON type) is flat;
/// - anything else is RFC 9457 (an object of unknown members, read as it is).
pub fn shape_of(obj: &Map<String, Value>) -> Shape {
    let has = |key: &str| obj.contains_key(key);
    let string_code = |o: &Map<String, Value>| matches!(o.get("code"), Some(Value::String(_)));
    if has("type") || has("title") || has("detail") {
        Shape::Rfc9457
    } else if !has("code") && matches!(obj.get("error"), Some(Value::Object(e)) if string_code(e)) {
        Shape::Wrapped
    } else if string_code(obj) && has("message") {
        Shape::Flat
    } else {
        Shape::Rfc9457
    }
}

/// The layers an envelope's members are read from, the one that wins first.
///
/// RFC 9457: the object alone. Flat: the layers of the object as an
/// envelope (see [`envelope_layers`]). Wrapped: the layers of its `error`
/// object, then the object's own members beside `error` (minus
/// `schema_version`, which says nothing about the problem): a member of
/// `error` or of its `details` wins over a top-level member of the same name.
pub fn layers(obj: &Map<String, Value>) -> (Shape, Vec<Map<String, Value>>) {
    let shape = shape_of(obj);
    let layers = match shape {
        Shape::Rfc9457 => vec![obj.clone()],
        Shape::Flat => envelope_layers(obj),
        Shape::Wrapped => {
            let Some(Value::Object(error)) = obj.get("error") else {
                unreachable!("wrapped without an error object")
            };
            let mut layers = envelope_layers(error);
            let beside: Map<String, Value> = obj
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "error" | "schema_version"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            layers.push(beside);
            layers
        }
    };
    (shape, layers)
}

/// The layers of a flat envelope, or of a wrapped envelope's `error`:
///
/// 1. when `details` is an object, its members `instance` and `errors` and
///    every member not named like a standard member; those named `code`,
///    `title`, `type`, `status`, `detail`, `request_id` or `trace_id` cannot
///    override the envelope's own, and are kept together as the object
///    `details`;
/// 2. the envelope's own members, with `message` read as the `detail` (it
///    replaces a `detail` member, and is dropped when not a string, as a
///    `detail` of another type is), and `details` kept as an extension
///    when it is not an object.
pub fn envelope_layers(env: &Map<String, Value>) -> Vec<Map<String, Value>> {
    let mut from_details = Map::new();
    if let Some(Value::Object(details)) = env.get("details") {
        let mut shadowed = Map::new();
        for (k, v) in details {
            if matches!(k.as_str(), "instance" | "errors") || !STANDARD.contains(&k.as_str()) {
                from_details.insert(k.clone(), v.clone());
            } else {
                shadowed.insert(k.clone(), v.clone());
            }
        }
        if !shadowed.is_empty() {
            from_details.insert("details".to_owned(), Value::Object(shadowed));
        }
    }
    let mut own = Map::new();
    for (k, v) in env {
        match k.as_str() {
            "message" => {
                own.insert("detail".to_owned(), v.clone());
            }
            "detail" if env.contains_key("message") => {}
            "details" if v.is_object() => {}
            _ => {
                own.insert(k.clone(), v.clone());
            }
        }
    }
    vec![from_details, own]
}

/// Every member the envelope carries, each with the value of the first layer
/// that has it.
pub fn members(layers: &[Map<String, Value>]) -> Map<String, Value> {
    let mut names: Vec<&String> = layers.iter().flat_map(Map::keys).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let value = layers.iter().find_map(|l| l.get(name)).unwrap();
            (name.clone(), value.clone())
        })
        .collect()
}

/// A `status` member as the details read it: a JSON number whose value is
/// a whole number in `0..=65535` (`404.0` counts, `"404"` and `404.5` do not).
pub fn wire_status(value: &Value) -> Option<u16> {
    let Value::Number(n) = value else { return None };
    if let Some(u) = n.as_u64() {
        return u16::try_from(u).ok();
    }
    if n.is_i64() {
        return None; // negative
    }
    let f = n.as_f64()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (f.trunc() == f && (0.0..=65535.0).contains(&f)).then_some(f as u16)
}

/// An `errors` entry as the details read it: an object with a string `path`
/// and a string `code`; a `detail` that is not a string is dropped.
pub fn field_error(value: &Value) -> Option<FieldError> {
    let Value::Object(o) = value else { return None };
    let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(FieldError {
        path: text("path")?,
        code: text("code")?,
        detail: text("detail"),
    })
}

/// The details a parsed object must give, received with HTTP status `status`.
pub fn expected_details(obj: &Map<String, Value>, status: u16) -> (Shape, ProblemDetails) {
    let (shape, layers) = layers(obj);
    let m = members(&layers);
    let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
    let expected = ProblemDetails {
        type_uri: text("type")
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "about:blank".to_owned()),
        title: text("title"),
        status: Some(m.get("status").and_then(wire_status).unwrap_or(status)),
        detail: text("detail"),
        instance: text("instance"),
        code: text("code"),
        request_id: text("request_id"),
        trace_id: text("trace_id"),
        errors: match m.get("errors") {
            Some(Value::Array(items)) => items.iter().filter_map(field_error).collect(),
            _ => Vec::new(),
        },
        extensions: m
            .iter()
            .filter(|(k, _)| !STANDARD.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    };
    (shape, expected)
}

/// How many inputs took each path.
#[derive(Default)]
pub struct Counts {
    pub inputs: usize,
    pub parsed: usize,
    pub synthesised: usize,
    /// Inputs that decoded into at least one type of the model.
    pub decoded: usize,
    /// Parsed inputs of each shape (indexed by [`Shape::index`]).
    pub shapes: [usize; 3],
    /// Parsed inputs of each shape that decoded into at least one type.
    pub decoded_by_shape: [usize; 3],
    /// Inputs decoded into each type of [`decode_all`], in its order.
    pub decoded_into: [usize; MODEL_TYPES],
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
    let mut shape = None;
    match serde_json::from_slice::<Value>(unbommed) {
        Ok(Value::Object(obj)) if json_allowed => {
            counts.parsed += 1;
            let (s, expected) = expected_details(&obj, status);
            counts.shapes[s.index()] += 1;
            shape = Some(s);
            // Unknown members are never lost: every member of every layer
            // that is not a standard member is an extension (with the value
            // of the layer that wins), and in RFC 9457 unchanged.
            let (_, layers) = layers(&obj);
            for name in layers.iter().flat_map(Map::keys) {
                if !STANDARD.contains(&name.as_str()) {
                    assert!(
                        p.extensions.contains_key(name),
                        "{s:?}: the member {name} was lost"
                    );
                }
            }
            if s == Shape::Rfc9457 {
                for (k, v) in &p.extensions {
                    assert_eq!(obj.get(k), Some(v), "extension {k} changed");
                }
                let kept = obj
                    .keys()
                    .filter(|k| !STANDARD.contains(&k.as_str()))
                    .count();
                assert_eq!(p.extensions.len(), kept, "an unknown member was lost");
            } else if s == Shape::Wrapped {
                // The wrapper's `schema_version` is dropped; one inside
                // `error` or its `details` is an ordinary member.
                let inner = layers[..2].iter().any(|l| l.contains_key("schema_version"));
                assert_eq!(
                    p.extensions.contains_key("schema_version"),
                    inner,
                    "schema_version: {p:?}"
                );
            }
            assert_eq!(p.code, expected.code, "{s:?}: code");
            assert_eq!(p.detail, expected.detail, "{s:?}: detail");
            assert_eq!(p.status, expected.status, "{s:?}: status");
            assert_eq!(p, expected, "{s:?}: the details differ from the oracle's");
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

    // Written back (always as RFC 9457) and read again: the same details.
    let bytes = serde_json::to_vec(&p).unwrap();
    let again = ProblemDetails::from_response(status, Some(CONTENT_TYPE), &bytes);
    assert!(
        same_json(
            &serde_json::to_value(&again).unwrap(),
            &serde_json::to_value(&p).unwrap()
        ),
        "not stable: {p:?} then {again:?}"
    );

    // Typed decoding never panics, what it decodes is consistent, and the
    // details after the second trip decode the same way.
    let decoded = decode_all(&p);
    assert_eq!(
        decode_all(&again),
        decoded,
        "decoding changed after a trip through the wire"
    );
    if decoded.iter().any(|d| *d) {
        counts.decoded += 1;
        if let Some(s) = shape {
            counts.decoded_by_shape[s.index()] += 1;
        }
    }
    for (n, d) in counts.decoded_into.iter_mut().zip(decoded) {
        *n += usize::from(d);
    }
}

/// How many types [`decode_all`] decodes into.
pub const MODEL_TYPES: usize = 7;

/// The names of the types of [`decode_all`], in its order.
pub const MODEL_NAMES: [&str; MODEL_TYPES] = [
    "ApiError",
    "AuthError",
    "Generic<Value, ApiError>",
    "Generic<u8, TokenError>",
    "Conflict",
    "WrappedError",
    "FlatError",
];

/// Decodes `p` into each type of the model (see [`check_decode`]): which succeeded.
pub fn decode_all(p: &ProblemDetails) -> [bool; MODEL_TYPES] {
    [
        check_decode::<ApiError>(p),
        check_decode::<AuthError>(p),
        check_decode::<Generic<Value, ApiError>>(p),
        check_decode::<Generic<u8, TokenError>>(p),
        check_decode::<Conflict>(p),
        check_decode::<WrappedError>(p),
        check_decode::<FlatError>(p),
    ]
}
