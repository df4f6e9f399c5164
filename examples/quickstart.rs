//! The main job: a service's error enum, annotated once per variant, rendered
//! as RFC 9457 problem details, with its catalog as a markdown table.
//!
//! Run it with `cargo run --example quickstart`.

use std::time::Duration;

use problem_core::{FieldError, Problem};

/// Everything the scan service can answer with instead of a scan.
///
/// Each message is written once, in thiserror's `#[error]`: `display_detail`
/// makes it the problem's detail (a 5xx detail stays off the wire).
#[derive(Debug, thiserror::Error, Problem)]
#[problem(type_base = "https://docs.example.com/errors/", display_detail)]
pub enum ServiceError {
    /// The API key is missing, malformed, or revoked.
    #[error("the API key is missing, malformed or revoked")]
    #[problem("auth.api_key.invalid", 401, title = "Invalid API key")]
    InvalidApiKey,

    /// The API key is valid but lacks the scope this operation needs.
    #[error("this operation needs the `{scope}` scope")]
    #[problem("auth.scope.missing", 403, title = "Missing scope")]
    #[problem(alias = "auth.forbidden")]
    MissingScope {
        #[problem(extension)]
        scope: &'static str,
    },

    /// The request body failed validation; `errors` lists each field.
    #[error("{n} fields are invalid", n = errors.len())]
    #[problem("validation.failed", 422, title = "Invalid request")]
    Validation {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },

    /// The scan id does not exist, or is not visible to the caller.
    #[error("scan {id} was not found")]
    #[problem("scans.not_found", 404, title = "Scan not found")]
    ScanNotFound {
        #[problem(extension = "scan_id")]
        id: u64,
    },

    /// The account has used its scan quota; retry after the window resets.
    #[error("{used} of {limit} scans used this hour")]
    #[problem("quota.exceeded", 429, title = "Quota exceeded")]
    QuotaExceeded {
        #[problem(extension)]
        limit: u32,
        used: u32,
        #[problem(retry_after)]
        retry_after: Duration,
    },

    /// The scanner backend did not answer: 502 when it failed, 503 while it restarts.
    #[error("the scanner at {host} did not answer")]
    #[problem("upstream.unavailable", 503, title = "Scanner unavailable")]
    #[problem(expose_detail)]
    Upstream {
        #[problem(status)]
        status: u16,
        host: String,
    },

    /// Something failed inside the service; the cause is logged, not sent.
    #[error("database error: {cause}")]
    #[problem("internal", 500)]
    Internal { cause: String },
}

fn main() {
    let examples = [
        ServiceError::InvalidApiKey,
        ServiceError::MissingScope {
            scope: "scans:write",
        },
        ServiceError::Validation {
            errors: vec![
                FieldError {
                    path: "/target".into(),
                    code: "required".into(),
                    detail: None,
                },
                FieldError {
                    path: "/depth".into(),
                    code: "range".into(),
                    detail: Some("must be between 1 and 5".into()),
                },
            ],
        },
        ServiceError::ScanNotFound { id: 42 },
        ServiceError::QuotaExceeded {
            limit: 100,
            used: 100,
            retry_after: Duration::from_secs(1800),
        },
        ServiceError::Upstream {
            status: 502,
            host: "scanner-3.internal".into(),
        },
        ServiceError::Internal {
            cause: "connection pool exhausted (postgres://10.0.0.7)".into(),
        },
    ];
    for err in &examples {
        let body = err.envelope().request_id("req-7f3a").to_vec();
        println!("{} {}", err.status(), String::from_utf8_lossy(&body));
    }
    println!();
    print!("{}", ServiceError::CATALOG.to_markdown());
}
