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

pub use crate::catalog::{Catalog, ProblemSpec, assert_unique, collect_codes};
pub use crate::client::FromProblem;
pub use crate::details::{FieldError, ProblemDetails};
pub use crate::problem::{EnvelopeShape, Head, Problem, Sink};
pub use crate::status::default_retryable;
use crate::status::error_status;

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
                self.detail = detail.and_then(crate::problem::format_detail);
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
            self.detail = crate::problem::format_detail(detail);
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
    Facts::of(problem, Want::Head).head.unwrap_or((
        Head {
            code: "",
            type_uri: crate::details::ABOUT_BLANK,
            title: "",
            shape: crate::problem::EnvelopeShape::Rfc9457,
            json_open: "",
            json_next: "",
        },
        500,
        false,
    ))
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
///
/// Only an error status (400..=599) counts: `get` gives `None` for any other
/// value, so the generated code takes the declared status, for the wire and
/// for everything that follows the status (`retryable`, 5xx withholding), as
/// if the field were absent. `rebuild` reads a `status` member outside that
/// range as absent too.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `#[problem(status)]` field",
    label = "a status field holds an HTTP status",
    note = "use `u16` or `Option<u16>` (or `http::StatusCode`, `Option<http::StatusCode>` with the `http` feature)"
)]
pub trait StatusField: Sized {
    /// The status of this occurrence; `None` keeps the declared status.
    fn get(&self) -> Option<u16>;
    /// Rebuilds the field from the envelope's `status` member and the
    /// variant's declared status: a missing member (or one that is not an
    /// error status) means the declared status, and an `Option` field reads
    /// the declared status as `None` (its `get` puts the declared status on
    /// the wire for `None`).
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self>;
}

/// The status member as the field sees it: an error status, or the declared one.
fn member_or_declared(status: Option<u16>, declared: u16) -> u16 {
    status.and_then(error_status).unwrap_or(declared)
}

impl StatusField for u16 {
    fn get(&self) -> Option<u16> {
        error_status(*self)
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        Some(member_or_declared(status, declared))
    }
}

impl StatusField for Option<u16> {
    fn get(&self) -> Option<u16> {
        self.and_then(error_status)
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        Some(Some(member_or_declared(status, declared)).filter(|s| *s != declared))
    }
}

#[cfg(feature = "http")]
impl StatusField for http::StatusCode {
    fn get(&self) -> Option<u16> {
        error_status(self.as_u16())
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        http::StatusCode::from_u16(member_or_declared(status, declared)).ok()
    }
}

#[cfg(feature = "http")]
impl StatusField for Option<http::StatusCode> {
    fn get(&self) -> Option<u16> {
        self.and_then(|s| error_status(s.as_u16()))
    }
    fn rebuild(status: Option<u16>, declared: u16) -> Option<Self> {
        let status = member_or_declared(status, declared);
        Some(
            Some(status)
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
