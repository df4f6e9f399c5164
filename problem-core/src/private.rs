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
#[cfg(feature = "i18n")]
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
