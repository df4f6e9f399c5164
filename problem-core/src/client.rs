//! The client side: reading any server's error response into [`ProblemDetails`],
//! and decoding problem details into a typed error with [`FromProblem`].

use serde_json::Value;

use crate::details::{ABOUT_BLANK, ProblemDetails};
use crate::namespace::namespace_of;
use crate::protocol::format_detail;
use crate::status::reason_phrase;

/// How many characters of a non-problem body the synthesised `detail` keeps.
pub const DETAIL_CHARS: usize = 500;

/// Rebuilds a typed error from problem details: implemented by `#[derive(Problem)]`.
///
/// The derived implementation matches the `code` member against each
/// variant's code and aliases, then against the types its `transparent`
/// variants wrap (at any depth), and rebuilds the fields that travel on the
/// wire from the envelope's members:
///
/// | field marker | rebuilt from |
/// |---|---|
/// | `extension`, `extension = "name"` | the member of that name, deserialized into the field's type; an absent member reads as `null`, so an `Option` field is `None` |
/// | `errors` | the `errors` array, collected into the field's type (`Vec<FieldError>`, or any `FromIterator<FieldError>`) |
/// | `instance` | the `instance` member (`Option<String>` is `None` when it is absent) |
/// | `status` | the `status` member (the declared status when it is absent); for an `Option` field, the declared status reads as `None` |
/// | `retry_after` | the `retry_after` member, whole seconds; an `Option` field is `None` when the member is absent or not a non-negative integer (a `u32` field fails on seconds past `u32::MAX`) |
///
/// It returns `None` for a missing or unknown code, and for a variant that
/// **cannot be rebuilt**:
///
/// - a variant with a field that has no `#[problem(..)]` marker: such a field
///   never travels, so there is nothing to rebuild it from. Its code is still
///   recognised by [`Catalog::find`](crate::Catalog::find), but `from_problem`
///   gives `None` for it (it does not fall through to another variant);
/// - a variant with an extension or `errors` field whose type borrows
///   (`&str`, `Cow<'a, str>`, any lifetime but `'static`), or an `instance`
///   field of type `&str`: owned details cannot lend them (an
///   `Option<&str>` instance is rebuilt only as `None`, from an envelope
///   without `instance`);
/// - an extension whose type does not implement `serde::Deserialize`, or an
///   `errors` field whose type does not implement `FromIterator<FieldError>`;
/// - an occurrence whose required member is absent or does not deserialize
///   into the field's type (the code matched, the data did not).
///
/// For every other variant, `from_problem(&e.to_details())` is `Some(e)` (and
/// so is decoding the bytes of [`to_vec`](crate::to_vec) through
/// [`ProblemDetails::from_response`]), with two exceptions that the wire
/// cannot tell apart: a `Duration` retry-after with a fraction of a second
/// comes back rounded up to whole seconds, and an `Option` status field set to
/// the variant's declared status comes back as `None`. An extension comes back
/// as its JSON form deserializes (a float `NaN`, which JSON cannot carry, is
/// left off the envelope, so its variant is not rebuilt).
///
/// The status, title, type and detail of the envelope are not checked against
/// the variant: the code decides.
///
/// A type with `transparent` variants implements `FromProblem` when every
/// type they wrap does (every derived type does); wrapping a type that
/// implements [`Problem`](crate::Problem) by hand, without `FromProblem`,
/// compiles, and the error is reported where the wrapper is decoded.
///
/// ```
/// use problem_core::{FromProblem, Problem, ProblemDetails};
///
/// #[derive(Debug, PartialEq, Problem)]
/// enum QuotaError {
///     #[problem(code = "quota.exceeded", status = 429)]
///     Exceeded {
///         #[problem(extension)]
///         limit: u32,
///         #[problem(retry_after)]
///         retry_after: u64,
///     },
///     /// `tenant` has no marker: this variant cannot be rebuilt.
///     #[problem(code = "quota.disabled", status = 403, detail = "quotas are off for {tenant}")]
///     Disabled { tenant: String },
/// }
///
/// let body = br#"{"type":"about:blank","status":429,"code":"quota.exceeded","limit":100,"retry_after":30}"#;
/// let details = ProblemDetails::from_response(429, Some("application/problem+json"), body);
/// assert_eq!(QuotaError::from_problem(&details), Some(QuotaError::Exceeded { limit: 100, retry_after: 30 }));
///
/// let disabled = QuotaError::Disabled { tenant: "acme".into() }.to_details();
/// assert_eq!(disabled.detail.as_deref(), Some("quotas are off for acme"));
/// assert_eq!(QuotaError::from_problem(&disabled), None);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded from problem details: it does not implement `FromProblem`",
    label = "not `FromProblem`",
    note = "derive it with `#[derive(Problem)]`, which implements `FromProblem` beside `Problem`, or implement `FromProblem` by hand; a `#[problem(transparent)]` variant is decoded by the `FromProblem` of the type it wraps"
)]
pub trait FromProblem: Sized {
    /// The typed error these details describe, if they describe one of this type's.
    fn from_problem(details: &ProblemDetails) -> Option<Self>;
}

/// Whether a media type is JSON: `application/json`, `application/problem+json`
/// or any `+json` subtype, in any case, parameters allowed.
#[must_use]
pub fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let Some((ty, subtype)) = essence.split_once('/') else {
        return false;
    };
    let subtype = subtype.trim();
    ty.trim().eq_ignore_ascii_case("application") && subtype.eq_ignore_ascii_case("json")
        || subtype.len() > 5
            && subtype
                .get(subtype.len() - 5..)
                .is_some_and(|end| end.eq_ignore_ascii_case("+json"))
}

impl ProblemDetails {
    /// Reads any HTTP error response into problem details; never panics.
    ///
    /// When the content type is JSON (see [`is_json_media_type`]), absent or
    /// empty, the body is parsed as problem details (leniently, see
    /// [`from_json_object`](ProblemDetails::from_json_object); a leading UTF-8
    /// byte order mark is skipped; a missing `status` member takes the HTTP
    /// status). For any other content type, a body that does not parse (nested
    /// deeper than 128 levels included), or JSON that is not an object, the
    /// details are synthesised: `type` `about:blank`, the status's reason
    /// phrase (or "HTTP error") as title, the HTTP status, code
    /// `http.<status>`, and the first 500 characters of the body as detail
    /// (cut on a character boundary, invalid UTF-8 replaced by U+FFFD; no
    /// detail for a body that is empty or only whitespace).
    ///
    /// Only the first 2,000 bytes of a body that is not parsed are read, so a
    /// huge HTML page costs no more than a small one.
    ///
    /// ```
    /// use problem_core::ProblemDetails;
    ///
    /// let p = ProblemDetails::from_response(502, Some("text/html"), b"<html>Bad Gateway</html>");
    /// assert_eq!(p.code.as_deref(), Some("http.502"));
    /// assert_eq!(p.title.as_deref(), Some("Bad Gateway"));
    /// assert_eq!(p.detail.as_deref(), Some("<html>Bad Gateway</html>"));
    /// ```
    #[must_use]
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Self {
        // An empty `Content-Type` header says no more than a missing one.
        let content_type = content_type.filter(|ct| !ct.trim().is_empty());
        if content_type.is_none_or(is_json_media_type) {
            // serde_json bounds its recursion (128 levels), so deeply nested
            // input is an error here, not a stack overflow. A UTF-8 byte order
            // mark, which some servers write, is not JSON: skip it.
            let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            if let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(json) {
                let mut details = ProblemDetails::from_json_object(obj);
                details.status.get_or_insert(status);
                return details;
            }
        }
        Self::synthesised(status, body)
    }

    fn synthesised(status: u16, body: &[u8]) -> Self {
        // 500 characters are at most 2000 bytes, and a cut multi-byte
        // character at the end of the prefix comes after the 500th.
        let prefix = &body[..body.len().min(DETAIL_CHARS * 4)];
        let text = String::from_utf8_lossy(prefix);
        let detail: String = text.chars().take(DETAIL_CHARS).collect();
        ProblemDetails {
            type_uri: ABOUT_BLANK.to_owned(),
            title: Some(reason_phrase(status).unwrap_or("HTTP error").to_owned()),
            status: Some(status),
            detail: (!detail.trim().is_empty()).then_some(detail),
            code: Some(format!("http.{status}")),
            ..ProblemDetails::default()
        }
    }

    /// Details for a request that got no HTTP response at all (connection
    /// refused, timeout, TLS failure): code `transport.error`, status 0, the
    /// error's text as detail (none when its `Display` fails). For a
    /// `std::error::Error`, [`transport_error`](ProblemDetails::transport_error)
    /// keeps its causes too.
    ///
    /// ```
    /// let p = problem_core::ProblemDetails::transport("connection refused");
    /// assert_eq!(p.code.as_deref(), Some("transport.error"));
    /// assert_eq!(p.status, Some(0));
    /// assert_eq!(p.detail.as_deref(), Some("connection refused"));
    /// ```
    #[must_use]
    pub fn transport(err: impl core::fmt::Display) -> Self {
        ProblemDetails {
            title: Some("Transport error".to_owned()),
            status: Some(0),
            detail: format_detail(format_args!("{err}")),
            code: Some("transport.error".to_owned()),
            ..ProblemDetails::default()
        }
    }

    /// The code's namespace, as the catalog groups codes
    /// ([`namespace_of`](crate::namespace_of)): its first `.`-separated
    /// segment (`auth` for `auth.api_key.expired`), or for a
    /// `SCREAMING_SNAKE` code without dots its first `_` segment (`SCAN` for
    /// `SCAN_NOT_FOUND`), or the whole code. `None` when there is no code or
    /// the namespace is empty.
    ///
    /// ```
    /// let mut p = problem_core::ProblemDetails::transport("timed out");
    /// assert_eq!(p.namespace(), Some("transport"));
    /// p.code = Some("auth.api_key.expired".into());
    /// assert_eq!(p.namespace(), Some("auth"));
    /// p.code = Some("SCAN_NOT_FOUND".into());
    /// assert_eq!(p.namespace(), Some("SCAN"));
    /// p.code = None;
    /// assert_eq!(p.namespace(), None);
    /// ```
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        let code = self.code.as_deref()?;
        Some(namespace_of(code)).filter(|ns| !ns.is_empty())
    }

    /// Decodes these details into a typed error; see [`FromProblem`].
    #[must_use]
    pub fn decode<E: FromProblem>(&self) -> Option<E> {
        E::from_problem(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        for yes in [
            "application/json",
            "application/problem+json",
            "Application/Problem+JSON; charset=utf-8",
            "application/vnd.api+json",
            " application/json ;q=1",
        ] {
            assert!(is_json_media_type(yes), "{yes}");
        }
        for no in [
            "text/html",
            "application/jsonx",
            "text/plain; charset=json",
            "+json",
            "application/+json",
            "",
        ] {
            assert!(!is_json_media_type(no), "{no}");
        }
    }

    #[test]
    fn synthesised_detail_is_cut_on_a_character_boundary() {
        let body = "é".repeat(600);
        let p = ProblemDetails::from_response(500, Some("text/plain"), body.as_bytes());
        assert_eq!(p.detail.as_deref().map(|d| d.chars().count()), Some(500));
        assert!(p.detail.unwrap().chars().all(|c| c == 'é'));
        let p = ProblemDetails::from_response(499, Some("text/plain"), &[0xff, b'a']);
        assert_eq!(p.detail.as_deref(), Some("\u{fffd}a"));
        assert_eq!(p.title.as_deref(), Some("HTTP error"));
    }
}
