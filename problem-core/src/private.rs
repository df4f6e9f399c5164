//! Items the derive's generated code names by absolute path
//! (`::problem_core::__private::..`). Not public API: nothing here is covered
//! by semver.
//!
//! A facade: re-exports from the modules that define them, and the accessors
//! a derived type's methods call, which read the occurrence back from its
//! `__write` through the facts sink.

pub use core;
pub use serde;
pub use serde_json;
pub use std;

pub use core::format_args;
pub use core::option::Option;
pub use core::option::Option::{None, Some};
pub use core::result::Result;
pub use std::string::String;

// Framework crates and helpers for the integrations' hidden macros.
#[cfg(any(
    feature = "axum",
    feature = "actix-web",
    feature = "utoipa",
    feature = "tonic"
))]
pub use crate::integrations::__private::*;
// The registry's slice, entry type and linkme (`registry` feature).
#[cfg(feature = "registry")]
pub use crate::registry::link::__private::*;

pub use crate::catalog::{Catalog, ProblemSpec};
pub use crate::client::FromProblem;
pub use crate::details::{FieldError, ProblemDetails};
pub use crate::heads::{
    DisplayDetail, Row, display_head, head, heads, shaped, specs, start, start_detail,
    start_display, start_display_if, start_display_with, start_with, variant_of,
};
pub use crate::log_level::LogLevel;
// `Slot` is the name the derive uses for `FieldType`.
pub use crate::fields::{
    ErrorsField, FieldType, FieldType as Slot, InstanceField, RebuildErrors, RebuildErrorsFallback,
    RebuildExtension, RebuildExtensionFallback, RetryAfterField, StatusField,
};
// The cause of a problem, asked by the integrations' hidden macros.
pub use crate::observe::cause::{Cause, CauseError, CauseExplained, CauseNone, CauseOf};
pub use crate::problem::{Envelope, Problem};
pub use crate::protocol::{EnvelopeShape, Head, Sink};
pub use crate::status::default_retryable;
pub use crate::translate::{
    Arg, ArgBinary, ArgBinaryFallback, ArgDebug, ArgDebugFallback, ArgDisplay, ArgDisplayFallback,
    ArgLowerExp, ArgLowerExpFallback, ArgLowerHex, ArgLowerHexFallback, ArgOctal, ArgOctalFallback,
    ArgPointer, ArgPointerFallback, ArgUpperExp, ArgUpperExpFallback, ArgUpperHex,
    ArgUpperHexFallback,
};
pub use crate::unique::{assert_unique, code_count, collect_codes};
pub use crate::withhold::detail_shown;

use crate::sinks::facts;

/// The constant members of this occurrence's problem type.
#[must_use]
pub fn head_of<P: ?Sized + Problem>(problem: &P) -> Head {
    facts::head(|sink| problem.__write(sink)).0
}

/// The status of this occurrence.
#[must_use]
pub fn status_of<P: ?Sized + Problem>(problem: &P) -> u16 {
    facts::head(|sink| problem.__write(sink)).1
}

/// Whether this occurrence is retryable.
#[must_use]
pub fn retryable_of<P: ?Sized + Problem>(problem: &P) -> bool {
    facts::head(|sink| problem.__write(sink)).2
}

/// The `log` key of this occurrence's problem (its variant's, else its
/// type's); `None`: the level follows the status
/// ([`LogLevel::for_status`]). A transparent variant answers for the
/// problem it wraps.
#[must_use]
pub fn log_of<P: ?Sized + Problem>(problem: &P) -> Option<LogLevel> {
    head_of(problem).log
}

/// The level to log this occurrence at: its problem's `log` key, else
/// [`LogLevel::for_status`] of its status.
#[must_use]
pub fn log_level_of<P: ?Sized + Problem>(problem: &P) -> LogLevel {
    let (head, status, _) = facts::head(|sink| problem.__write(sink));
    head.log.unwrap_or(LogLevel::for_status(status))
}

/// The `grpc_code` key of this occurrence's problem, as `tonic::Code`'s
/// value (0..=16); `None`: the gRPC code follows the status. A transparent
/// variant answers for the problem it wraps.
#[must_use]
pub fn grpc_code_of<P: ?Sized + Problem>(problem: &P) -> Option<i32> {
    head_of(problem).grpc_code
}

/// The detail this occurrence's envelope carries, formatted.
#[must_use]
pub fn detail_of<P: ?Sized + Problem>(problem: &P) -> Option<String> {
    facts::detail(|sink| problem.__write(sink))
}

/// The retry-after of this occurrence.
#[must_use]
pub fn retry_after_of<P: ?Sized + Problem>(problem: &P) -> Option<u64> {
    facts::retry_after(|sink| problem.__write(sink))
}

/// Without the `registry` feature, the derive's registration of a type is
/// nothing (with it: `registry/link.rs`). Not public API.
#[cfg(not(feature = "registry"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __register {
    ($($tt:tt)*) => {};
}
