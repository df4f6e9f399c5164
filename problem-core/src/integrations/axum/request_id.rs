//! Request ids: the `X-Request-Id` of a request, or a new one.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ::axum::extract::FromRequestParts;
use ::axum::http::HeaderMap;
use ::axum::http::header::HeaderName;
use ::axum::http::request::Parts;

/// The `X-Request-Id` header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of a request, as [`ProblemLayer`](super::ProblemLayer) found or generated it; the layer
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

    /// The id [`ProblemLayer`](super::ProblemLayer) set; without the layer, a valid `X-Request-Id`
    /// header, or a new id.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<RequestId>() {
            Some(id) => id.clone(),
            None => RequestId(request_id_of(&parts.headers)),
        })
    }
}

/// The longest `X-Request-Id` taken from a request; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The request's `X-Request-Id` when it is 1 to [`MAX_REQUEST_ID_LEN`]
/// visible ASCII characters, or a new id.
pub(crate) fn request_id_of(headers: &HeaderMap) -> String {
    headers
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=MAX_REQUEST_ID_LEN).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic())
        })
        .map_or_else(generate_request_id, str::to_owned)
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

#[cfg(test)]
mod tests {
    use ::axum::http::HeaderValue;

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
}
