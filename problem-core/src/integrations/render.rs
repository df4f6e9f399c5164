//! What the framework responses share: the status a response carries and
//! the bytes of [`ProblemDetails`].
//!
//! (Per-request context is no longer spliced into a rendered body: under the
//! axum integration's `ProblemLayer`, a problem is rendered with its context
//! in the first place.)

use crate::details::ProblemDetails;

/// The status a framework response carries: the problem's, or 500 when it
/// is not a valid HTTP status (a `#[problem(status)]` field can hold any `u16`).
#[must_use]
pub(crate) fn response_status(status: u16) -> u16 {
    if (100..=999).contains(&status) {
        status
    } else {
        500
    }
}

/// A [`ProblemDetails`] as JSON bytes.
pub(crate) fn details_body(details: &ProblemDetails) -> Vec<u8> {
    // Serializing a `ProblemDetails` (strings, integers and `serde_json`
    // values) into a `Vec` cannot fail.
    serde_json::to_vec(details).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_statuses_become_500() {
        assert_eq!(response_status(404), 404);
        assert_eq!(response_status(0), 500);
        assert_eq!(response_status(1000), 500);
    }
}
