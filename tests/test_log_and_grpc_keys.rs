//! `log = ".."` (on the enum or a variant; the variant's wins) and
//! `grpc_code = ".."` (on a variant) are carried to run time as constants of
//! each variant, whatever features are on: the runtime reads them from the
//! occurrence (`problem_core::__private::{log_of, log_level_of,
//! grpc_code_of}`), a transparent variant answering for the problem it wraps.

use problem_core::__private::{grpc_code_of, head_of, log_level_of, log_of};
use problem_core::{LogLevel, Problem};

#[derive(Debug, Problem)]
#[problem(log = "warn")]
enum ApiError {
    /// The enum's level.
    #[problem("api.one", 404)]
    One,
    /// Its own level and gRPC code.
    #[problem("api.two", 409, log = "off", grpc_code = "already_exists")]
    Two,
    /// The wrapped problem's.
    #[problem(transparent)]
    Inner(InnerError),
}

#[derive(Debug, Problem)]
enum InnerError {
    #[problem("inner.busy", 503, grpc_code = "unavailable")]
    Busy,
    #[problem("inner.invalid", 400)]
    Invalid,
}

#[derive(Debug, Problem)]
#[problem("jobs.stale", 412, log = "trace", grpc_code = "failed_precondition")]
struct Stale;

#[test]
fn the_values_arrive() {
    assert_eq!(log_of(&ApiError::One), Some(LogLevel::Warn));
    assert_eq!(grpc_code_of(&ApiError::One), None);
    assert_eq!(log_of(&ApiError::Two), Some(LogLevel::Off));
    assert_eq!(log_level_of(&ApiError::Two), LogLevel::Off);
    assert_eq!(grpc_code_of(&ApiError::Two), Some(6));
    assert_eq!(head_of(&ApiError::Two).grpc_code, Some(6));

    // Transparent: the wrapped type's values, not the enum's `log`.
    let busy = ApiError::Inner(InnerError::Busy);
    assert_eq!(log_of(&busy), None);
    assert_eq!(log_level_of(&busy), LogLevel::Error);
    assert_eq!(grpc_code_of(&busy), Some(14));
    let invalid = ApiError::Inner(InnerError::Invalid);
    assert_eq!(log_level_of(&invalid), LogLevel::Debug);
    assert_eq!(grpc_code_of(&invalid), None);

    assert_eq!(log_of(&Stale), Some(LogLevel::Trace));
    assert_eq!(grpc_code_of(&Stale), Some(9));
    // Nothing else changes.
    assert_eq!(Stale.status(), 412);
    assert_eq!(ApiError::Two.code(), "api.two");
}

/// Every level and every code name, end to end.
#[derive(Debug, Problem)]
enum Every {
    #[problem("l.off", 400, log = "off")]
    Off,
    #[problem("l.error", 400, log = "error")]
    Error,
    #[problem("l.warn", 400, log = "warn")]
    Warn,
    #[problem("l.info", 400, log = "info")]
    Info,
    #[problem("l.debug", 400, log = "debug")]
    Debug,
    #[problem("l.trace", 400, log = "trace")]
    Trace,
    #[problem("g.cancelled", 400, grpc_code = "cancelled")]
    Cancelled,
    #[problem("g.unknown", 400, grpc_code = "unknown")]
    Unknown,
    #[problem("g.invalid_argument", 400, grpc_code = "invalid_argument")]
    InvalidArgument,
    #[problem("g.deadline_exceeded", 400, grpc_code = "deadline_exceeded")]
    DeadlineExceeded,
    #[problem("g.not_found", 400, grpc_code = "not_found")]
    NotFound,
    #[problem("g.already_exists", 400, grpc_code = "already_exists")]
    AlreadyExists,
    #[problem("g.permission_denied", 400, grpc_code = "permission_denied")]
    PermissionDenied,
    #[problem("g.resource_exhausted", 400, grpc_code = "resource_exhausted")]
    ResourceExhausted,
    #[problem("g.failed_precondition", 400, grpc_code = "failed_precondition")]
    FailedPrecondition,
    #[problem("g.aborted", 400, grpc_code = "aborted")]
    Aborted,
    #[problem("g.out_of_range", 400, grpc_code = "out_of_range")]
    OutOfRange,
    #[problem("g.unimplemented", 400, grpc_code = "unimplemented")]
    Unimplemented,
    #[problem("g.internal", 400, grpc_code = "internal")]
    Internal,
    #[problem("g.unavailable", 400, grpc_code = "unavailable")]
    Unavailable,
    #[problem("g.data_loss", 400, grpc_code = "data_loss")]
    DataLoss,
    #[problem("g.unauthenticated", 400, grpc_code = "unauthenticated")]
    Unauthenticated,
}

#[test]
fn every_level_and_code() {
    let levels: Vec<Option<LogLevel>> = [
        Every::Off,
        Every::Error,
        Every::Warn,
        Every::Info,
        Every::Debug,
        Every::Trace,
    ]
    .iter()
    .map(log_of)
    .collect();
    assert_eq!(
        levels,
        LogLevel::ALL.iter().copied().map(Some).collect::<Vec<_>>()
    );
    // `tonic::Code`'s values, 1..=16, in its order.
    let codes: Vec<Option<i32>> = [
        Every::Cancelled,
        Every::Unknown,
        Every::InvalidArgument,
        Every::DeadlineExceeded,
        Every::NotFound,
        Every::AlreadyExists,
        Every::PermissionDenied,
        Every::ResourceExhausted,
        Every::FailedPrecondition,
        Every::Aborted,
        Every::OutOfRange,
        Every::Unimplemented,
        Every::Internal,
        Every::Unavailable,
        Every::DataLoss,
        Every::Unauthenticated,
    ]
    .iter()
    .map(grpc_code_of)
    .collect();
    assert_eq!(codes, (1..=16).map(Some).collect::<Vec<_>>());
}
