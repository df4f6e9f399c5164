//! The authentication team's crate. Nothing in it names the other fixture
//! crates: its types meet theirs only in the link-time registry (and in
//! `registry-scans`, which wraps `AuthError`).
#![forbid(unsafe_code)]

use problem_core::Problem;

/// The problems of authentication.
#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum AuthError {
    /// The API key is missing, malformed, or revoked.
    #[problem(code = "auth.api_key.invalid", status = 401, title = "Invalid API key")]
    InvalidApiKey,

    /// The API key lacks the scope this operation needs.
    #[problem(
        code = "auth.scope.missing",
        status = 403,
        title = "Missing scope",
        alias = "auth.forbidden"
    )]
    MissingScope,
}

/// A type whose only parameters are lifetimes: registered as
/// `SessionError<'static>`.
#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum SessionError<'a> {
    /// The session expired; sign in again.
    #[problem(
        code = "auth.session.expired",
        status = 401,
        detail = "session {0} expired"
    )]
    Expired(&'a str),
}
