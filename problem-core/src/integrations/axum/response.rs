//! Problem responses: `IntoResponse` for derived types (through the hidden
//! [`problem_response`]), [`ProblemDetails`] and [`Envelope`], each
//! carrying the [`Rendered`] record that `ProblemLayer` adds context with.

use ::axum::body::{Body, Bytes};
#[cfg(feature = "i18n")]
use ::axum::http::header::{CONTENT_LANGUAGE, HeaderValue, VARY};
use ::axum::response::{IntoResponse, Response};

#[cfg(feature = "i18n")]
use super::locale::LocaleScope;
use super::splice::Rendered;
use crate::details::ProblemDetails;
#[cfg(feature = "i18n")]
use crate::i18n::{self, Localizer, with_fallbacks};
use crate::integrations::http::response;
use crate::problem::{Envelope, Problem};
use crate::protocol::CONTENT_TYPE;

/// The response of a problem: what a derived type's `IntoResponse` returns.
#[doc(hidden)]
pub fn problem_response<P: ?Sized + Problem>(problem: &P) -> Response {
    #[cfg(feature = "i18n")]
    if let Some(scope) = LocaleScope::current() {
        return localized_response(problem, &scope);
    }
    envelope_response(&Envelope::new(problem))
}

/// An envelope's response. Without per-request context, it carries the
/// [`Rendered`] record `ProblemLayer` adds context with; with context, the
/// body is final.
fn envelope_response<P: ?Sized + Problem>(envelope: &Envelope<'_, P>) -> Response {
    let problem = envelope.problem();
    let (body, rendered) = if envelope.has_context() {
        (Bytes::from(envelope.to_vec()), None)
    } else {
        let mut body = Vec::with_capacity(256);
        let offsets = envelope.write_marked(&mut body);
        let body = Bytes::from(body);
        let rendered = Rendered::envelope(body.clone(), offsets);
        (body, Some(rendered))
    };
    let mut response = response(
        problem.status(),
        problem.retry_after(),
        envelope.shape().content_type(),
        Body::from(body),
    );
    if let Some(rendered) = rendered {
        response.extensions_mut().insert(rendered);
    }
    response
}

/// A problem's response under a localizing `ProblemLayer`.
#[cfg(feature = "i18n")]
fn localized_response<P: ?Sized + Problem>(problem: &P, scope: &LocaleScope) -> Response {
    // Under a localizing `ProblemLayer`: the caller's language, if the
    // localizer has one that `Accept-Language` accepts.
    let localizer: &dyn Localizer = &*scope.localizer;
    let languages = localizer.languages();
    let lang = scope
        .accept_language
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| i18n::negotiate(accept, &languages));
    let mut response = match lang {
        Some(lang) => envelope_response(&Envelope::new(problem).localized(localizer, lang)),
        None => envelope_response(&Envelope::new(problem)),
    };
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("accept-language"));
    if let Some(lang) = lang.filter(|lang| translates(localizer, lang, problem.code()))
        && let Ok(value) = HeaderValue::from_str(lang)
    {
        headers.insert(CONTENT_LANGUAGE, value);
    }
    response
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

impl IntoResponse for ProblemDetails {
    /// The status (500 when absent or not an error status), `Content-Type:
    /// application/problem+json`, `Retry-After` from a `retry_after` member,
    /// and the serialized details.
    fn into_response(self) -> Response {
        let body = Bytes::from(self.to_json());
        let mut response = response(
            self.status.unwrap_or(500),
            self.retry_after(),
            CONTENT_TYPE,
            Body::from(body.clone()),
        );
        let rendered = Rendered::details(body, self);
        response.extensions_mut().insert(rendered);
        response
    }
}

impl<P: ?Sized + Problem> IntoResponse for Envelope<'_, P> {
    /// As the problem's response, with the envelope's context in the body.
    /// [`ProblemLayer`](super::ProblemLayer) leaves such a body as it is.
    fn into_response(self) -> Response {
        envelope_response(&self)
    }
}
