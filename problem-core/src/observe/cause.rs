//! The cause of a problem, for the logs: the value's `std::error::Error`
//! source chain when its type implements `Error`, or what a type of this
//! crate says of itself ([`Explain`]).
//!
//! The derive cannot know whether a type implements `Error`: the
//! integrations' hidden macros ask with autoref specialisation,
//! `(&&&Cause(&value)).cause()`, which picks the first of these that applies
//! to the concrete type: [`Explain`], then `Error`, then nothing. In a
//! generic type's implementation the question is asked of the generic type:
//! `E<T>` is seen as an `Error` only when its `Error` implementation holds
//! for every `T` the implementation allows.

use core::fmt;
use std::error::Error;

use crate::error_chain::{MAX_CHAIN, push_chain};

/// What a problem value says of its cause.
#[derive(Clone, Copy)]
pub enum CauseOf<'a> {
    /// Nothing: the type is not an `Error`.
    None,
    /// An `Error`, whose `source()` chain is the cause.
    Error(&'a (dyn Error + 'a)),
    /// A type of this crate that explains itself.
    Explained(&'a dyn Explain),
}

impl fmt::Debug for CauseOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CauseOf::None => "None",
            CauseOf::Error(_) => "Error",
            CauseOf::Explained(_) => "Explained",
        })
    }
}

impl CauseOf<'_> {
    /// The cause as one line: each `source()`'s `Display`, joined with `": "`;
    /// `None` when there is none. A cause whose `Display` fails or is empty,
    /// or repeats the line's end, is left out.
    #[must_use]
    pub fn text(self) -> Option<String> {
        match self {
            CauseOf::None => None,
            CauseOf::Explained(e) => e.explain(),
            CauseOf::Error(e) => source_chain(e),
        }
    }
}

/// The `source()` chain of `err` (not `err` itself), each cause's `Display`
/// joined with `": "` (a text that is empty, repeats the line's end or fails
/// to format is left out); `None` when nothing is left.
#[must_use]
pub fn source_chain(err: &(dyn Error + '_)) -> Option<String> {
    let mut line = String::new();
    push_chain(&mut line, err.source(), MAX_CHAIN);
    (!line.is_empty()).then_some(line)
}

/// A problem type of this crate that says what caused it, where it has no
/// `source()`: the built-in `RequestProblem`s give the framework's reason.
pub trait Explain {
    /// The cause, as one line.
    fn explain(&self) -> Option<String>;
}

/// Wraps a problem value for the autoref specialisation below.
pub struct Cause<'a, T: ?Sized>(pub &'a T);

/// First choice: the type explains itself.
pub trait CauseExplained<'a> {
    /// The value's cause.
    fn cause(&self) -> CauseOf<'a>;
}

impl<'a, T: Explain + 'a> CauseExplained<'a> for &&Cause<'a, T> {
    #[inline]
    fn cause(&self) -> CauseOf<'a> {
        CauseOf::Explained(self.0)
    }
}

/// Second choice: the type is an `Error`.
pub trait CauseError<'a> {
    /// The value's cause.
    fn cause(&self) -> CauseOf<'a>;
}

impl<'a, T: Error + 'a> CauseError<'a> for &Cause<'a, T> {
    #[inline]
    fn cause(&self) -> CauseOf<'a> {
        CauseOf::Error(self.0)
    }
}

/// Last choice: no cause.
pub trait CauseNone<'a> {
    /// [`CauseOf::None`].
    fn cause(&self) -> CauseOf<'a>;
}

impl<'a, T: ?Sized> CauseNone<'a> for Cause<'a, T> {
    #[inline]
    fn cause(&self) -> CauseOf<'a> {
        CauseOf::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Layered(&'static str, Option<Box<Layered>>);

    impl fmt::Display for Layered {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layered {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn Error + 'static))
        }
    }

    struct Explains;

    impl Explain for Explains {
        fn explain(&self) -> Option<String> {
            Some("because".into())
        }
    }

    #[test]
    // The borrows pick the implementation (autoref specialisation).
    #[allow(clippy::needless_borrow)]
    fn chains_and_choices() {
        let err = Layered(
            "top",
            Some(Box::new(Layered(
                "middle",
                Some(Box::new(Layered("root", None))),
            ))),
        );
        assert_eq!(source_chain(&err).as_deref(), Some("middle: root"));
        assert_eq!(source_chain(&Layered("alone", None)), None);
        assert_eq!(
            (&&&Cause(&err)).cause().text().as_deref(),
            Some("middle: root")
        );
        assert_eq!(
            (&&&Cause(&Explains)).cause().text().as_deref(),
            Some("because")
        );
        assert_eq!((&&&Cause(&42u8)).cause().text(), None);
    }

    #[test]
    fn a_failing_display_ends_the_chain() {
        #[derive(Debug)]
        struct Fails;
        impl fmt::Display for Fails {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                Err(fmt::Error)
            }
        }
        impl Error for Fails {}
        #[derive(Debug)]
        struct Top(Fails);
        impl fmt::Display for Top {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("top")
            }
        }
        impl Error for Top {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        assert_eq!(source_chain(&Top(Fails)), None);
    }
}
