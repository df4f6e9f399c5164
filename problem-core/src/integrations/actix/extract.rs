//! actix-web's extractor configurations, rejecting with [`RequestProblem`]s.

use ::actix_web::ResponseError;
use ::actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use ::actix_web::http::StatusCode;
use ::actix_web::web::{JsonConfig, PathConfig, QueryConfig};

use super::error::ProblemError;
use crate::integrations::request::RequestProblem;

/// A `JsonConfig` whose errors are [`RequestProblem`]s:
/// `validation.body_unparseable` (400), `validation.body_invalid` (422),
/// `validation.content_type` (415), `validation.body_too_large` (413),
/// `validation.body_unreadable` (400). Register it with `App::app_data`.
#[must_use]
pub fn json_config() -> JsonConfig {
    JsonConfig::default()
        .error_handler(|err, _req| ProblemError::request(&json_problem(&err)).into())
}

/// A `QueryConfig` whose errors are `validation.query_invalid` (400).
#[must_use]
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, _req| {
        let problem = match &err {
            QueryPayloadError::Deserialize(e) => RequestProblem::QueryInvalid {
                reason: e.to_string(),
            },
            other => rejected(other),
        };
        ProblemError::request(&problem).into()
    })
}

/// A `PathConfig` whose errors are `validation.path_invalid` (400, with
/// actix-web's message as `reason`: it does not say which parameter).
#[must_use]
pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|err, _req| {
        let problem = match &err {
            PathError::Deserialize(e) => RequestProblem::PathInvalid {
                reason: e.to_string(),
            },
            other => rejected(other),
        };
        ProblemError::request(&problem).into()
    })
}

fn json_problem(err: &JsonPayloadError) -> RequestProblem {
    use serde_json::error::Category;
    match err {
        JsonPayloadError::Deserialize(e) => match e.classify() {
            Category::Data => RequestProblem::BodyInvalid {
                reason: e.to_string(),
            },
            Category::Syntax | Category::Eof => RequestProblem::BodyUnparseable {
                reason: e.to_string(),
            },
            Category::Io => RequestProblem::BodyUnreadable {
                reason: e.to_string(),
            },
        },
        JsonPayloadError::ContentType => RequestProblem::UnsupportedContentType {
            expected: "application/json".to_owned(),
        },
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            RequestProblem::BodyTooLarge
        }
        JsonPayloadError::Payload(e) if e.status_code() == StatusCode::PAYLOAD_TOO_LARGE => {
            RequestProblem::BodyTooLarge
        }
        JsonPayloadError::Payload(e) => RequestProblem::BodyUnreadable {
            reason: e.to_string(),
        },
        other => rejected(other),
    }
}

/// Any other extractor error: a 5xx stays in the server; a 4xx keeps actix-web's status and text.
fn rejected(err: &impl ResponseError) -> RequestProblem {
    let status = err.status_code().as_u16();
    if status >= 500 {
        RequestProblem::ExtractorMisconfigured {
            reason: err.to_string(),
        }
    } else {
        RequestProblem::Rejected {
            status,
            reason: err.to_string(),
        }
    }
}
