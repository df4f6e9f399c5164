//! Items the derive's generated code names by absolute path. Not public API:
//! nothing here is covered by semver.

use core::fmt;
use core::marker::PhantomData;
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use core;
// Framework crates and helpers for the integrations' hidden macros (per feature).
#[allow(unused_imports)]
pub use crate::integrations::__private::*;
pub use serde;
pub use serde_json;
pub use std;

pub use core::format_args;
pub use core::option::Option;
pub use core::option::Option::{None, Some};
pub use core::result::Result;
pub use std::string::String;

pub use crate::catalog::{Catalog, ProblemSpec, assert_unique, collect_codes};
pub use crate::client::FromProblem;
pub use crate::details::{FieldError, ProblemDetails};
pub use crate::log_level::LogLevel;
pub use crate::problem::{EnvelopeShape, Head, Problem, Sink};
pub use crate::status::default_retryable;

// ---- the per-type table ---------------------------------------------------
//
// The derive emits one `const` array of heads per type, a `head(..)` per
// variant (with `with_..` for the keys a variant rarely has); the catalog's
// specs and hash table are computed from it in const evaluation, and each
// arm of `__write` names its head by position.

/// A variant's head: its constant members and pre-rendered JSON (RFC 9457;
/// see [`shaped`] for the other shapes).
#[must_use]
pub const fn head(
    code: &'static str,
    status: u16,
    title: &'static str,
    type_uri: &'static str,
    description: &'static str,
    json_open: &'static str,
    json_next: &'static str,
) -> Head {
    Head {
        code,
        type_uri,
        title,
        shape: EnvelopeShape::Rfc9457,
        json_open,
        json_next,
        status,
        retryable: None,
        expose_detail: false,
        display_detail: false,
        description,
        aliases: &[],
        log: None,
        grpc_code: None,
    }
}

/// [`head`] of a variant whose detail is the value's `Display`
/// (`display_detail`): a function of its own rather than a builder, since
/// every variant of a thiserror type has it.
#[must_use]
pub const fn display_head(
    code: &'static str,
    status: u16,
    title: &'static str,
    type_uri: &'static str,
    description: &'static str,
    json_open: &'static str,
    json_next: &'static str,
) -> Head {
    let mut head = head(
        code,
        status,
        title,
        type_uri,
        description,
        json_open,
        json_next,
    );
    head.display_detail = true;
    head
}

/// A variant's head as the derive writes it, in the order of [`head`]'s
/// parameters: a tuple of literals, which the compiler reads far faster
/// than a call per variant.
pub type Row = (
    &'static str,
    u16,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The heads of rows.
#[must_use]
pub const fn heads<const N: usize>(rows: &[Row; N]) -> [Head; N] {
    let mut out = [NO_HEAD; N];
    let mut i = 0;
    while i < N {
        let r = rows[i];
        out[i] = head(r.0, r.1, r.2, r.3, r.4, r.5, r.6);
        i += 1;
    }
    out
}

impl Head {
    /// `alias = ".."`.
    #[must_use]
    pub const fn with_aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    /// `retryable` as written.
    #[must_use]
    pub const fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = Some(retryable);
        self
    }

    /// `expose_detail`.
    #[must_use]
    pub const fn with_expose_detail(mut self) -> Self {
        self.expose_detail = true;
        self
    }

    /// `log = ".."`.
    #[must_use]
    pub const fn with_log(mut self, level: LogLevel) -> Self {
        self.log = Some(level);
        self
    }

    /// `grpc_code = ".."`, as `tonic::Code`'s value.
    #[must_use]
    pub const fn with_grpc_code(mut self, code: i32) -> Self {
        self.grpc_code = Some(code);
        self
    }
}

/// The heads of a type whose envelope has another shape than RFC 9457 (the
/// derive renders their JSON for it).
#[must_use]
pub const fn shaped<const N: usize>(mut heads: [Head; N], shape: EnvelopeShape) -> [Head; N] {
    let mut i = 0;
    while i < N {
        heads[i].shape = shape;
        i += 1;
    }
    heads
}

/// The catalog's specs of a type's heads.
#[must_use]
pub const fn specs<const N: usize>(heads: &[Head; N]) -> [ProblemSpec; N] {
    let mut out = [ProblemSpec {
        code: "",
        status: 500,
        title: "",
        type_uri: "",
        retryable: false,
        description: "",
        aliases: &[],
    }; N];
    let mut i = 0;
    while i < N {
        let h = &heads[i];
        out[i] = ProblemSpec {
            code: h.code,
            status: h.status,
            title: h.title,
            type_uri: h.type_uri,
            retryable: match h.retryable {
                Some(r) => r,
                None => default_retryable(h.status),
            },
            description: h.description,
            aliases: h.aliases,
        };
        i += 1;
    }
    out
}

/// The position in a type's table of the variant with the details' code
/// or alias (`from_problem`'s lookup in the type's own catalog).
#[must_use]
#[inline]
pub fn variant_of(own: &Catalog, details: &ProblemDetails) -> Option<usize> {
    own.__position(details.code.as_deref()?)
}

/// What an occurrence whose head cannot be found reports (never, for a
/// derived type: every arm names a head of its own table).
const NO_HEAD: Head = head("", 500, "", crate::details::ABOUT_BLANK, "", "", "");

// ---- how each arm of `__write` starts -------------------------------------

/// Starts writing the occurrence of the `i`-th head of `heads`: the
/// declared status, no detail, no instance.
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start<S: Sink>(sink: &mut S, heads: &'static [Head], i: usize) -> Result<(), S::Error> {
    start_with(sink, heads, i, None, None, None)
}

/// [`start`] with a detail (a template's `format_args!`).
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start_detail<S: Sink>(
    sink: &mut S,
    heads: &'static [Head],
    i: usize,
    detail: fmt::Arguments<'_>,
) -> Result<(), S::Error> {
    start_with(sink, heads, i, None, Some(detail), None)
}

/// [`start`] with the value's `Display` as the detail (`display_detail`).
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start_display<S: Sink>(
    sink: &mut S,
    heads: &'static [Head],
    i: usize,
    value: &dyn fmt::Display,
) -> Result<(), S::Error> {
    start_with(sink, heads, i, None, Some(format_args!("{value}")), None)
}

/// [`start_display`] when the head says the detail is the value's
/// `Display` (`display_detail`), else [`start`]: the one call after the
/// match of a type whose arms only pick their head.
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start_display_if<S: Sink>(
    sink: &mut S,
    heads: &'static [Head],
    i: usize,
    value: &dyn fmt::Display,
) -> Result<(), S::Error> {
    if heads.get(i).is_some_and(|h| h.display_detail) {
        start_display(sink, heads, i, value)
    } else {
        start(sink, heads, i)
    }
}

/// [`start_with`] with the value's `Display` as the detail.
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start_display_with<S: Sink>(
    sink: &mut S,
    heads: &'static [Head],
    i: usize,
    status: Option<u16>,
    value: &dyn fmt::Display,
    instance: Option<&str>,
) -> Result<(), S::Error> {
    start_with(
        sink,
        heads,
        i,
        status,
        Some(format_args!("{value}")),
        instance,
    )
}

/// A type whose `Display` is its detail (`display_detail`): every type
/// that implements `Display`. The generated code names it on the type, as
/// `<T as DisplayDetail>::display_detail(self)`, so that a type without
/// `Display` is told what `display_detail` needs, on the key.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Display`, which `display_detail` reads",
    label = "`display_detail` takes the detail from `Display`",
    note = "derive `thiserror::Error` with an `#[error(\"..\")]` on each variant, implement `std::fmt::Display`, or write `detail = \"..\"` instead"
)]
pub trait DisplayDetail {
    /// The value, as `Display`.
    fn display_detail(&self) -> &dyn fmt::Display;
}

// `do_not_recommend`: a type without `Display` is reported with the message
// above, not as the bound that failed inside.
#[diagnostic::do_not_recommend]
impl<T: fmt::Display> DisplayDetail for T {
    #[inline]
    fn display_detail(&self) -> &dyn fmt::Display {
        self
    }
}

/// Starts writing the occurrence of the `i`-th head of `heads`, with the
/// status of a `#[problem(status)]` field, a detail and an instance.
///
/// The one place that applies the run-time rules of the head: a status
/// outside 400..=599 is ignored (the declared one is used), `retryable`
/// follows the status unless written, and a 5xx detail is withheld unless
/// exposed.
///
/// # Errors
///
/// The sink's.
#[inline]
pub fn start_with<S: Sink>(
    sink: &mut S,
    heads: &'static [Head],
    i: usize,
    status: Option<u16>,
    detail: Option<fmt::Arguments<'_>>,
    instance: Option<&str>,
) -> Result<(), S::Error> {
    let head = heads.get(i).unwrap_or(&NO_HEAD);
    let status = valid_status(status).unwrap_or(head.status);
    let retryable = match head.retryable {
        Some(retryable) => retryable,
        None => default_retryable(status),
    };
    let detail = detail.filter(|_| detail_shown(status, head.expose_detail));
    sink.start(head, status, retryable, detail, instance)
}

// ---- what `__write` says of an occurrence -----------------------------------
//
// The derive generates one `match` over the variants, in `__write`; `code()`,
// `status()`, `detail()` and the other methods read the occurrence back from
// it through this sink, which stops as soon as it has what it was asked for.

/// What a [`Facts`] pass is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Head,
    Detail,
    RetryAfter,
}

/// Stops a pass of the facts sink.
pub struct Stop;

/// A sink that keeps one fact of an occurrence.
struct Facts {
    want: Want,
    head: Option<(Head, u16, bool)>,
    detail: Option<String>,
    retry_after: Option<u64>,
}

impl Facts {
    fn of<P: ?Sized + Problem>(problem: &P, want: Want) -> Facts {
        let mut facts = Facts {
            want,
            head: None,
            detail: None,
            retry_after: None,
        };
        let _ = problem.__write(&mut facts);
        facts
    }
}

impl Sink for Facts {
    type Error = Stop;

    fn start(
        &mut self,
        head: &Head,
        status: u16,
        retryable: bool,
        detail: Option<fmt::Arguments<'_>>,
        _instance: Option<&str>,
    ) -> Result<(), Stop> {
        self.head = Some((*head, status, retryable));
        match self.want {
            Want::Head => Err(Stop),
            Want::Detail => {
                self.detail = detail.map(std::fmt::format);
                Err(Stop)
            }
            Want::RetryAfter => Ok(()),
        }
    }

    fn head(&mut self, head: &Head, status: u16, retryable: bool) -> Result<(), Stop> {
        self.head = Some((*head, status, retryable));
        if self.want == Want::Head {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Stop> {
        if self.want == Want::Detail {
            self.detail = Some(std::fmt::format(detail));
            return Err(Stop);
        }
        Ok(())
    }

    fn instance(&mut self, _: Option<&str>) -> Result<(), Stop> {
        // The detail comes before the instance: none came.
        if self.want == Want::Detail {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn code(&mut self, _: &Head) -> Result<(), Stop> {
        Ok(())
    }

    fn extension<T: ?Sized + serde::Serialize>(
        &mut self,
        _: &'static str,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Ok(())
    }

    fn retry_after(&mut self, secs: u64) -> Result<(), Stop> {
        self.retry_after = Some(secs);
        Err(Stop)
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(&mut self, _: I) -> Result<(), Stop> {
        Ok(())
    }
}

/// The head a problem's `__write` starts with, its status and whether it is
/// retryable.
fn head_facts<P: ?Sized + Problem>(problem: &P) -> (Head, u16, bool) {
    Facts::of(problem, Want::Head)
        .head
        .unwrap_or((NO_HEAD, NO_HEAD.status, false))
}

/// The constant members of this occurrence's problem type.
#[must_use]
pub fn head_of<P: ?Sized + Problem>(problem: &P) -> Head {
    head_facts(problem).0
}

/// The status of this occurrence.
#[must_use]
pub fn status_of<P: ?Sized + Problem>(problem: &P) -> u16 {
    head_facts(problem).1
}

/// Whether this occurrence is retryable.
#[must_use]
pub fn retryable_of<P: ?Sized + Problem>(problem: &P) -> bool {
    head_facts(problem).2
}

/// The `log` key of this occurrence's problem (its variant's, else its
/// type's); `None`: the level follows the status
/// ([`LogLevel::for_status`]). A transparent variant answers for the
/// problem it wraps.
#[must_use]
pub fn log_of<P: ?Sized + Problem>(problem: &P) -> Option<LogLevel> {
    head_facts(problem).0.log
}

/// The level to log this occurrence at: its problem's `log` key, else
/// [`LogLevel::for_status`] of its status.
#[must_use]
pub fn log_level_of<P: ?Sized + Problem>(problem: &P) -> LogLevel {
    let (head, status, _) = head_facts(problem);
    head.log.unwrap_or(LogLevel::for_status(status))
}

/// The `grpc_code` key of this occurrence's problem, as `tonic::Code`'s
/// value (0..=16); `None`: the gRPC code follows the status. A transparent
/// variant answers for the problem it wraps.
#[must_use]
pub fn grpc_code_of<P: ?Sized + Problem>(problem: &P) -> Option<i32> {
    head_facts(problem).0.grpc_code
}

/// The detail this occurrence's envelope carries, formatted.
#[must_use]
pub fn detail_of<P: ?Sized + Problem>(problem: &P) -> Option<String> {
    Facts::of(problem, Want::Detail).detail
}

/// The retry-after of this occurrence.
#[must_use]
pub fn retry_after_of<P: ?Sized + Problem>(problem: &P) -> Option<u64> {
    Facts::of(problem, Want::RetryAfter).retry_after
}

/// A field named in a `detail` template, formatted for a translated detail
/// by the trait its placeholder asks for: `(&Arg(field)).display(f)`. The
/// method is picked by autoref: the formatting trait's when the type has it,
/// otherwise a fallback that formats nothing (the type's missing trait is
/// reported once, by the template's `format_args!`).
pub struct Arg<'a, T: ?Sized>(pub &'a T);

macro_rules! arg_traits {
    ($($fmt_trait:ident: $tr:ident, $fallback:ident, $method:ident;)*) => {$(
        /// Formats an [`Arg`] by its formatting trait.
        pub trait $tr {
            /// The field, formatted.
            fn $method(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result>;
        }

        impl<T: ?Sized + fmt::$fmt_trait> $tr for Arg<'_, T> {
            #[inline]
            fn $method(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
                Some(fmt::$fmt_trait::fmt(self.0, f))
            }
        }

        /// The fallback of [`
        #[doc = stringify!($tr)]
        /// `]: nothing.
        pub trait $fallback {
            /// Always `None`.
            fn $method(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result>;
        }

        impl<T: ?Sized> $fallback for &Arg<'_, T> {
            #[inline]
            fn $method(&self, _: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
                None
            }
        }
    )*};
}

arg_traits! {
    Display: ArgDisplay, ArgDisplayFallback, display;
    Debug: ArgDebug, ArgDebugFallback, debug;
    LowerHex: ArgLowerHex, ArgLowerHexFallback, lower_hex;
    UpperHex: ArgUpperHex, ArgUpperHexFallback, upper_hex;
    Octal: ArgOctal, ArgOctalFallback, octal;
    Binary: ArgBinary, ArgBinaryFallback, binary;
    LowerExp: ArgLowerExp, ArgLowerExpFallback, lower_exp;
    UpperExp: ArgUpperExp, ArgUpperExpFallback, upper_exp;
    Pointer: ArgPointer, ArgPointerFallback, pointer;
}

/// Whether a detail goes on the wire: always below 500, and for 5xx only when exposed.
#[must_use]
#[inline]
pub const fn detail_shown(status: u16, expose: bool) -> bool {
    expose || status < 500
}

/// The total code count of several catalogs.
#[must_use]
pub const fn code_count(catalogs: &[Catalog]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < catalogs.len() {
        n += catalogs[i].code_count();
        i += 1;
    }
    n
}

/// A type usable as a `#[problem(instance)]` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[problem(instance)]` field",
    label = "an instance is a URI string",
    note = "use `String`, `Option<String>`, `Box<str>`, `Arc<str>`, `Cow<str>` or `&str`"
)]
pub trait InstanceField: Sized {
    /// The instance URI, if this occurrence has one.
    fn get(&self) -> Option<&str>;
    /// Rebuilds the field from the envelope's `instance` member.
    fn rebuild(instance: Option<&str>) -> Option<Self>;
}

impl InstanceField for String {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        instance.map(str::to_owned)
    }
}

impl InstanceField for Option<String> {
    fn get(&self) -> Option<&str> {
        self.as_deref()
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        Some(instance.map(str::to_owned))
    }
}

impl InstanceField for Box<str> {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        instance.map(Box::from)
    }
}

impl InstanceField for Arc<str> {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        instance.map(Arc::from)
    }
}

impl InstanceField for Cow<'_, str> {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        instance.map(|s| Cow::Owned(s.to_owned()))
    }
}

impl InstanceField for &str {
    fn get(&self) -> Option<&str> {
        Some(self)
    }
    /// A borrowed instance cannot be rebuilt from owned details.
    fn rebuild(_: Option<&str>) -> Option<Self> {
        None
    }
}

impl InstanceField for Option<&str> {
    fn get(&self) -> Option<&str> {
        *self
    }
    fn rebuild(instance: Option<&str>) -> Option<Self> {
        instance.is_none().then_some(None)
    }
}

/// A type usable as a `#[problem(status)]` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[problem(status)]` field",
    label = "a status field holds an HTTP status",
    note = "use `u16` or `Option<u16>` (or `http::StatusCode`, `Option<http::StatusCode>` with the `http` feature)"
)]
pub trait StatusField: Sized {
    /// The status of this occurrence; `None` keeps the declared status.
    fn get(&self) -> Option<u16>;
    /// Rebuilds the field from the envelope's `status` member and the
    /// variant's declared status: a missing member means the declared status,
    /// and an `Option` field reads the declared status as `None` (its `get`
    /// puts the declared status on the wire for `None`).
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self>;
}

/// The status an occurrence's field may give: 400..=599 (any other value is
/// ignored, as if the field were absent, when writing and when rebuilding).
fn valid_status(status: Option<u16>) -> Option<u16> {
    status.filter(|s| (400..=599).contains(s))
}

impl StatusField for u16 {
    fn get(&self) -> Option<u16> {
        Some(*self)
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        Some(valid_status(status).unwrap_or(declared))
    }
}

impl StatusField for Option<u16> {
    fn get(&self) -> Option<u16> {
        *self
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        Some(valid_status(status).filter(|s| *s != declared))
    }
}

#[cfg(feature = "http")]
impl StatusField for http::StatusCode {
    fn get(&self) -> Option<u16> {
        Some(self.as_u16())
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        http::StatusCode::from_u16(valid_status(status).unwrap_or(declared)).ok()
    }
}

#[cfg(feature = "http")]
impl StatusField for Option<http::StatusCode> {
    fn get(&self) -> Option<u16> {
        self.map(|s| s.as_u16())
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        Some(
            valid_status(status)
                .filter(|s| *s != declared)
                .and_then(|s| http::StatusCode::from_u16(s).ok()),
        )
    }
}

/// A type usable as a `#[problem(retry_after)]` field: seconds.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[problem(retry_after)]` field",
    label = "`retry_after` is a number of seconds",
    note = "use `u64`, `u32` or `std::time::Duration`, or an `Option` of one"
)]
pub trait RetryAfterField: Sized {
    /// Whole seconds, rounded up.
    fn get(&self) -> Option<u64>;
    /// Rebuilds the field from the envelope's `retry_after` member.
    fn rebuild(secs: Option<u64>) -> Option<Self>;
}

impl RetryAfterField for u64 {
    fn get(&self) -> Option<u64> {
        Some(*self)
    }
    fn rebuild(secs: Option<u64>) -> Option<Self> {
        secs
    }
}

impl RetryAfterField for u32 {
    fn get(&self) -> Option<u64> {
        Some(u64::from(*self))
    }
    fn rebuild(secs: Option<u64>) -> Option<Self> {
        u32::try_from(secs?).ok()
    }
}

impl RetryAfterField for Duration {
    fn get(&self) -> Option<u64> {
        // Saturating: `Duration::MAX` is `u64::MAX` seconds and a fraction.
        Some(
            self.as_secs()
                .saturating_add(u64::from(self.subsec_nanos() > 0)),
        )
    }
    fn rebuild(secs: Option<u64>) -> Option<Self> {
        secs.map(Duration::from_secs)
    }
}

impl<T: RetryAfterField> RetryAfterField for Option<T> {
    fn get(&self) -> Option<u64> {
        self.as_ref().and_then(T::get)
    }
    fn rebuild(secs: Option<u64>) -> Option<Self> {
        match secs {
            None => Some(None),
            some => T::rebuild(some).map(Some),
        }
    }
}

/// A type usable as a `#[problem(errors)]` field: one whose references
/// iterate `&FieldError`.
///
/// The generated code writes the field through this trait, named on the
/// field's type, so that a field of another type is reported there, with
/// this message, rather than as a type mismatch inside the derive.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[problem(errors)]` field",
    label = "not a collection of `FieldError`",
    note = "use `Vec<FieldError>`, `[FieldError; N]`, `&[FieldError]`, or any type whose references iterate `&FieldError`"
)]
pub trait ErrorsField {
    /// Writes the field errors to the sink, without collecting them.
    ///
    /// # Errors
    ///
    /// The sink's error.
    fn write_errors<S: Sink>(&self, sink: &mut S) -> Result<(), S::Error>;
}

// `do_not_recommend`: a type that does not qualify is reported with the
// message above, not as the `IntoIterator` bound that failed inside.
#[diagnostic::do_not_recommend]
impl<T: ?Sized> ErrorsField for T
where
    for<'a> &'a T: IntoIterator<Item = &'a FieldError>,
{
    #[inline]
    fn write_errors<S: Sink>(&self, sink: &mut S) -> Result<(), S::Error> {
        sink.errors(self)
    }
}

/// Names a field's type for the rebuilding traits below, which pick an
/// implementation by autoref: the first when the type supports it, the
/// fallback (`None`: the variant cannot be rebuilt) otherwise.
pub struct Slot<T>(PhantomData<T>);

impl<T> Slot<T> {
    /// The slot of `T`.
    pub const NEW: Self = Slot(PhantomData);
}

/// Rebuilds an extension field by deserializing its member.
pub trait RebuildExtension<T> {
    /// The field, or `None` when the member is missing or of the wrong shape.
    fn rebuild_extension(&self, member: Option<&Value>) -> Option<T>;
}

impl<T: DeserializeOwned> RebuildExtension<T> for Slot<T> {
    fn rebuild_extension(&self, member: Option<&Value>) -> Option<T> {
        match member {
            Some(v) => T::deserialize(v).ok(),
            // An absent member is `null`: an `Option` field is rebuilt as `None`.
            None => T::deserialize(&Value::Null).ok(),
        }
    }
}

/// The fallback for extension types that do not implement `Deserialize`.
pub trait RebuildExtensionFallback<T> {
    /// Always `None`.
    fn rebuild_extension(&self, member: Option<&Value>) -> Option<T>;
}

impl<T> RebuildExtensionFallback<T> for &Slot<T> {
    fn rebuild_extension(&self, _: Option<&Value>) -> Option<T> {
        None
    }
}

/// Rebuilds an `errors` field by collecting the field errors.
pub trait RebuildErrors<T> {
    /// The collected field errors.
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T>;
}

impl<T: FromIterator<FieldError>> RebuildErrors<T> for Slot<T> {
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T> {
        Some(errors.iter().cloned().collect())
    }
}

/// The fallback for `errors` types that cannot be collected into.
pub trait RebuildErrorsFallback<T> {
    /// Always `None`.
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T>;
}

impl<T> RebuildErrorsFallback<T> for &Slot<T> {
    fn rebuild_errors(&self, _: &[FieldError]) -> Option<T> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_of_a_duration_rounds_up_and_saturates() {
        assert_eq!(RetryAfterField::get(&Duration::ZERO), Some(0));
        assert_eq!(RetryAfterField::get(&Duration::from_millis(1)), Some(1));
        assert_eq!(RetryAfterField::get(&Duration::from_secs(3)), Some(3));
        assert_eq!(
            RetryAfterField::get(&Duration::new(3, 999_999_999)),
            Some(4)
        );
        // `u64::MAX` seconds and a fraction: no overflow.
        assert_eq!(RetryAfterField::get(&Duration::MAX), Some(u64::MAX));
        assert_eq!(
            RetryAfterField::get(&Duration::from_secs(u64::MAX)),
            Some(u64::MAX)
        );
        assert_eq!(RetryAfterField::get(&Some(Duration::MAX)), Some(u64::MAX));
    }
}
