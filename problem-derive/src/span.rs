//! Where a span is, as the compiler prints it.

use proc_macro2::Span;

/// Where a span starts, as "line 5, column 27" (both counted from 1, as the
/// compiler prints them), when the compiler can tell (inside the macro; not
/// in unit tests). Both, so that two occurrences on one line are told apart.
pub fn location_of(span: Span) -> Option<String> {
    proc_macro::is_available().then(|| {
        let span = span.unwrap();
        format!("line {}, column {}", span.line(), span.column())
    })
}

/// `(line, column)` of a span, for putting errors in source order.
pub fn position_of(span: Span) -> (usize, usize) {
    if proc_macro::is_available() {
        let span = span.unwrap();
        (span.line(), span.column())
    } else {
        (0, 0)
    }
}
