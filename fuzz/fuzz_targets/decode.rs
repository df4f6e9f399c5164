//! Typed decoding of any JSON body: the input is the body of a
//! `application/problem+json` response, in any envelope shape (RFC 9457,
//! wrapped or flat: `from_response` tells them apart by their members, not
//! by the content type); the details are decoded into every type of
//! `tests/support/model.rs` (a wrapped and a flat type among them), and each
//! value decoded must be of the variant its code names and survive
//! `to_details` and a second decode.
#![no_main]

#[path = "../../tests/support/model.rs"]
mod model;
#[path = "../../tests/support/oracle.rs"]
mod oracle;

use libfuzzer_sys::fuzz_target;
use problem_core::{CONTENT_TYPE, ProblemDetails};

fuzz_target!(|data: &[u8]| {
    let details = ProblemDetails::from_response(400, Some(CONTENT_TYPE), data);
    oracle::decode_all(&details);
    // The same details after a trip through the wire decode the same way.
    let bytes = serde_json::to_vec(&details).expect("details always serialize");
    let again = ProblemDetails::from_response(400, Some(CONTENT_TYPE), &bytes);
    assert_eq!(
        oracle::decode_all(&again),
        oracle::decode_all(&details),
        "decoding changed after a trip through the wire"
    );
});
