//! Observability: what a problem response says about itself to the logs and
//! to hooks, beyond what goes on the wire.
//!
//! A [`ProblemReport`] holds the facts of one problem response: its code,
//! status, type and title, its detail **also when the wire withholds it** (a
//! 5xx detail is logged, never sent), the cause (the value's
//! `std::error::Error::source()` chain), the request's context and the level
//! it is logged at. The framework integrations build one per problem response
//! they write; with the `tracing` feature each is logged as one event with
//! target `problem` (`ProblemReport::log`), and axum's
//! `ProblemLayer::on_problem` and actix-web's `ProblemMiddleware::on_problem`
//! hand each to your code (metrics, error trackers, your own logs).
//!
//! The `error` field is asked of the concrete type where the integrations
//! implement their traits for it: a type that implements `std::error::Error`
//! gives its `source()` chain. A generic type (`enum E<T>`) is asked as
//! written, so its `Error` implementation counts only when it holds for
//! every `T` its integration implementations allow; otherwise the event has
//! no `error` (the detail is still there). Build the report with
//! [`ProblemReport::of_error`] where you know better.
//!
//! Build one yourself for a problem your code answers some other way:
//!
//! ```
//! use problem_core::Problem;
//! use problem_core::observe::ProblemReport;
//!
//! #[derive(Debug, Problem)]
//! #[problem(code = "scans.crashed", status = 500, detail = "worker {worker} crashed")]
//! struct Crashed {
//!     worker: String,
//! }
//!
//! let report = ProblemReport::of(&Crashed { worker: "w-3".into() });
//! assert_eq!(report.code, "scans.crashed");
//! // Withheld from the wire, but known to the logs.
//! assert_eq!(report.detail.as_deref(), Some("worker w-3 crashed"));
//! assert!(report.detail_withheld);
//! assert_eq!(report.level, problem_core::LogLevel::Error);
//! ```

pub(crate) mod cause;
pub(crate) mod event;
mod probe;
pub(crate) mod report;

pub use self::cause::{
    Cause, CauseError, CauseExplained, CauseNone, CauseOf, Explain, source_chain,
};
pub use self::report::ProblemReport;
