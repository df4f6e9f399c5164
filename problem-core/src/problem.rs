//! The [`Problem`] trait, and the [`Envelope`] that writes an occurrence:
//! it runs the problem's `__write` (the code the derive generates) into the
//! sink each job needs (`sinks/`), with the request's context and language.

use core::fmt;
use std::io;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::catalog::Catalog;
use crate::details::ProblemDetails;
#[cfg(feature = "i18n")]
use crate::i18n::Localizer;
use crate::protocol::{Context, EnvelopeShape, Head, Sink};
use crate::sinks::details::DetailsSink;
use crate::sinks::facts;
use crate::sinks::json::JsonSink;
use crate::sinks::serde::{Part, SerdeSink};
use crate::status::error_status;
use crate::translate::Translate;
use crate::withhold::detail_shown;

/// `tonic::Code::Unknown`'s value (gRPC's `UNKNOWN`).
const GRPC_UNKNOWN: i32 = 2;

/// An error that can be rendered as RFC 9457 problem details.
///
/// Implemented by `#[derive(Problem)]`; see the [crate documentation](crate)
/// for the attributes. Every method answers for one occurrence (`self`); the
/// [`CATALOG`](Problem::CATALOG) lists every problem the type can produce.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `Problem`",
    label = "not a `Problem`",
    note = "derive it with `#[derive(Problem)]`; a `#[problem(transparent)]` variant wraps a type that is itself a `Problem`"
)]
pub trait Problem {
    /// Every problem this type can produce, including those of the types its
    /// `transparent` variants wrap.
    const CATALOG: Catalog;

    /// The JSON shape of this type's envelope (`#[problem(envelope = "..")]`):
    /// RFC 9457 unless the type asks for another. A type's own shape is used
    /// for everything it serializes, including what its `transparent`
    /// variants wrap.
    const ENVELOPE: EnvelopeShape = EnvelopeShape::Rfc9457;

    /// The stable, machine-readable code, such as `scans.not_found`.
    fn code(&self) -> &'static str;

    /// The HTTP status of this occurrence (a `#[problem(status)]` field wins
    /// over the declared status).
    fn status(&self) -> u16;

    /// The `type` URI: the container's `type_base` followed by the code, the
    /// variant's `type_uri`, or `about:blank`.
    fn type_uri(&self) -> &'static str;

    /// The short summary of the problem type, constant per code.
    fn title(&self) -> &'static str;

    /// Whether the same request may succeed later.
    fn retryable(&self) -> bool;

    /// The detail the envelope carries: `None` when the variant has none,
    /// when the status is 5xx and the detail is not exposed, or when
    /// formatting it fails (a field's `Display` returns `Err`: the detail is
    /// then left out of every envelope too, and nothing panics).
    fn detail(&self) -> Option<String>;

    /// Seconds after which a retry may succeed (a `#[problem(retry_after)]` field).
    fn retry_after(&self) -> Option<u64> {
        None
    }

    /// The serializable envelope of this occurrence, to which per-request
    /// context can be added.
    fn envelope(&self) -> Envelope<'_, Self> {
        Envelope::new(self)
    }

    /// The envelope as owned [`ProblemDetails`]: equal to what deserializing
    /// the serialized envelope gives. The details are the RFC 9457 members
    /// whatever the type's [`ENVELOPE`](Problem::ENVELOPE) shape (the wrapped
    /// and flat shapes carry a part of them: see [`EnvelopeShape`]).
    fn to_details(&self) -> ProblemDetails {
        self.envelope().to_details()
    }

    /// Writes the envelope's members, in wire order, into a sink. Generated
    /// by the derive; the default serves hand-written implementations.
    #[doc(hidden)]
    fn __write<S: Sink>(&self, sink: &mut S) -> Result<(), S::Error> {
        // A status that is not an error status (a relayed transport error's
        // 0) is written as the 500 every response of it is, and its detail,
        // written for another status, is withheld as a 5xx detail is. Its
        // gRPC code is `Unknown`, as for such `ProblemDetails`, also through
        // a `transparent` variant that wraps it.
        let (status, shown, grpc_code) = match error_status(self.status()) {
            Some(status) => (status, true, None),
            None => (500, detail_shown(500, false), Some(GRPC_UNKNOWN)),
        };
        let retryable = self.retryable();
        let head = Head {
            code: self.code(),
            type_uri: self.type_uri(),
            title: self.title(),
            shape: EnvelopeShape::Rfc9457,
            json_open: "",
            json_code_or_message: "",
            status,
            retryable: Some(retryable),
            expose_detail: false,
            display_detail: false,
            description: "",
            aliases: &[],
            log: None,
            grpc_code,
        };
        match self.detail().filter(|_| shown) {
            Some(detail) => sink.start(
                &head,
                status,
                retryable,
                Some(format_args!("{detail}")),
                None,
            )?,
            None => sink.start(&head, status, retryable, None, None)?,
        }
        if let Some(secs) = self.retry_after() {
            sink.retry_after(secs)?;
        }
        Ok(())
    }

    /// Formats the argument `name` of this occurrence's `detail` template
    /// into `f`, as the template formats it; `None` when the template has
    /// no such argument. Generated by the derive, for translated details.
    #[doc(hidden)]
    fn __detail_arg(&self, name: &str, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        let _ = (name, f);
        None
    }
}

/// A problem ready to be serialized, with optional per-request context.
///
/// `Envelope` implements [`serde::Serialize`] and allocates nothing itself;
/// [`to_vec`](Envelope::to_vec) and [`to_writer`](Envelope::to_writer) are the
/// fast path and write the same bytes as `serde_json::to_vec(&envelope)`.
/// Both write the problem type's [`EnvelopeShape`].
///
/// ```
/// use problem_core::Problem;
///
/// #[derive(Debug, Problem)]
/// #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
/// struct ScanNotFound {
///     id: u64,
/// }
///
/// let err = ScanNotFound { id: 42 };
/// let json = err.envelope().instance("/scans/42").request_id("req-1").to_vec();
/// assert_eq!(
///     String::from_utf8(json).unwrap(),
///     r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"scan 42 was not found","instance":"/scans/42","code":"scans.not_found","request_id":"req-1"}"#
/// );
/// ```
pub struct Envelope<'a, P: ?Sized> {
    problem: &'a P,
    ctx: Context<'a>,
    /// The problem's detail, formatted already (by the probe that read it
    /// for the logs): the JSON writer writes it rather than formatting the
    /// problem's again. Never anything but the problem's own detail.
    formatted_detail: Option<&'a str>,
    /// The localizer and the language asked for.
    #[cfg(feature = "i18n")]
    locale: Option<(&'a dyn Localizer, &'a str)>,
}

impl<P: ?Sized> Clone for Envelope<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized> Copy for Envelope<'_, P> {}

impl<P: ?Sized> fmt::Debug for Envelope<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Envelope");
        d.field("instance", &self.ctx.instance)
            .field("request_id", &self.ctx.request_id)
            .field("trace_id", &self.ctx.trace_id);
        #[cfg(feature = "i18n")]
        d.field("lang", &self.locale.map(|(_, lang)| lang));
        d.finish_non_exhaustive()
    }
}

impl<'a, P: ?Sized + Problem> Envelope<'a, P> {
    /// The envelope of `problem`, without context.
    #[must_use]
    pub fn new(problem: &'a P) -> Self {
        Envelope {
            problem,
            ctx: Context::default(),
            formatted_detail: None,
            #[cfg(feature = "i18n")]
            locale: None,
        }
    }

    /// The problem this envelope renders.
    #[must_use]
    pub fn problem(&self) -> &'a P {
        self.problem
    }

    /// The shape this envelope is written in: the problem type's
    /// [`ENVELOPE`](Problem::ENVELOPE).
    #[must_use]
    pub fn shape(&self) -> EnvelopeShape {
        P::ENVELOPE
    }

    /// The `instance` URI of this occurrence. A `#[problem(instance)]` field
    /// that holds a value takes precedence: it is the more specific of the
    /// two. Not written in the wrapped and flat shapes (see [`EnvelopeShape`]).
    #[must_use]
    pub fn instance(mut self, instance: &'a str) -> Self {
        self.ctx.instance = Some(instance);
        self
    }

    /// The `request_id` member.
    #[must_use]
    pub fn request_id(mut self, request_id: &'a str) -> Self {
        self.ctx.request_id = Some(request_id);
        self
    }

    /// The `trace_id` member.
    #[must_use]
    pub fn trace_id(mut self, trace_id: &'a str) -> Self {
        self.ctx.trace_id = Some(trace_id);
        self
    }

    /// Renders the title and detail in the language `lang` (a BCP 47 tag
    /// such as `de-CH`), from `localizer`'s translations of the problem's
    /// code, falling back to less specific tags (`de`) and then to the text
    /// written in `#[problem(..)]`. The code, the status, the type URI and the
    /// extension members do not change; a withheld detail stays withheld.
    /// See [`i18n`](crate::i18n) (feature `i18n`).
    #[cfg(feature = "i18n")]
    #[must_use]
    pub fn localized(mut self, localizer: &'a dyn Localizer, lang: &'a str) -> Self {
        self.locale = Some((localizer, lang));
        self
    }

    /// The envelope as JSON bytes, the same as `serde_json::to_vec(&self)`.
    ///
    /// An extension value whose `Serialize` implementation fails is left out
    /// (where `serde_json::to_vec` would return the error); a detail whose
    /// formatting fails is left out, by both.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.write_into(&mut out);
        out
    }

    /// Appends the envelope's JSON to a buffer.
    pub fn write_into(&self, out: &mut Vec<u8>) {
        let args = |name: &str, f: &mut fmt::Formatter<'_>| self.problem.__detail_arg(name, f);
        let mut sink = JsonSink::new(out, &self.ctx, P::ENVELOPE, self.translate(&args))
            .formatted_detail(self.formatted_detail);
        match self.problem.__write(&mut sink) {
            Ok(()) => {}
            Err(never) => match never {},
        }
        sink.finish()
    }

    /// Writes the envelope's JSON to `w` in one `write_all`.
    ///
    /// # Errors
    ///
    /// What `w` returns.
    pub fn to_writer<W: io::Write>(&self, mut w: W) -> io::Result<()> {
        w.write_all(&self.to_vec())
    }

    /// The envelope as owned [`ProblemDetails`]: its RFC 9457 members, in
    /// its language, whatever the shape.
    #[must_use]
    pub fn to_details(&self) -> ProblemDetails {
        let args = |name: &str, f: &mut fmt::Formatter<'_>| self.problem.__detail_arg(name, f);
        let mut sink = DetailsSink::new(&self.ctx, self.translate(&args));
        match self.problem.__write(&mut sink) {
            Ok(()) => {}
            Err(never) => match never {},
        }
        sink.finish()
    }

    /// The per-request context.
    #[cfg(any(
        feature = "axum",
        feature = "actix-web",
        all(feature = "tonic", feature = "tracing")
    ))]
    pub(crate) fn context(&self) -> Context<'a> {
        self.ctx
    }

    /// The envelope, with the problem's detail as `detail` formatted it
    /// (the text [`Problem::detail`] and a probe give): written as it is
    /// when the wire shows a detail (and no translation replaces it), so
    /// that a problem logged and sent formats its detail once. A withheld
    /// detail stays withheld: the writer only ever replaces a detail the
    /// problem gives the wire.
    #[cfg(feature = "axum")]
    pub(crate) fn with_formatted_detail(mut self, detail: Option<&'a str>) -> Self {
        self.formatted_detail = detail;
        self
    }

    /// Whether the envelope is rendered in a language of its own.
    #[cfg(all(feature = "axum", feature = "i18n"))]
    pub(crate) fn is_localized(&self) -> bool {
        self.locale.is_some()
    }

    /// Whether per-request context (`instance`, `request_id`, `trace_id`) is set.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn has_context(&self) -> bool {
        self.ctx != Context::default()
    }

    /// The translations in use, if the envelope is localized. `args` formats
    /// the problem's detail arguments for a translated template.
    #[cfg(feature = "i18n")]
    fn translate<'s>(
        &'s self,
        args: &'s dyn Fn(&str, &mut fmt::Formatter<'_>) -> Option<fmt::Result>,
    ) -> Option<Translate<'s>> {
        self.locale
            .map(|(localizer, lang)| Translate::new(localizer, lang, args))
    }

    /// Without the `i18n` feature: never localized.
    #[cfg(not(feature = "i18n"))]
    fn translate<'s>(
        &'s self,
        _: &'s dyn Fn(&str, &mut fmt::Formatter<'_>) -> Option<fmt::Result>,
    ) -> Option<Translate<'s>> {
        None
    }

    /// Runs the problem's `__write` into a serde map in one of the parts the
    /// wrapped and flat shapes are made of.
    fn write_part<M: SerializeMap>(&self, map: M, part: Part) -> Result<M, M::Error> {
        let args = |name: &str, f: &mut fmt::Formatter<'_>| self.problem.__detail_arg(name, f);
        let mut sink = SerdeSink::new(map, &self.ctx, self.translate(&args), P::ENVELOPE, part);
        self.problem.__write(&mut sink)?;
        sink.finish()
    }

    /// Whether the occurrence writes anything into `details`.
    fn has_details(&self) -> bool {
        facts::has_details(|sink| self.problem.__write(sink))
    }
}

impl<P: ?Sized + Problem> Serialize for Envelope<'_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let map = serializer.serialize_map(None)?;
        let map = match P::ENVELOPE {
            EnvelopeShape::Rfc9457 => self.write_part(map, Part::Whole)?,
            EnvelopeShape::Wrapped => {
                let mut map = map;
                map.serialize_entry("schema_version", &1u8)?;
                map.serialize_entry("error", &WrappedError(self))?;
                map
            }
            EnvelopeShape::Flat => {
                let mut map = self.write_part(map, Part::Header)?;
                if self.has_details() {
                    map.serialize_entry("details", &DetailsPart(self))?;
                }
                map
            }
        };
        map.end()
    }
}

/// The `error` object of the wrapped shape.
struct WrappedError<'e, 'a, P: ?Sized>(&'e Envelope<'a, P>);

impl<P: ?Sized + Problem> Serialize for WrappedError<'_, '_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = self
            .0
            .write_part(serializer.serialize_map(None)?, Part::Header)?;
        map.serialize_entry("details", &DetailsPart(self.0))?;
        map.end()
    }
}

/// The `details` object of the wrapped and flat shapes.
struct DetailsPart<'e, 'a, P: ?Sized>(&'e Envelope<'a, P>);

impl<P: ?Sized + Problem> Serialize for DetailsPart<'_, '_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0
            .write_part(serializer.serialize_map(None)?, Part::Details)?
            .end()
    }
}
