//! An error's `source()` chain as one line of text, for a detail
//! ([`ProblemDetails::transport_error`](crate::ProblemDetails::transport_error))
//! and for the logs (the `error` field of a problem's event).

use core::fmt::{self, Write as _};
use std::error::Error;

/// The most errors of a chain followed: a cyclic or endless chain ends there.
pub(crate) const MAX_CHAIN: usize = 32;

/// Appends each error of the chain that starts at `next` (at most `max`),
/// each cause's `Display` after `": "`.
pub(crate) fn push_chain(line: &mut String, mut next: Option<&(dyn Error + '_)>, max: usize) {
    for _ in 0..max {
        let Some(cause) = next else { break };
        push_cause(line, cause);
        next = cause.source();
    }
}

/// Appends `": "` and the cause's text to `line`, unless the text is empty,
/// the line already ends with it (wrapping errors often repeat their
/// source's words), or its `Display` fails.
pub(crate) fn push_cause<E: fmt::Display + ?Sized>(line: &mut String, cause: &E) {
    let start = line.len();
    if start > 0 {
        line.push_str(": ");
    }
    let text = line.len();
    let written = write!(line, "{cause}").is_ok();
    let repeated = line.len() == text || line[..start].ends_with(&line[text..]);
    if !written || repeated {
        line.truncate(start);
    }
}
