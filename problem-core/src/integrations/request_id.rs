//! Request ids (`X-Request-Id`) and W3C trace context (`traceparent`): what
//! [`ProblemLayer`](crate::axum::ProblemLayer) reads from each
//! request, and the [`RequestId`] extractor.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ::axum::extract::FromRequestParts;
use ::axum::http::HeaderMap;
use ::axum::http::header::{HeaderName, HeaderValue};
use ::axum::http::request::Parts;

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of a request, as [`ProblemLayer`](crate::axum::ProblemLayer) found or generated it; the layer
/// puts it in the request's extensions, and it is an extractor.
///
/// ```
/// use problem_core::axum::RequestId;
///
/// async fn handler(RequestId(id): RequestId) -> String {
///     id
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::get(handler);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = core::convert::Infallible;

    /// The id [`ProblemLayer`](crate::axum::ProblemLayer) set; without the layer, a valid `X-Request-Id`
    /// header, or a new id.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<RequestId>() {
            Some(id) => id.clone(),
            None => RequestId(request_id_of(&parts.headers)),
        })
    }
}

/// The W3C `traceparent` header.
const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");

/// The longest `X-Request-Id` taken from a request; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The request's `X-Request-Id` when it is 1 to [`MAX_REQUEST_ID_LEN`]
/// visible ASCII characters, or a new id.
pub(crate) fn request_id_of(headers: &HeaderMap) -> String {
    valid_request_id(headers).map_or_else(generate_request_id, str::to_owned)
}

/// The request's `X-Request-Id` header, when it is a valid id.
pub(crate) fn valid_request_id_value(headers: &HeaderMap) -> Option<&HeaderValue> {
    headers
        .get(&X_REQUEST_ID)
        .filter(|v| is_valid_id(v.as_bytes()))
}

/// 1 to [`MAX_REQUEST_ID_LEN`] visible ASCII characters.
fn is_valid_id(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&id.len()) && id.iter().all(u8::is_ascii_graphic)
}

/// A new request id as a header value.
pub(crate) fn new_request_id_value() -> HeaderValue {
    // 32 hex digits: always a valid header value.
    HeaderValue::from_str(&generate_request_id()).unwrap_or(HeaderValue::from_static("-"))
}

/// The request's `X-Request-Id`, when it is a valid id.
fn valid_request_id(headers: &HeaderMap) -> Option<&str> {
    valid_request_id_value(headers).and_then(|v| v.to_str().ok())
}

/// A new request id: 32 lowercase hex digits, unique within the process and
/// unpredictable across processes (not a secret: do not use it as one).
#[must_use]
pub fn generate_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // `RandomState` is seeded from the OS per thread: a keyed hash of the
    // counter and the clock, without a dependency on a random number crate.
    let keys = RandomState::new();
    let mut h = keys.build_hasher();
    h.write_u64(n);
    h.write_u128(nanos);
    let hi = h.finish();
    let mut h = keys.build_hasher();
    h.write_u64(hi);
    h.write_u64(n);
    let lo = h.finish();
    format!("{hi:016x}{lo:016x}")
}

/// The trace id of a W3C `traceparent` header (`00-<trace id>-<span id>-<flags>`).
/// Version `00` has exactly these four fields; a later version may add
/// fields after them; `ff` is invalid. The trace id and the parent (span) id
/// must not be all zeros.
pub(crate) fn trace_id_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(&TRACEPARENT)?.to_str().ok()?;
    let mut parts = value.trim().split('-');
    let (version, trace, span, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let nonzero = |s: &str| s.bytes().any(|b| b != b'0');
    let valid = hex(version, 2)
        && version != "ff"
        && (version != "00" || parts.next().is_none())
        && hex(trace, 32)
        && nonzero(trace)
        && hex(span, 16)
        && nonzero(span)
        && hex(flags, 2);
    valid.then(|| trace.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids() {
        let mut headers = HeaderMap::new();
        let a = request_id_of(&headers);
        let b = request_id_of(&headers);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("abc-123"));
        assert_eq!(request_id_of(&headers), "abc-123");
        headers.insert(&X_REQUEST_ID, HeaderValue::from_static("has space"));
        assert_eq!(request_id_of(&headers).len(), 32);
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        headers.insert(&X_REQUEST_ID, HeaderValue::from_str(&long).unwrap());
        assert_eq!(request_id_of(&headers).len(), 32);
    }

    #[test]
    fn traceparent() {
        let mut headers = HeaderMap::new();
        assert_eq!(trace_id_of(&headers), None);
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        // A later version may have more fields.
        headers.insert(
            "traceparent",
            HeaderValue::from_static("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "garbage",
        ] {
            headers.insert("traceparent", HeaderValue::from_static(bad));
            assert_eq!(trace_id_of(&headers), None, "{bad}");
        }
    }
}
