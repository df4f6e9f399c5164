//! A hand-written `Problem` relaying a client's error as it came (a
//! transport error's status is 0, its detail the URL it called): what the
//! default `__write` makes of a status that is not an error status. Shared
//! by `tests/test_http.rs` and `tests/test_tonic.rs`.
#![allow(dead_code)]

use problem_core::{Catalog, Problem, ProblemDetails};

/// The relayed details.
pub struct Relayed(pub ProblemDetails);

impl Relayed {
    /// Relayed details with this status and a detail naming a secret.
    pub fn with_status(status: u16) -> Relayed {
        let mut details = ProblemDetails::transport(SECRET);
        details.status = Some(status);
        Relayed(details)
    }
}

/// A detail no wire may carry.
pub const SECRET: &str = "GET https://billing.internal/?token=s3cr3t: connection refused";

impl Problem for Relayed {
    const CATALOG: Catalog = Catalog::EMPTY;
    fn code(&self) -> &'static str {
        "upstream.failed"
    }
    fn status(&self) -> u16 {
        self.0.status.unwrap_or(0)
    }
    fn type_uri(&self) -> &'static str {
        "about:blank"
    }
    fn title(&self) -> &'static str {
        "Upstream failed"
    }
    fn retryable(&self) -> bool {
        false
    }
    fn detail(&self) -> Option<String> {
        self.0.detail.clone()
    }
}
