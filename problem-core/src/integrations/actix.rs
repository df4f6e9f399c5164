//! `actix-web` feature: derived types are handler errors.
//!
//! Every `#[derive(Problem)]` type converts into [`actix_web::Error`], so a
//! handler returns `Result<T, YourError>` (actix-web's `Responder` for
//! `Result<T, E>` asks for `E: Into<actix_web::Error>`) or uses `?` in a
//! handler returning `Result<T, actix_web::Error>`. The conversion goes
//! through [`ProblemError`], a rendered problem that implements
//! [`ResponseError`]: the response has the problem's status, `Content-Type:
//! application/problem+json` (`application/json` for the
//! [`wrapped` and `flat` shapes](crate::EnvelopeShape)), `Retry-After` when
//! the problem carries one, and the envelope's exact bytes (those of
//! [`to_vec`](crate::to_vec)).
//!
//! To serve a problem in the caller's language (feature `i18n`), build the
//! error from a localized envelope:
//! `ProblemError::from_envelope(&err.envelope().localized(&translations, lang))`,
//! with `lang` from `i18n::negotiate` over the request's `Accept-Language`.
//!
//! A derived type need not implement `Display` for this (actix-web's
//! `ResponseError` would ask for it): [`ProblemError`] does.
//!
//! [`json_config`], [`query_config`] and [`path_config`] make actix-web's
//! extractors reject with [`RequestProblem`]s, and [`not_found`] is a
//! default service for unmatched routes.
//!
//! ```
//! use actix_web::{App, web};
//! use problem_core::Problem;
//!
//! #[derive(Debug, Problem)]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
//!     NotFound {
//!         #[problem(extension)]
//!         id: u64,
//!     },
//! }
//!
//! async fn get_scan(id: web::Path<u64>) -> Result<String, ScanError> {
//!     Err(ScanError::NotFound { id: id.into_inner() })
//! }
//!
//! let app = App::new()
//!     .app_data(problem_core::actix::json_config())
//!     .app_data(problem_core::actix::path_config())
//!     .app_data(problem_core::actix::query_config())
//!     .route("/scans/{id}", web::get().to(get_scan))
//!     .default_service(web::to(problem_core::actix::not_found));
//! ```

use core::fmt;

use ::actix_web::body::BoxBody;
use ::actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use ::actix_web::web::{Bytes, JsonConfig, PathConfig, QueryConfig};
use ::actix_web::{HttpRequest, HttpResponse, ResponseError};

use crate::details::ProblemDetails;
use crate::integrations::request::RequestProblem;
use crate::problem::{Envelope, Problem};
use crate::protocol::CONTENT_TYPE as PROBLEM_JSON;
use crate::status::response_status;

/// A problem rendered for actix-web: status, `Retry-After` and the body's
/// bytes. It implements [`ResponseError`], so it converts into
/// [`actix_web::Error`] and can be returned from handlers.
///
/// Made from any [`Problem`] (`From`), from an [`Envelope`] with context
/// ([`from_envelope`](Self::from_envelope)) or from [`ProblemDetails`] (`From`).
#[derive(Clone)]
pub struct ProblemError {
    status: u16,
    retry_after: Option<u64>,
    content_type: &'static str,
    body: Bytes,
    summary: String,
}

impl ProblemError {
    /// Renders a problem.
    #[must_use]
    pub fn new<P: ?Sized + Problem>(problem: &P) -> Self {
        Self::from_envelope(&Envelope::new(problem))
    }

    /// Renders a problem with its per-request context.
    #[must_use]
    pub fn from_envelope<P: ?Sized + Problem>(envelope: &Envelope<'_, P>) -> Self {
        let problem = envelope.problem();
        ProblemError {
            status: response_status(problem.status()),
            retry_after: problem.retry_after(),
            content_type: envelope.shape().content_type(),
            body: Bytes::from(envelope.to_vec()),
            summary: format!("{} {}", problem.code(), problem.title()),
        }
    }

    /// The body: the envelope as JSON.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl<P: Problem> From<P> for ProblemError {
    fn from(problem: P) -> Self {
        ProblemError::new(&problem)
    }
}

impl From<ProblemDetails> for ProblemError {
    fn from(details: ProblemDetails) -> Self {
        ProblemError {
            status: response_status(details.status.unwrap_or(500)),
            retry_after: details.retry_after(),
            content_type: PROBLEM_JSON,
            body: Bytes::from(details.to_json()),
            summary: format!(
                "{} {}",
                details.code.as_deref().unwrap_or("-"),
                details.title.as_deref().unwrap_or("-")
            ),
        }
    }
}

impl fmt::Debug for ProblemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProblemError")
            .field("status", &self.status)
            .field("retry_after", &self.retry_after)
            .field("content_type", &self.content_type)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl fmt::Display for ProblemError {
    /// The status, code and title: `404 scans.not_found Scan not found`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.summary)
    }
}

impl std::error::Error for ProblemError {}

impl ResponseError for ProblemError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(self.content_type)));
        if let Some(secs) = self.retry_after {
            response.insert_header((RETRY_AFTER, HeaderValue::from(secs)));
        }
        response.body(self.body.clone())
    }
}

/// A default service for unmatched routes: `resource.not_found` (404) with the
/// request path as `instance`.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ProblemError::new(&RequestProblem::NotFound {
        instance: req.path().to_owned(),
    })
    .error_response()
}

/// A `JsonConfig` whose errors are [`RequestProblem`]s:
/// `validation.body_unparseable` (400), `validation.body_invalid` (422),
/// `validation.content_type` (415), `validation.body_too_large` (413),
/// `validation.body_unreadable` (400). Register it with `App::app_data`.
#[must_use]
pub fn json_config() -> JsonConfig {
    JsonConfig::default().error_handler(|err, _req| ProblemError::new(&json_problem(&err)).into())
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
        ProblemError::new(&problem).into()
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
        ProblemError::new(&problem).into()
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
        RequestProblem::ExtractorMisconfigured
    } else {
        RequestProblem::Rejected {
            status,
            reason: err.to_string(),
        }
    }
}
