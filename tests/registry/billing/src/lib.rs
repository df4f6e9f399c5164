//! The billing team's crate: its types never meet the others'.
#![forbid(unsafe_code)]

use core::fmt::Display;

use problem_core::Problem;

/// The problems of billing.
#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum BillingError {
    /// The account has no credit left.
    #[problem(code = "billing.out_of_credit", status = 402, title = "Out of credit")]
    OutOfCredit,
}

/// A generic type that no registered type wraps: its problems are not in
/// the registry (the documented limit; `assert_unique_codes!` checks it).
#[derive(Debug, Problem)]
pub enum QuotaError<T: Display> {
    /// The quota is used up.
    #[problem(code = "billing.quota_exceeded", status = 429, detail = "{0} used")]
    Exceeded(T),
}
