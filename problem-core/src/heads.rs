//! The table of heads a derived type carries, and how each arm of its
//! `__write` starts from it.
//!
//! The derive emits one `const` array of [`Head`]s per type (a row of
//! literals per variant, with `with_..` for the keys a variant rarely has);
//! the catalog's specs are computed from it in const evaluation (its hash
//! table is computed by the derive and written as a literal), and each arm
//! of `__write` names its head by position and calls one of the `start`
//! functions, the one place that applies a head's run-time rules.
//! Generated code reaches all of it through `__private`.

use core::fmt;

use crate::catalog::{Catalog, ProblemSpec};
use crate::details::ProblemDetails;
use crate::log_level::LogLevel;
use crate::protocol::{EnvelopeShape, Head, Sink};
use crate::status::{default_retryable, error_status};
use crate::withhold::detail_shown;

// ---- the per-type table ---------------------------------------------------
//
// The derive emits one `const` array of heads per type, a `head(..)` per
// variant (with `with_..` for the keys a variant rarely has); the catalog's
// specs are computed from it in const evaluation, and each arm of `__write`
// names its head by position.

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
    json_code_or_message: &'static str,
) -> Head {
    Head {
        code,
        type_uri,
        title,
        shape: EnvelopeShape::Rfc9457,
        json_open,
        json_code_or_message,
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
    json_code_or_message: &'static str,
) -> Head {
    let mut head = head(
        code,
        status,
        title,
        type_uri,
        description,
        json_open,
        json_code_or_message,
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
    let mut out = [Head::UNKNOWN; N];
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
    // A position outside the table (never, for a derived type: every arm
    // names a head of its own table) reads as an unknown 500.
    let head = heads.get(i).unwrap_or(&Head::UNKNOWN);
    let status = status.and_then(error_status).unwrap_or(head.status);
    let retryable = match head.retryable {
        Some(retryable) => retryable,
        None => default_retryable(status),
    };
    let detail = detail.filter(|_| detail_shown(status, head.expose_detail));
    sink.start(head, status, retryable, detail, instance)
}
