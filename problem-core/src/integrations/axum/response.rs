//! The axum responses of problems: what a derived type's `IntoResponse`
//! returns, and those of [`ProblemDetails`] and [`Envelope`].
//!
//! Rendered while a [`ProblemLayer`](super::ProblemLayer) polls the request
//! (its [`Scope`] is current), the body carries the request's context and is
//! in the caller's language, and the problem's [`ProblemReport`] rides in
//! the response's extensions for the layer to log and hand to its hook.
//! Rendered anywhere else, the report is logged here (feature `tracing`).
//! Either way, one event per problem response.

use ::axum::body::Body;
#[cfg(feature = "i18n")]
use ::axum::http::HeaderValue;
#[cfg(feature = "i18n")]
use ::axum::http::header::{CONTENT_LANGUAGE, VARY};
use ::axum::response::{IntoResponse, Response};

use super::scope::Scope;
use crate::details::ProblemDetails;
#[cfg(feature = "i18n")]
use crate::i18n::{self, Localizer, with_fallbacks};
use crate::log_level::LogLevel;
use crate::observe::cause::CauseOf;
use crate::observe::event;
use crate::observe::report::ProblemReport;
use crate::problem::{Envelope, Problem};

/// A problem response's report, in its extensions until the layer takes it.
/// Private: nothing outside this crate can read it, and the layer removes it.
#[derive(Clone)]
pub(crate) struct Observed {
    pub(crate) report: Box<ProblemReport>,
    /// Already logged (rendered outside a layer's scope).
    pub(crate) logged: bool,
}

/// The response of a problem: what a derived type's `IntoResponse` returns.
#[doc(hidden)]
pub fn problem_response<P: ?Sized + Problem>(problem: &P, cause: CauseOf<'_>) -> Response {
    Scope::with(|scope| {
        let mut envelope = Envelope::new(problem);
        if let Some(scope) = scope {
            envelope = scope.context().envelope(envelope);
        }
        let response = render(&envelope, scope);
        observe(response, scope, |wanted| {
            ProblemReport::probe(problem, cause, wanted)
        })
    })
}

/// The envelope's response: in the scope's language when its layer localizes.
fn render<P: ?Sized + Problem>(envelope: &Envelope<'_, P>, scope: Option<&Scope>) -> Response {
    #[cfg(feature = "i18n")]
    if let Some(scope) = scope
        && let Some(localizer) = &scope.localizer
        && !envelope.is_localized()
    {
        return localized(envelope, &**localizer, scope.accept_language.as_ref());
    }
    let _ = scope;
    envelope.to_response().map(Body::from)
}

/// The response in the language that `Accept-Language` asks for, if the
/// localizer has one.
#[cfg(feature = "i18n")]
fn localized<P: ?Sized + Problem>(
    envelope: &Envelope<'_, P>,
    localizer: &dyn Localizer,
    accept_language: Option<&HeaderValue>,
) -> Response {
    let languages = localizer.languages();
    let lang = accept_language
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| i18n::negotiate(accept, &languages));
    let mut response = match lang {
        Some(lang) => envelope.localized(localizer, lang).to_response(),
        None => envelope.to_response(),
    };
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("accept-language"));
    let code = envelope.problem().code();
    if let Some(lang) = lang.filter(|lang| translates(localizer, lang, code))
        && let Ok(value) = HeaderValue::from_str(lang)
    {
        headers.insert(CONTENT_LANGUAGE, value);
    }
    response.map(Body::from)
}

/// Whether `localizer` translates the title or detail of `code` in `lang`
/// or a less specific tag.
#[cfg(feature = "i18n")]
fn translates(localizer: &dyn Localizer, lang: &str, code: &str) -> bool {
    with_fallbacks(lang, |tag| {
        (localizer.title(tag, code).is_some() || localizer.detail(tag, code).is_some())
            .then_some(())
    })
    .is_some()
}

/// Attaches the problem's report for the scope's layer, or logs it when
/// there is no layer. `report` makes it when its level is wanted.
fn observe(
    mut response: Response,
    scope: Option<&Scope>,
    report: impl FnOnce(&mut dyn FnMut(LogLevel) -> bool) -> Option<ProblemReport>,
) -> Response {
    match scope {
        Some(scope) => {
            let hooked = scope.hooked();
            if let Some(mut report) = report(&mut |level| hooked || event::enabled(level)) {
                scope.context().report(&mut report);
                response.extensions_mut().insert(Observed {
                    report: Box::new(report),
                    logged: false,
                });
            }
        }
        None => {
            if let Some(report) = report(&mut event::enabled) {
                event::log(&report);
                response.extensions_mut().insert(Observed {
                    report: Box::new(report),
                    logged: true,
                });
            }
        }
    }
    response
}

impl IntoResponse for ProblemDetails {
    /// The status (500 when absent or invalid), `Content-Type:
    /// application/problem+json`, `Retry-After` from a `retry_after` member,
    /// and the serialized details. Under a `ProblemLayer`, the request's
    /// `instance`, `request_id` and `trace_id` fill the members the details
    /// lack.
    fn into_response(mut self) -> Response {
        Scope::with(|scope| {
            if let Some(scope) = scope {
                scope.context().fill(&mut self);
            }
            // Made before the details are consumed, if wanted.
            let hooked = scope.is_some_and(Scope::hooked);
            let report = ProblemReport::of_details(&self);
            let report = (hooked || event::enabled(report.level)).then_some(report);
            let response = self.to_response().map(Body::from);
            observe(response, scope, |_| report)
        })
    }
}

impl<P: ?Sized + Problem> IntoResponse for Envelope<'_, P> {
    /// As the problem's response, with the envelope's context in the body;
    /// under a `ProblemLayer`, an envelope without context gets the
    /// request's.
    fn into_response(self) -> Response {
        Scope::with(|scope| {
            let envelope = match scope {
                Some(scope) if !self.has_context() => scope.context().envelope(self),
                _ => self,
            };
            let context = envelope.context();
            let response = render(&envelope, scope);
            observe(response, scope, |wanted| {
                let mut report = ProblemReport::probe(envelope.problem(), CauseOf::None, wanted)?;
                if let Some(instance) = context.instance {
                    report.instance.get_or_insert_with(|| instance.to_owned());
                }
                report.request_id = context.request_id.map(str::to_owned);
                report.trace_id = context.trace_id.map(str::to_owned);
                Some(report)
            })
        })
    }
}
