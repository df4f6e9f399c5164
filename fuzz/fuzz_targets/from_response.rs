//! `ProblemDetails::from_response` on any status, content type and body,
//! checked against the oracle of `tests/support/oracle.rs`: for a JSON
//! object, the shape it is (RFC 9457, wrapped or flat) and the whole
//! expected details of that shape; otherwise the synthesised details. The
//! oracle decodes the result into the typed errors of
//! `tests/support/model.rs` too (a wrapped and a flat type among them).
//!
//! Input layout: two bytes of status (big-endian), one byte choosing the
//! content type (an index into `CONTENT_TYPES`; past its end, the next
//! `byte - len` bytes are the content type, lossily), then the body.
#![no_main]

#[path = "../../tests/support/model.rs"]
mod model;
#[path = "../../tests/support/oracle.rs"]
mod oracle;

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/problem+json"),
    Some("application/json; charset=utf-8"),
    Some("application/vnd.api+json"),
    Some(""),
    Some("text/html"),
    Some("text/plain"),
];

fuzz_target!(|data: &[u8]| {
    let [hi, lo, pick, rest @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*hi, *lo]);
    let pick = usize::from(*pick);
    let (content_type, body) = if let Some(ct) = CONTENT_TYPES.get(pick) {
        (ct.map(str::to_owned), rest)
    } else {
        let n = (pick - CONTENT_TYPES.len()).min(rest.len());
        (
            Some(String::from_utf8_lossy(&rest[..n]).into_owned()),
            &rest[n..],
        )
    };
    oracle::check(
        status,
        content_type.as_deref(),
        body,
        &mut oracle::Counts::default(),
    );
});
