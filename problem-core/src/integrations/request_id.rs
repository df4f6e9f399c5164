//! Request ids (`X-Request-Id`): the rules both frameworks' layers follow to
//! take one from a request or make a new one, and the [`RequestId`] they
//! give handlers.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The name of the `X-Request-Id` header.
pub(crate) const X_REQUEST_ID_NAME: &str = "x-request-id";

/// The longest `X-Request-Id` taken from a request; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 128;

/// The id of a request, as the framework's layer (axum's `ProblemLayer`,
/// actix-web's `ProblemMiddleware`) found or generated it: it is an
/// extractor in both frameworks.
///
/// Without the layer, the extractor takes a valid `X-Request-Id` header, or
/// makes a new id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub String);

/// Whether a request's `X-Request-Id` is taken as its id: 1 to
/// [`MAX_REQUEST_ID_LEN`] visible ASCII characters.
#[must_use]
pub(crate) fn is_valid_request_id(id: &[u8]) -> bool {
    // Without an early exit, the check of every byte is a few vector
    // instructions: it runs for every request.
    (1..=MAX_REQUEST_ID_LEN).contains(&id.len())
        && id.iter().fold(true, |valid, &b| {
            valid & (b.wrapping_sub(b'!') <= b'~' - b'!')
        })
}

/// The request's `X-Request-Id` value when it is a valid id, or a new id.
pub(crate) fn request_id_or_new(value: Option<&[u8]>) -> String {
    match value
        .filter(|id| is_valid_request_id(id))
        .and_then(|id| std::str::from_utf8(id).ok())
    {
        Some(id) => id.to_owned(),
        None => generate_request_id(),
    }
}

/// A new request id: 32 lowercase hex digits, unique within the process and
/// unpredictable across processes (not a secret: do not use it as one).
#[must_use]
pub fn generate_request_id() -> String {
    let id = new_request_id();
    // Hex digits: always UTF-8.
    String::from_utf8_lossy(&id).into_owned()
}

/// A new request id, as [`generate_request_id`] makes it, in a buffer.
pub(crate) fn new_request_id() -> [u8; 32] {
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
    let mut out = [0u8; 32];
    for (i, byte) in hi
        .to_be_bytes()
        .into_iter()
        .chain(lo.to_be_bytes())
        .enumerate()
    {
        out[2 * i] = HEX[usize::from(byte >> 4)];
        out[2 * i + 1] = HEX[usize::from(byte & 0xf)];
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids() {
        let a = request_id_or_new(None);
        let b = request_id_or_new(None);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')));
        assert_ne!(a, b);
        assert_eq!(request_id_or_new(Some(b"abc-123")), "abc-123");
        assert_eq!(request_id_or_new(Some(b"has space")).len(), 32);
        assert_eq!(request_id_or_new(Some(b"")).len(), 32);
        assert_eq!(request_id_or_new(Some("é".as_bytes())).len(), 32);
        for b in 0..=u8::MAX {
            assert_eq!(is_valid_request_id(&[b]), b.is_ascii_graphic(), "{b}");
        }
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        assert_eq!(request_id_or_new(Some(long.as_bytes())).len(), 32);
        let longest = "a".repeat(MAX_REQUEST_ID_LEN);
        assert_eq!(request_id_or_new(Some(longest.as_bytes())), longest);
    }

    #[test]
    fn generated_ids_are_hex_of_two_hashes() {
        let id = generate_request_id();
        assert_eq!(id.len(), 32);
        assert!(is_valid_request_id(id.as_bytes()));
        assert_ne!(&id[..16], &id[16..]);
    }
}
