//! The axum responses of problems: what a derived type's `IntoResponse`
//! returns, and those of [`ProblemDetails`] and [`Envelope`].
//!
//! Rendered while a [`ProblemLayer`](super::ProblemLayer) polls the request
//! (its [`Scope`] is current), the body carries the request's context and is
//! in the caller's language, and the problem is observed here, with that
//! context: its event (feature `tracing`, inside the request's span) and
//! the layer's hook. Rendered anywhere else, its event has no request
//! context, and its [`ProblemReport`] (made when the subscriber records its
//! level) rides in the response's extensions for a layer that sees the
//! response later to hand to its hook. Either way, one event per problem
//! response rendered.
//!
//! The report is read before the body is written: when it is wanted (a
//! subscriber records its level, or the layer has a hook), the body takes
//! the detail the report formatted, so that a detail the wire shows (and
//! no translation replaces) is formatted once.

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
use crate::integrations::context::RequestContext;
use crate::log_level::LogLevel;
use crate::observe::cause::CauseOf;
use crate::observe::event;
use crate::observe::report::ProblemReport;
use crate::problem::{Envelope, Problem};

/// The report of a problem response rendered outside a layer's scope (and
/// logged there, without the request's context), in its extensions until a
/// layer takes it. Private: nothing outside this crate can read it, and the
/// layer removes it.
#[derive(Clone)]
pub(crate) struct Observed {
    pub(crate) report: Box<ProblemReport>,
}

/// The response of a problem: what a derived type's `IntoResponse` returns.
#[doc(hidden)]
pub fn problem_response<P: ?Sized + Problem>(problem: &P, cause: CauseOf<'_>) -> Response {
    in_scope(|scope| {
        // Read first, so that the body takes the detail as the probe
        // formatted it.
        let report = ProblemReport::probe(problem, cause, wanted(scope));
        let mut envelope = Envelope::new(problem).with_formatted_detail(shown_detail(&report));
        if let Some((_, cx)) = scope {
            envelope = cx.envelope(envelope);
        }
        let response = render(&envelope, scope.map(|(scope, _)| scope));
        observe(response, scope, report)
    })
}

/// Calls `f` with the scope of the layer polling this request, if any, and
/// the request's context: what every problem response rendered here needs.
fn in_scope<R>(f: impl FnOnce(Option<(&Scope, RequestContext<'_>)>) -> R) -> R {
    Scope::with(|scope| f(scope.map(|scope| (scope, scope.context()))))
}

/// Which levels are reported: those the subscriber records, and every one
/// under a layer with a hook.
fn wanted(scope: Option<(&Scope, RequestContext<'_>)>) -> impl FnMut(LogLevel) -> bool {
    let hooked = scope.is_some_and(|(scope, _)| scope.hooked());
    move |level| hooked || event::enabled(level)
}

/// The report's detail, when the wire shows it too.
fn shown_detail(report: &Option<ProblemReport>) -> Option<&str> {
    report
        .as_ref()
        .filter(|report| !report.detail_withheld)
        .and_then(|report| report.detail.as_deref())
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

/// Observes a problem response, given its report (when its level is
/// wanted). Under a layer (`scope`, with the request's context), its event
/// is emitted and the layer's hook called here, while the request's future
/// is polled; rendered anywhere else, it is logged here and its report
/// rides in the response's extensions, for a layer that sees it later to
/// call its hook.
fn observe(
    mut response: Response,
    scope: Option<(&Scope, RequestContext<'_>)>,
    report: Option<ProblemReport>,
) -> Response {
    let Some(mut report) = report else {
        return response;
    };
    match scope {
        Some((scope, cx)) => {
            event::log_in(&report, cx.members());
            if scope.hooked() {
                cx.report(&mut report);
                scope.call_hook(&report);
            }
        }
        None => {
            event::log(&report);
            response.extensions_mut().insert(Observed {
                report: Box::new(report),
            });
        }
    }
    response
}

impl IntoResponse for ProblemDetails {
    /// The status, `Content-Type: application/problem+json`, `Retry-After`
    /// from a `retry_after` member, and the serialized details. Details
    /// without an error status are sent as a 500 without their detail, which
    /// is logged (see [`ProblemDetails::to_response`]). Under a
    /// `ProblemLayer`, the request's `instance`, `request_id` and `trace_id`
    /// fill the members the details lack.
    fn into_response(mut self) -> Response {
        in_scope(|scope| {
            if let Some((_, cx)) = scope {
                cx.fill(&mut self);
            }
            let withheld = self.fit_to_send();
            // Made before the details are consumed, if wanted.
            let report = ProblemReport::probe_details(&self, withheld, wanted(scope));
            let response = self.to_response().map(Body::from);
            observe(response, scope, report)
        })
    }
}

impl<P: ?Sized + Problem> IntoResponse for Envelope<'_, P> {
    /// As the problem's response, with the envelope's context in the body;
    /// under a `ProblemLayer`, an envelope without context gets the
    /// request's.
    fn into_response(self) -> Response {
        in_scope(|scope| {
            let envelope = match scope {
                Some((_, cx)) if !self.has_context() => cx.envelope(self),
                _ => self,
            };
            let context = envelope.context();
            let report = ProblemReport::probe(envelope.problem(), CauseOf::None, wanted(scope))
                .map(|mut report| {
                    if let Some(instance) = context.instance {
                        report.instance.get_or_insert_with(|| instance.to_owned());
                    }
                    report.request_id = context.request_id.map(str::to_owned);
                    report.trace_id = context.trace_id.map(str::to_owned);
                    report
                });
            let envelope = envelope.with_formatted_detail(shown_detail(&report));
            let response = render(&envelope, scope.map(|(scope, _)| scope));
            observe(response, scope, report)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrations::request::RequestProblem;

    #[test]
    fn the_probes_detail_is_written_as_it_is_and_a_withheld_one_stays_out() {
        let shown = RequestProblem::MethodNotAllowed {
            method: "PATCH".into(),
        };
        let report = ProblemReport::probe(&shown, CauseOf::None, |_| true);
        let text = shown_detail(&report);
        assert_eq!(text, Some("method PATCH is not allowed on this resource"));
        assert_eq!(
            Envelope::new(&shown).with_formatted_detail(text).to_vec(),
            Envelope::new(&shown).to_vec()
        );

        let withheld = RequestProblem::ExtractorMisconfigured {
            reason: "secret".into(),
        };
        let report = ProblemReport::probe(&withheld, CauseOf::None, |_| true);
        assert_eq!(
            report.as_ref().and_then(|r| r.detail.as_deref()),
            Some("secret")
        );
        assert_eq!(shown_detail(&report), None);
        // Even when given one, the writer has no detail to replace.
        let body = Envelope::new(&withheld)
            .with_formatted_detail(Some("secret"))
            .to_vec();
        assert_eq!(body, Envelope::new(&withheld).to_vec());
        assert!(!String::from_utf8_lossy(&body).contains("secret"));
    }
}
