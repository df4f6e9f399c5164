//! An occurrence in another language, for the sinks: its translated title
//! and detail ([`Translate`]), and the adapters through which the derive's
//! generated `__detail_arg` formats a detail's fields for a translated
//! template (`Arg` and its traits, named by generated code through
//! `::problem_core::__private`).
//!
//! Without the `i18n` feature there is nothing to translate: [`Translate`]
//! is a reference to a type that has no value, so a sink's
//! `Option<Translate>` is always `None` and its translation branches
//! compile away.

use core::fmt;

#[cfg(feature = "i18n")]
use core::cell::Cell;

#[cfg(feature = "i18n")]
use crate::i18n::{Localizer, render_template, with_fallbacks};

/// Formats the argument `name` of the occurrence's detail template, as the
/// source template formats it: `Problem::__detail_arg` of the envelope's
/// problem (`None` when the template has no such argument).
#[cfg(feature = "i18n")]
pub(crate) type ArgFn<'a> = &'a dyn Fn(&str, &mut fmt::Formatter<'_>) -> Option<fmt::Result>;

/// The translations of one occurrence: a localizer, the language asked for,
/// and the occurrence's detail arguments.
#[cfg(feature = "i18n")]
#[derive(Clone, Copy)]
pub(crate) struct Translate<'a> {
    localizer: &'a dyn Localizer,
    lang: &'a str,
    args: ArgFn<'a>,
}

#[cfg(feature = "i18n")]
impl<'a> Translate<'a> {
    pub(crate) fn new(localizer: &'a dyn Localizer, lang: &'a str, args: ArgFn<'a>) -> Self {
        Translate {
            localizer,
            lang,
            args,
        }
    }

    /// The translated title of `code`, with fallback to less specific tags.
    pub(crate) fn title(&self, code: &str) -> Option<&'a str> {
        let localizer = self.localizer;
        with_fallbacks(self.lang, |tag| localizer.title(tag, code))
    }

    /// The translated detail of `code`, rendered over the occurrence's
    /// fields: `None` without a translation, an error when a field's
    /// formatting fails (the detail is then left out).
    pub(crate) fn detail(&self, code: &str) -> Option<Result<String, fmt::Error>> {
        let localizer = self.localizer;
        let template = with_fallbacks(self.lang, |tag| localizer.detail(tag, code))?;
        let args = self.args;
        Some(render_template(template, &mut |name, out| {
            let arg = TemplateArg {
                args,
                name,
                found: Cell::new(false),
            };
            let written = fmt::Write::write_fmt(out, format_args!("{arg}"));
            arg.found.get().then_some(written)
        }))
    }
}

/// One argument of a translated template, formatted by the problem as its
/// source template formats it; notes whether the problem knows it.
#[cfg(feature = "i18n")]
struct TemplateArg<'a> {
    args: ArgFn<'a>,
    name: &'a str,
    found: Cell<bool>,
}

#[cfg(feature = "i18n")]
impl fmt::Display for TemplateArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.args)(self.name, f) {
            Some(result) => {
                self.found.set(true);
                result
            }
            None => Ok(()),
        }
    }
}

/// Without the `i18n` feature: no translation of any occurrence exists.
#[cfg(not(feature = "i18n"))]
pub(crate) type Translate<'a> = &'a Untranslatable;

/// A type without values: see [`Translate`].
#[cfg(not(feature = "i18n"))]
pub(crate) enum Untranslatable {}

#[cfg(not(feature = "i18n"))]
impl Untranslatable {
    pub(crate) fn title(&self, _: &str) -> Option<&'static str> {
        match *self {}
    }

    pub(crate) fn detail(&self, _: &str) -> Option<Result<String, fmt::Error>> {
        match *self {}
    }
}

/// A field named in a `detail` template, formatted for a translated detail
/// by the trait its placeholder asks for: `(&Arg(field)).display(f)`. The
/// method is picked by autoref: the formatting trait's when the type has it,
/// otherwise a fallback that formats nothing (the type's missing trait is
/// reported once, by the template's `format_args!`).
///
/// Compiled with or without the `i18n` feature: the derive's own `i18n`
/// feature decides whether `__detail_arg` is generated, and a workspace may
/// turn it on (`--all-features`) where this crate's is off.
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
