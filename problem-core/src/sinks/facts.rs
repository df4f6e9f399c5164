//! The facts sink: reads one fact of an occurrence back from its members.
//!
//! The derive generates one `match` over the variants, in `__write`; a
//! derived type's `code()`, `status()`, `detail()` and other accessors ask
//! this sink (through `__private`), which records the fact asked for and
//! stops the pass as soon as it has it. `Envelope`'s serde serialization
//! asks whether the flat shape has a `details` object to write.

use core::fmt;

use serde::Serialize;

use crate::details::FieldError;
use crate::protocol::{Head, Sink, format_detail};

/// What a pass of the [`Facts`] sink is asked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
    /// The head, the status and whether the occurrence is retryable.
    Head,
    /// The detail the envelope carries, formatted.
    Detail,
    /// The `retry_after` seconds.
    RetryAfter,
    /// Whether anything goes into the `details` object of the wrapped and
    /// flat shapes: an `instance` field, an extension, `retry_after`, errors.
    HasDetails,
}

/// The error of the [`Facts`] sink: it has answered, the rest of the pass
/// is not needed.
pub(crate) struct Answered;

/// A sink that records the answer to one [`Question`].
pub(crate) struct Facts {
    question: Question,
    head: Option<(Head, u16, bool)>,
    detail: Option<String>,
    retry_after: Option<u64>,
    has_details: bool,
}

/// Runs `write` (an occurrence's `__write`) into a facts sink asking `question`.
fn ask(question: Question, write: impl FnOnce(&mut Facts) -> Result<(), Answered>) -> Facts {
    let mut facts = Facts {
        question,
        head: None,
        detail: None,
        retry_after: None,
        has_details: false,
    };
    // `Err(Answered)` is the early end of the pass.
    let _ = write(&mut facts);
    facts
}

/// The head an occurrence's members start with, its status and whether it
/// is retryable. An occurrence that writes no head (a hand-written `__write`
/// that writes nothing) reads as an `about:blank` 500.
pub(crate) fn head(write: impl FnOnce(&mut Facts) -> Result<(), Answered>) -> (Head, u16, bool) {
    ask(Question::Head, write)
        .head
        .unwrap_or((Head::UNKNOWN, Head::UNKNOWN.status, false))
}

/// The detail the occurrence's envelope carries (none when it is withheld,
/// or when formatting it fails).
pub(crate) fn detail(write: impl FnOnce(&mut Facts) -> Result<(), Answered>) -> Option<String> {
    ask(Question::Detail, write).detail
}

/// The occurrence's `retry_after` seconds.
pub(crate) fn retry_after(write: impl FnOnce(&mut Facts) -> Result<(), Answered>) -> Option<u64> {
    ask(Question::RetryAfter, write).retry_after
}

/// Whether the occurrence writes anything into the `details` object of the
/// wrapped and flat shapes.
pub(crate) fn has_details(write: impl FnOnce(&mut Facts) -> Result<(), Answered>) -> bool {
    ask(Question::HasDetails, write).has_details
}

impl Facts {
    /// Records that the occurrence has a member of `details`: the answer to
    /// [`Question::HasDetails`].
    fn member(&mut self) -> Result<(), Answered> {
        self.has_details = true;
        if self.question == Question::HasDetails {
            Err(Answered)
        } else {
            Ok(())
        }
    }
}

impl Sink for Facts {
    type Error = Answered;

    fn start(
        &mut self,
        head: &Head,
        status: u16,
        retryable: bool,
        detail: Option<fmt::Arguments<'_>>,
        instance: Option<&str>,
    ) -> Result<(), Answered> {
        match self.question {
            Question::Head => {
                self.head = Some((*head, status, retryable));
                Err(Answered)
            }
            Question::Detail => {
                self.detail = detail.and_then(format_detail);
                Err(Answered)
            }
            Question::RetryAfter => Ok(()),
            Question::HasDetails => match instance {
                Some(_) => self.member(),
                None => Ok(()),
            },
        }
    }

    fn head(&mut self, head: &Head, status: u16, retryable: bool) -> Result<(), Answered> {
        if self.question == Question::Head {
            self.head = Some((*head, status, retryable));
            Err(Answered)
        } else {
            Ok(())
        }
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Answered> {
        if self.question == Question::Detail {
            self.detail = format_detail(detail);
            return Err(Answered);
        }
        Ok(())
    }

    fn instance(&mut self, instance: Option<&str>) -> Result<(), Answered> {
        match self.question {
            // The detail comes before the instance: none came.
            Question::Detail => Err(Answered),
            Question::HasDetails if instance.is_some() => self.member(),
            _ => Ok(()),
        }
    }

    fn code(&mut self, _: &Head) -> Result<(), Answered> {
        Ok(())
    }

    fn extension<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        _: &'static str,
        _: &T,
    ) -> Result<(), Answered> {
        self.member()
    }

    fn retry_after(&mut self, secs: u64) -> Result<(), Answered> {
        self.retry_after = Some(secs);
        if self.question == Question::RetryAfter {
            return Err(Answered);
        }
        self.member()
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Answered> {
        if errors.into_iter().next().is_some() {
            self.member()
        } else {
            Ok(())
        }
    }
}
