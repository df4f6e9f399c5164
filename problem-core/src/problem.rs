//! The [`Problem`] trait and the [`Envelope`] that serializes a problem.

use core::cell::Cell;
use core::fmt;
use std::io;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::catalog::Catalog;
use crate::details::{FieldError, ProblemDetails};
use crate::json::JsonSink;

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

    /// The detail the envelope carries: `None` when the variant has none, or
    /// when the status is 5xx and the detail is not exposed.
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
    /// the serialized envelope gives.
    fn to_details(&self) -> ProblemDetails {
        self.envelope().to_details()
    }

    /// Writes the envelope's members, in wire order, into a sink. Generated
    /// by the derive; the default serves hand-written implementations.
    #[doc(hidden)]
    fn __write<S: Sink>(&self, sink: &mut S) -> Result<(), S::Error> {
        let head = Head {
            code: self.code(),
            type_uri: self.type_uri(),
            title: self.title(),
            json_open: "",
            json_code: "",
        };
        sink.head(&head, self.status())?;
        if let Some(detail) = self.detail() {
            sink.detail(format_args!("{detail}"))?;
        }
        sink.instance(None)?;
        sink.code(&head)?;
        if let Some(secs) = self.retry_after() {
            sink.retry_after(secs)?;
        }
        Ok(())
    }
}

/// The constant members of one problem type, with their pre-rendered JSON.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Head {
    pub code: &'static str,
    pub type_uri: &'static str,
    pub title: &'static str,
    /// `{"type":"…","title":"…","status":`, or empty to render at run time.
    pub json_open: &'static str,
    /// `,"code":"…"`, or empty to render at run time.
    pub json_code: &'static str,
}

/// Receives an envelope's members in wire order. The derive's generated code
/// calls these; the serde serializer, the fast writer and `to_details` implement it.
#[doc(hidden)]
pub trait Sink {
    type Error;
    fn head(&mut self, head: &Head, status: u16) -> Result<(), Self::Error>;
    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error>;
    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error>;
    fn code(&mut self, head: &Head) -> Result<(), Self::Error>;
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

/// Per-request members added to an envelope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Context<'a> {
    pub(crate) instance: Option<&'a str>,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) trace_id: Option<&'a str>,
}

/// A problem ready to be serialized, with optional per-request context.
///
/// `Envelope` implements [`serde::Serialize`] and allocates nothing itself;
/// [`to_vec`](Envelope::to_vec) and [`to_writer`](Envelope::to_writer) are the
/// fast path and write the same bytes as `serde_json::to_vec(&envelope)`.
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
}

impl<P: ?Sized> Clone for Envelope<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized> Copy for Envelope<'_, P> {}

impl<P: ?Sized> fmt::Debug for Envelope<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Envelope")
            .field("instance", &self.ctx.instance)
            .field("request_id", &self.ctx.request_id)
            .field("trace_id", &self.ctx.trace_id)
            .finish_non_exhaustive()
    }
}

impl<'a, P: ?Sized + Problem> Envelope<'a, P> {
    /// The envelope of `problem`, without context.
    #[must_use]
    pub fn new(problem: &'a P) -> Self {
        Envelope {
            problem,
            ctx: Context::default(),
        }
    }

    /// The problem this envelope renders.
    #[must_use]
    pub fn problem(&self) -> &'a P {
        self.problem
    }

    /// The `instance` URI of this occurrence. A `#[problem(instance)]` field
    /// that holds a value takes precedence: it is the more specific of the two.
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

    /// The envelope as JSON bytes, the same as `serde_json::to_vec(&self)`.
    ///
    /// An extension value whose `Serialize` implementation fails is left out
    /// (where `serde_json::to_vec` would return the error).
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.write_into(&mut out);
        out
    }

    /// Appends the envelope's JSON to a buffer.
    pub fn write_into(&self, out: &mut Vec<u8>) {
        let mut sink = JsonSink {
            out,
            ctx: &self.ctx,
        };
        match self.problem.__write(&mut sink) {
            Ok(()) => {}
            Err(never) => match never {},
        }
        sink.out.push(b'}');
    }

    /// Writes the envelope's JSON to `w` in one `write_all`.
    ///
    /// # Errors
    ///
    /// What `w` returns.
    pub fn to_writer<W: io::Write>(&self, mut w: W) -> io::Result<()> {
        w.write_all(&self.to_vec())
    }

    /// The envelope as owned [`ProblemDetails`].
    #[must_use]
    pub fn to_details(&self) -> ProblemDetails {
        let mut sink = crate::details::DetailsSink {
            details: ProblemDetails::default(),
            ctx: &self.ctx,
        };
        match self.problem.__write(&mut sink) {
            Ok(()) => {}
            Err(never) => match never {},
        }
        sink.details
    }
}

impl<P: ?Sized + Problem> Serialize for Envelope<'_, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut sink = SerdeSink {
            map: serializer.serialize_map(None)?,
            ctx: &self.ctx,
        };
        self.problem.__write(&mut sink)?;
        sink.map.end()
    }
}

/// Serializes members into a serde map.
struct SerdeSink<'c, M> {
    map: M,
    ctx: &'c Context<'c>,
}

/// Serializes `fmt::Arguments` as a string without building one.
struct Args<'a>(fmt::Arguments<'a>);

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_str() {
            Some(s) => serializer.serialize_str(s),
            None => serializer.collect_str(&self.0),
        }
    }
}

/// Serializes an iterator of field errors once, as a sequence.
struct Seq<I>(Cell<Option<I>>);

impl<'e, I: Iterator<Item = &'e FieldError>> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(iter) => serializer.collect_seq(iter),
            None => serializer.collect_seq(core::iter::empty::<&FieldError>()),
        }
    }
}

impl<M: SerializeMap> Sink for SerdeSink<'_, M> {
    type Error = M::Error;

    fn head(&mut self, head: &Head, status: u16) -> Result<(), Self::Error> {
        self.map.serialize_entry("type", head.type_uri)?;
        self.map.serialize_entry("title", head.title)?;
        self.map.serialize_entry("status", &status)
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error> {
        self.map.serialize_entry("detail", &Args(detail))
    }

    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error> {
        match instance.or(self.ctx.instance) {
            Some(instance) => self.map.serialize_entry("instance", instance),
            None => Ok(()),
        }
    }

    fn code(&mut self, head: &Head) -> Result<(), Self::Error> {
        self.map.serialize_entry("code", head.code)?;
        if let Some(id) = self.ctx.request_id {
            self.map.serialize_entry("request_id", id)?;
        }
        if let Some(id) = self.ctx.trace_id {
            self.map.serialize_entry("trace_id", id)?;
        }
        Ok(())
    }

    fn extension<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        _json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.map.serialize_entry(name, value)
    }

    fn retry_after(&mut self, secs: u64) -> Result<(), Self::Error> {
        self.map.serialize_entry("retry_after", &secs)
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Self::Error> {
        let mut iter = errors.into_iter().peekable();
        if iter.peek().is_none() {
            return Ok(());
        }
        self.map
            .serialize_entry("errors", &Seq(Cell::new(Some(iter))))
    }
}
