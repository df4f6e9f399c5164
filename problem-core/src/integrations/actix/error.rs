//! [`ProblemError`]: a problem rendered for actix-web, a handler error.

use core::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ::actix_web::body::BoxBody;
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use ::actix_web::web::Bytes;
use ::actix_web::{HttpResponse, ResponseError};

use super::scope::Scope;
use crate::details::ProblemDetails;
use crate::integrations::request::RequestProblem;
use crate::observe::cause::CauseOf;
use crate::observe::event;
use crate::observe::report::ProblemReport;
use crate::problem::{Envelope, Problem};
use crate::protocol::CONTENT_TYPE as PROBLEM_JSON;
use crate::status::response_status;

/// A problem rendered for actix-web: status, `Retry-After` and the body's
/// bytes. It implements [`ResponseError`], so it converts into
/// [`actix_web::Error`] and can be returned from handlers.
///
/// Made from any [`Problem`] (`From`), from an [`Envelope`] with context
/// ([`from_envelope`](Self::from_envelope)) or from [`ProblemDetails`] (`From`).
/// Made while a [`ProblemMiddleware`](super::ProblemMiddleware) handles the
/// request (in a handler, an extractor's error handler, a default service),
/// the body has the request's `request_id`, `instance` and `trace_id`.
#[derive(Clone)]
pub struct ProblemError {
    status: u16,
    retry_after: Option<u64>,
    content_type: &'static str,
    body: Bytes,
    summary: String,
    /// What the logs get (feature `tracing`) and the middleware's hook.
    report: Option<Arc<Logged>>,
}

/// A problem's report, observed once: by the middleware handling the request,
/// or else by the first `error_response`, whichever clone makes it.
pub(crate) struct Logged {
    pub(crate) report: ProblemReport,
    done: AtomicBool,
}

impl Logged {
    fn new(report: ProblemReport) -> Arc<Logged> {
        Arc::new(Logged {
            report,
            done: AtomicBool::new(false),
        })
    }

    /// True the first time only: whoever gets it logs the report.
    pub(crate) fn take(&self) -> bool {
        !self.done.swap(true, Ordering::Relaxed)
    }
}

/// A problem response's report, in its extensions for the middleware.
pub(crate) struct Observed(pub(crate) Arc<Logged>);

impl ProblemError {
    /// Renders a problem.
    #[must_use]
    pub fn new<P: ?Sized + Problem>(problem: &P) -> Self {
        Self::observed(&Envelope::new(problem), CauseOf::None)
    }

    /// Renders a problem with its per-request context.
    #[must_use]
    pub fn from_envelope<P: ?Sized + Problem>(envelope: &Envelope<'_, P>) -> Self {
        Self::observed(envelope, CauseOf::None)
    }

    /// Renders a problem and, when its event or the middleware's hook
    /// wants it, its report with the given cause. What a derived type's
    /// conversion calls.
    #[doc(hidden)]
    #[must_use]
    pub fn observed<P: ?Sized + Problem>(envelope: &Envelope<'_, P>, cause: CauseOf<'_>) -> Self {
        Scope::with(|scope| {
            let envelope = match scope {
                Some(scope) if !envelope.has_context() => scope.context().envelope(*envelope),
                _ => *envelope,
            };
            let problem = envelope.problem();
            let hooked = scope.is_some_and(Scope::hooked);
            let wanted = |level| hooked || event::enabled(level);
            let report = ProblemReport::probe(problem, cause, wanted).map(|mut report| {
                let context = envelope.context();
                report.request_id = context.request_id.map(str::to_owned);
                report.trace_id = context.trace_id.map(str::to_owned);
                if report.instance.is_none() {
                    report.instance = context.instance.map(str::to_owned);
                }
                Logged::new(report)
            });
            ProblemError {
                status: response_status(problem.status()),
                retry_after: problem.retry_after(),
                content_type: envelope.shape().content_type(),
                body: Bytes::from(envelope.to_vec()),
                summary: format!("{} {}", problem.code(), problem.title()),
                report,
            }
        })
    }

    /// A built-in request problem, with its reason as the logged cause.
    pub(crate) fn request(problem: &RequestProblem) -> Self {
        Self::observed(&Envelope::new(problem), CauseOf::Explained(problem))
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
    /// The details as they are, unless they have no error status: those
    /// (a client's transport error, whose status is 0) are sent as a 500
    /// without their detail, which was written for the client's side and is
    /// logged, not sent.
    /// Made while a [`ProblemMiddleware`](super::ProblemMiddleware) handles
    /// the request, the request's `instance`, `request_id` and `trace_id`
    /// fill the members the details lack.
    fn from(mut details: ProblemDetails) -> Self {
        let hooked = Scope::with(|scope| {
            scope.map(|scope| {
                scope.context().fill(&mut details);
                scope.hooked()
            })
        });
        let withheld = details.fit_to_send();
        let report = ProblemReport::probe_details(&details, withheld, |level| {
            hooked == Some(true) || event::enabled(level)
        });
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
            report: report.map(Logged::new),
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

    /// The response. Its problem is observed once: by the
    /// [`ProblemMiddleware`](super::ProblemMiddleware) handling the request
    /// (the report rides in the response's extensions), or, without one,
    /// here at the first call (feature `tracing`).
    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(self.content_type)));
        if let Some(secs) = self.retry_after {
            response.insert_header((RETRY_AFTER, HeaderValue::from(secs)));
        }
        let mut response = response.body(self.body.clone());
        if let Some(logged) = &self.report {
            if Scope::will_finish() {
                response
                    .extensions_mut()
                    .insert(Observed(Arc::clone(logged)));
            } else if logged.take() {
                event::log(&logged.report);
            }
        }
        response
    }
}
