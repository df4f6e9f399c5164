//! The gateway team's crate, which reuses codes the other teams own: a
//! code of the auth team's `AuthError`, an alias equal to its alias, and
//! the code of the scan team's generic `PageError`. Nothing combines these
//! types, so no compile-time check compares them; the registry does.
#![forbid(unsafe_code)]

use problem_core::Problem;

/// The gateway's problems.
#[derive(Debug, Problem)]
pub enum GateError {
    /// Shares `auth.scope.missing` with `registry_auth::AuthError`.
    #[problem(code = "auth.scope.missing", status = 403)]
    Scope,

    /// Its alias is `registry_auth::AuthError::MissingScope`'s.
    #[problem(code = "gate.closed", status = 403, alias = "auth.forbidden")]
    Closed,

    /// Shares `page.out_of_range` with `registry_scans::PageError`.
    #[problem(code = "page.out_of_range", status = 400)]
    OutOfRange,
}
