//! The traits through which generated code reads and rebuilds the fields
//! that carry a role (`#[problem(instance)]`, `status`, `retry_after`,
//! `errors`, `extension`), each implemented for the types such a field may
//! have. Named by generated code through `::problem_core::__private`, on the
//! field's type, so that a field of another type is reported there with the
//! trait's message.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::details::FieldError;
use crate::protocol::Sink;
use crate::status::error_status;

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

/// A field's type, named for the rebuilding traits below, which pick an
/// implementation by autoref: `(&FieldType::<T>::NEW).rebuild_extension(..)`
/// takes the first trait when `T` supports it, the fallback (`None`: the
/// variant cannot be rebuilt) otherwise.
pub struct FieldType<T>(PhantomData<T>);

impl<T> FieldType<T> {
    /// The value standing for `T`.
    pub const NEW: Self = FieldType(PhantomData);
}

/// Rebuilds an extension field by deserializing its member.
pub trait RebuildExtension<T> {
    /// The field, or `None` when the member is missing or of the wrong shape.
    fn rebuild_extension(&self, member: Option<&Value>) -> Option<T>;
}

impl<T: DeserializeOwned> RebuildExtension<T> for FieldType<T> {
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

impl<T> RebuildExtensionFallback<T> for &FieldType<T> {
    fn rebuild_extension(&self, _: Option<&Value>) -> Option<T> {
        None
    }
}

/// Rebuilds an `errors` field by collecting the field errors.
pub trait RebuildErrors<T> {
    /// The collected field errors.
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T>;
}

impl<T: FromIterator<FieldError>> RebuildErrors<T> for FieldType<T> {
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T> {
        Some(errors.iter().cloned().collect())
    }
}

/// The fallback for `errors` types that cannot be collected into.
pub trait RebuildErrorsFallback<T> {
    /// Always `None`.
    fn rebuild_errors(&self, errors: &[FieldError]) -> Option<T>;
}

impl<T> RebuildErrorsFallback<T> for &FieldType<T> {
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

    #[test]
    fn rebuilding_status_fields() {
        assert_eq!(<u16 as StatusField>::rebuild(Some(503), 502), Some(503));
        assert_eq!(<u16 as StatusField>::rebuild(None, 502), Some(502));
        assert_eq!(
            <Option<u16> as StatusField>::rebuild(Some(503), 502),
            Some(Some(503))
        );
        assert_eq!(
            <Option<u16> as StatusField>::rebuild(Some(502), 502),
            Some(None)
        );
        assert_eq!(<Option<u16> as StatusField>::rebuild(None, 502), Some(None));
        #[cfg(feature = "http")]
        {
            use http::StatusCode;
            assert_eq!(
                <StatusCode as StatusField>::rebuild(Some(503), 502),
                Some(StatusCode::SERVICE_UNAVAILABLE)
            );
            assert_eq!(
                <StatusCode as StatusField>::rebuild(None, 502),
                Some(StatusCode::BAD_GATEWAY)
            );
            // Not an error status: as if the member were absent.
            assert_eq!(
                <StatusCode as StatusField>::rebuild(Some(70), 502),
                Some(StatusCode::BAD_GATEWAY)
            );
            assert_eq!(
                <Option<StatusCode> as StatusField>::rebuild(Some(504), 502),
                Some(Some(StatusCode::GATEWAY_TIMEOUT))
            );
            assert_eq!(
                <Option<StatusCode> as StatusField>::rebuild(Some(502), 502),
                Some(None)
            );
            assert_eq!(
                <Option<StatusCode> as StatusField>::rebuild(Some(70), 502),
                Some(None)
            );
        }
    }

    #[test]
    fn rebuilding_instance_and_retry_after_fields() {
        assert_eq!(
            <String as InstanceField>::rebuild(Some("/i")),
            Some("/i".to_owned())
        );
        assert_eq!(<String as InstanceField>::rebuild(None), None);
        assert_eq!(<Option<String> as InstanceField>::rebuild(None), Some(None));
        assert_eq!(<&str as InstanceField>::rebuild(Some("/i")), None);
        assert_eq!(<Option<&str> as InstanceField>::rebuild(None), Some(None));
        assert_eq!(<Option<&str> as InstanceField>::rebuild(Some("/i")), None);
        assert_eq!(
            <u32 as RetryAfterField>::rebuild(Some(u64::from(u32::MAX) + 1)),
            None
        );
        assert_eq!(
            <Duration as RetryAfterField>::rebuild(Some(3)),
            Some(Duration::from_secs(3))
        );
        assert_eq!(<Option<u32> as RetryAfterField>::rebuild(None), Some(None));
        assert_eq!(
            <Option<u32> as RetryAfterField>::rebuild(Some(u64::MAX)),
            None
        );
    }
}
