//! The gRPC status code of a problem, and the HTTP status of a gRPC code.

use ::tonic::Code;

/// The gRPC code of an HTTP status, as [`to_status`](super::to_status) maps
/// it (a variant's `grpc_code` key overrides it):
///
/// | HTTP status | gRPC code |
/// |---|---|
/// | 400 | `InvalidArgument` |
/// | 401 | `Unauthenticated` |
/// | 403 | `PermissionDenied` |
/// | 404 | `NotFound` |
/// | 409 | `Aborted` |
/// | 412 | `FailedPrecondition` |
/// | 416 | `OutOfRange` |
/// | 429 | `ResourceExhausted` |
/// | 499 | `Cancelled` |
/// | 501 | `Unimplemented` |
/// | 503 | `Unavailable` |
/// | 504 | `DeadlineExceeded` |
/// | other 4xx | `FailedPrecondition` |
/// | other 5xx | `Internal` |
/// | anything else | `Unknown` |
///
/// ```
/// use problem_core::tonic::grpc_code;
/// use tonic::Code;
///
/// assert_eq!(grpc_code(404), Code::NotFound);
/// assert_eq!(grpc_code(422), Code::FailedPrecondition);
/// assert_eq!(grpc_code(502), Code::Internal);
/// ```
#[must_use]
pub const fn grpc_code(status: u16) -> Code {
    match status {
        400 => Code::InvalidArgument,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::NotFound,
        409 => Code::Aborted,
        412 => Code::FailedPrecondition,
        416 => Code::OutOfRange,
        429 => Code::ResourceExhausted,
        499 => Code::Cancelled,
        501 => Code::Unimplemented,
        503 => Code::Unavailable,
        504 => Code::DeadlineExceeded,
        402..=498 => Code::FailedPrecondition,
        500..=599 => Code::Internal,
        _ => Code::Unknown,
    }
}

/// The gRPC code of an occurrence: the variant's `grpc_code` override (a
/// numeric `tonic::Code`) when it has one, else the code of its status.
pub(crate) const fn code_of(status: u16, overridden: Option<i32>) -> Code {
    match overridden {
        Some(code) => Code::from_i32(code),
        None => grpc_code(status),
    }
}

/// The HTTP status of a gRPC code, for a status that does not say its own:
/// the mapping of `google.rpc.Code` (`AlreadyExists` and `Aborted` are 409;
/// `FailedPrecondition` and `OutOfRange` are 400; `Unknown`, `Internal` and
/// `DataLoss` are 500; `Ok` is 200).
///
/// ```
/// use problem_core::tonic::http_status;
/// use tonic::Code;
///
/// assert_eq!(http_status(Code::NotFound), 404);
/// assert_eq!(http_status(Code::AlreadyExists), 409);
/// assert_eq!(http_status(Code::DataLoss), 500);
/// ```
#[must_use]
pub const fn http_status(code: Code) -> u16 {
    match code {
        Code::Ok => 200,
        Code::Cancelled => 499,
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => 400,
        Code::DeadlineExceeded => 504,
        Code::NotFound => 404,
        Code::AlreadyExists | Code::Aborted => 409,
        Code::PermissionDenied => 403,
        Code::ResourceExhausted => 429,
        Code::Unimplemented => 501,
        Code::Unknown | Code::Internal | Code::DataLoss => 500,
        Code::Unavailable => 503,
        Code::Unauthenticated => 401,
    }
}

/// The snake_case name of a gRPC code (`not_found`): the suffix of the
/// `grpc.<name>` code of a status from a server that does not use this
/// crate, and the name the `grpc_code` key takes.
pub(crate) const fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "ok",
        Code::Cancelled => "cancelled",
        Code::Unknown => "unknown",
        Code::InvalidArgument => "invalid_argument",
        Code::DeadlineExceeded => "deadline_exceeded",
        Code::NotFound => "not_found",
        Code::AlreadyExists => "already_exists",
        Code::PermissionDenied => "permission_denied",
        Code::ResourceExhausted => "resource_exhausted",
        Code::FailedPrecondition => "failed_precondition",
        Code::Aborted => "aborted",
        Code::OutOfRange => "out_of_range",
        Code::Unimplemented => "unimplemented",
        Code::Internal => "internal",
        Code::Unavailable => "unavailable",
        Code::DataLoss => "data_loss",
        Code::Unauthenticated => "unauthenticated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_maps_and_nothing_outside_errors_is_an_error_code() {
        for status in 0..=u16::MAX {
            let code = grpc_code(status);
            match status {
                400..=599 => assert_ne!(code, Code::Unknown, "{status}"),
                _ => assert_eq!(code, Code::Unknown, "{status}"),
            }
        }
        assert_eq!(grpc_code(402), Code::FailedPrecondition);
        assert_eq!(grpc_code(422), Code::FailedPrecondition);
        assert_eq!(grpc_code(500), Code::Internal);
        assert_eq!(grpc_code(599), Code::Internal);
    }

    #[test]
    fn the_http_status_of_a_mapped_code_maps_back_to_it() {
        for status in [400, 401, 403, 404, 429, 499, 501, 503, 504] {
            assert_eq!(http_status(grpc_code(status)), status);
        }
    }

    #[test]
    fn an_override_wins_over_the_status() {
        assert_eq!(
            code_of(409, Some(Code::AlreadyExists as i32)),
            Code::AlreadyExists
        );
        assert_eq!(code_of(409, None), Code::Aborted);
        assert_eq!(code_of(404, Some(99)), Code::Unknown);
    }

    #[test]
    fn names_are_snake_case_and_distinct() {
        let names: Vec<&str> = (0..=16).map(|n| code_name(Code::from_i32(n))).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 17);
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
    }
}
