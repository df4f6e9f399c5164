//! The scan team's crate: `ScanError` wraps the auth team's `AuthError` (a
//! registered type of another crate) and `PageError<u32>` (an instance of a
//! generic type, which cannot register itself).
#![forbid(unsafe_code)]

use core::fmt::Display;

use problem_core::Problem;

/// A paging problem, generic over the page number: not registered; its
/// problems count under the registered types that wrap an instance.
#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum PageError<T: Display> {
    /// The page is past the last one.
    #[problem(
        code = "page.out_of_range",
        status = 400,
        detail = "page {0} is out of range"
    )]
    OutOfRange(T),
}

/// Everything the scan service answers with instead of a scan.
#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum ScanError {
    /// An authentication problem.
    #[problem(transparent)]
    Auth(registry_auth::AuthError),

    /// A paging problem.
    #[problem(transparent)]
    Page(PageError<u32>),

    /// The scan does not exist.
    #[problem(code = "scans.not_found", status = 404, title = "Scan not found")]
    NotFound,
}
