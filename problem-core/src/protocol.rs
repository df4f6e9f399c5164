//! The sink protocol: how an occurrence's members travel from the code the
//! derive generates (`Problem::__write`) to a writer, a [`Sink`].
//!
//! Generated code calls a sink with a [`Head`] (the constant members of the
//! problem type, with their JSON pre-rendered for its [`EnvelopeShape`]),
//! the occurrence's status, detail and instance, then its extension members
//! and field errors, in wire order; the sink adds the [`Context`] of the
//! request. Each writer in `sinks/` implements `Sink` and knows nothing but
//! this module and the model: what to write, not which problem writes it.

use core::fmt;

use serde::Serialize;

use crate::details::{ABOUT_BLANK, FieldError};
use crate::log_level::LogLevel;

/// The media type of RFC 9457 problem details.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// The JSON shape of an envelope, chosen once per type with the container
/// attribute `#[problem(envelope = "rfc9457" | "wrapped" | "flat")]`.
///
/// Every shape carries the same code and status (on the response) and is
/// honoured everywhere: [`Envelope`](crate::Envelope)'s serde serialization, the fast path
/// ([`to_vec`](crate::to_vec)), framework responses (with `Content-Type:
/// application/json` for the two shapes that are not RFC 9457), and client
/// parsing ([`ProblemDetails::from_response`](crate::ProblemDetails::from_response) recognises all three, so
/// [`FromProblem`](crate::FromProblem) decodes each).
///
/// | shape | members |
/// |---|---|
/// | `rfc9457` | `type`, `title`, `status`, `detail`, `instance`, `code`, `request_id`, `trace_id`, extensions, `retry_after`, `errors` (see [the wire format](crate#the-wire-format)) |
/// | `wrapped` | `{"schema_version":1,"error":{"code","message","retryable","request_id"?,"trace_id"?,"details"}}` |
/// | `flat` | `{"code","message","request_id"?,"trace_id"?,"details"?}` |
///
/// In the wrapped and flat shapes, `message` is the detail when the
/// occurrence has one (a withheld 5xx detail does not count), and the title
/// otherwise; `details` holds what the RFC 9457 shape writes as members of
/// its own: an `instance` field, the extension members and `retry_after` in
/// field order, then `errors`. The wrapped shape always writes `details`
/// (`{}` when empty); the flat shape leaves it out when empty. `type`,
/// `title` and `status` are not written (the status is the response's).
/// A per-request instance ([`Envelope::instance`](crate::Envelope::instance), and the path that the
/// axum integration's `ProblemLayer` adds) is an RFC 9457 member and is not
/// written in these shapes; `request_id` and `trace_id` are.
///
/// ```
/// use problem_core::Problem;
///
/// #[derive(Debug, Problem)]
/// #[problem(envelope = "wrapped")]
/// enum RepoError {
///     #[problem(code = "not_found", status = 404, detail = "Repository {id} not found")]
///     NotFound { id: String },
/// }
///
/// let err = RepoError::NotFound { id: "abc123".into() };
/// assert_eq!(
///     String::from_utf8(problem_core::to_vec(&err)).unwrap(),
///     r#"{"schema_version":1,"error":{"code":"not_found","message":"Repository abc123 not found","retryable":false,"details":{}}}"#
/// );
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EnvelopeShape {
    /// RFC 9457 problem details, `application/problem+json` (the default).
    #[default]
    Rfc9457,
    /// `{"schema_version":1,"error":{..}}`, `application/json`.
    Wrapped,
    /// `{"code","message",..}`, `application/json`.
    Flat,
}

impl EnvelopeShape {
    /// The media type of a response in this shape: `application/problem+json`
    /// for RFC 9457, `application/json` for the others.
    #[must_use]
    pub const fn content_type(self) -> &'static str {
        match self {
            EnvelopeShape::Rfc9457 => CONTENT_TYPE,
            EnvelopeShape::Wrapped | EnvelopeShape::Flat => "application/json",
        }
    }

    /// The name the `envelope` attribute takes: `rfc9457`, `wrapped`, `flat`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            EnvelopeShape::Rfc9457 => "rfc9457",
            EnvelopeShape::Wrapped => "wrapped",
            EnvelopeShape::Flat => "flat",
        }
    }
}

impl fmt::Display for EnvelopeShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The constant members of one problem type, with their pre-rendered JSON.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Head {
    pub code: &'static str,
    pub type_uri: &'static str,
    pub title: &'static str,
    /// The shape `json_open` and `json_code_or_message` are rendered for.
    pub shape: EnvelopeShape,
    /// The opening up to the first dynamic member: RFC 9457
    /// `{"type":"…","title":"…","status":`; wrapped
    /// `{"schema_version":1,"error":{"code":"…"`; flat `{"code":"…"`.
    /// Empty: rendered at run time.
    pub json_open: &'static str,
    /// The constant member that follows the opening's dynamic members: RFC
    /// 9457 `,"code":"…"` (after `status`, `detail` and `instance`); wrapped
    /// and flat `,"message":"<title>"`, the message of an occurrence without
    /// a detail. Empty: rendered at run time.
    pub json_code_or_message: &'static str,
    /// The declared status (an occurrence's `#[problem(status)]` field may
    /// override it).
    pub status: u16,
    /// `retryable` as written; `None`: from the occurrence's status.
    pub retryable: Option<bool>,
    /// `expose_detail`: a 5xx detail goes on the wire.
    pub expose_detail: bool,
    /// `display_detail`: the detail is the value's `Display`.
    pub display_detail: bool,
    /// The doc comment: the catalog's description.
    pub description: &'static str,
    /// The aliases.
    pub aliases: &'static [&'static str],
    /// `log = ".."`, the variant's or else its type's; `None`: from the status.
    pub log: Option<LogLevel>,
    /// `grpc_code = ".."` as `tonic::Code`'s value (0..=16); `None`: from
    /// the status.
    pub grpc_code: Option<i32>,
}

impl Head {
    /// The head of an occurrence that writes none (a hand-written `__write`
    /// that writes nothing): an `about:blank` 500.
    pub const UNKNOWN: Head = Head {
        code: "",
        type_uri: ABOUT_BLANK,
        title: "",
        shape: EnvelopeShape::Rfc9457,
        json_open: "",
        json_code_or_message: "",
        status: 500,
        retryable: None,
        expose_detail: false,
        display_detail: false,
        description: "",
        aliases: &[],
        log: None,
        grpc_code: None,
    };

    /// The pre-rendered `(json_open, json_code_or_message)`, when they were
    /// rendered for `shape`.
    pub(crate) fn json_for(&self, shape: EnvelopeShape) -> Option<(&'static str, &'static str)> {
        let rendered = !self.json_open.is_empty() && !self.json_code_or_message.is_empty();
        (self.shape == shape && rendered).then_some((self.json_open, self.json_code_or_message))
    }
}

/// Receives an envelope's members in wire order. The derive's generated code
/// (`Problem::__write`) calls these; each writer implements it (see the
/// `sinks` folder).
///
/// `start` comes first, then the extension members and `retry_after` in
/// field order, then `errors`. A detail comes as `fmt::Arguments`, so that
/// a sink formats it where it needs it: a detail whose formatting fails is
/// left out (`format_detail`).
#[doc(hidden)]
pub trait Sink {
    type Error;
    /// The members up to `code`, in one call: what the derive's code calls
    /// first for every variant.
    fn start(
        &mut self,
        head: &Head,
        status: u16,
        retryable: bool,
        detail: Option<fmt::Arguments<'_>>,
        instance: Option<&str>,
    ) -> Result<(), Self::Error> {
        self.head(head, status, retryable)?;
        if let Some(detail) = detail {
            self.detail(detail)?;
        }
        self.instance(instance)?;
        self.code(head)
    }
    fn head(&mut self, head: &Head, status: u16, retryable: bool) -> Result<(), Self::Error>;
    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error>;
    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error>;
    fn code(&mut self, head: &Head) -> Result<(), Self::Error>;
    /// An extension member: its name, and its key pre-rendered as JSON
    /// (`,"name":`).
    fn extension<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error>;
    fn retry_after(&mut self, secs: u64) -> Result<(), Self::Error>;
    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Self::Error>;
}

/// A detail's text, or `None` when formatting it fails (a field's `Display`
/// returned `Err`): then the detail is left out, on every path, rather than
/// panicking as `format!` does or sending what was written before the error.
pub(crate) fn format_detail(detail: fmt::Arguments<'_>) -> Option<String> {
    if let Some(s) = detail.as_str() {
        return Some(s.to_owned());
    }
    // Room for most details at once: growing from empty reallocates at 8,
    // 16 and 32 bytes.
    let mut text = String::with_capacity(DETAIL_CAPACITY);
    fmt::write(&mut text, detail).ok().map(|()| text)
}

/// The room [`format_detail`] starts with.
const DETAIL_CAPACITY: usize = 64;

/// Per-request members added to an envelope: given to the sinks beside the
/// problem's own members (the frameworks' layers set them for each request).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Context<'a> {
    pub(crate) instance: Option<&'a str>,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) trace_id: Option<&'a str>,
}
