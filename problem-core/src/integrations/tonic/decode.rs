//! Problem details from any `tonic::Status`, whoever sent it.

use ::tonic::Status;
use prost::Message;
use serde_json::Value;
use tonic_types::{BadRequest, ErrorInfo, RequestInfo, RetryInfo, RpcStatusExt};

use super::code::{code_name, http_status};
use super::metadata;
use crate::details::{FieldError, ProblemDetails, STANDARD_MEMBERS};
use crate::status::reason_phrase;

/// Reads any gRPC status into problem details; never panics.
///
/// A status sent by [`to_status`](super::to_status) gives back the details
/// the problem's envelope has (so that
/// [`FromProblem::from_problem`](crate::FromProblem::from_problem) rebuilds
/// the typed error): the code, type URI, HTTP status, title, `instance` and
/// `trace_id` and each extension member from the `ErrorInfo`, the detail from
/// the message (none when the message is the title), `retry_after` from a
/// `RetryInfo` (whole seconds, rounded up), `errors` from a `BadRequest` and
/// `request_id` from a `RequestInfo`.
///
/// Any other status is read as far as it goes, each rich detail on its own:
/// without an `ErrorInfo` (or with an empty `reason`) the code is
/// `grpc.<code name>` (`grpc.not_found`), the HTTP status is the gRPC code's
/// ([`http_status`](super::http_status)), the title its reason phrase, and a
/// non-empty message the detail. An `ErrorInfo` from another server gives its
/// `reason` as code and its metadata as extension members (a value that is
/// JSON text as that JSON value, any other as a string). A field violation
/// without a `reason` has an empty code and its description as detail.
/// Detail bytes that are not a `google.rpc.Status`, unknown detail types and
/// details that do not decode are skipped.
///
/// ```
/// use problem_core::tonic::details_from_status;
///
/// let status = tonic::Status::not_found("no such scan");
/// let details = details_from_status(&status);
/// assert_eq!(details.code.as_deref(), Some("grpc.not_found"));
/// assert_eq!(details.status, Some(404));
/// assert_eq!(details.title.as_deref(), Some("Not Found"));
/// assert_eq!(details.detail.as_deref(), Some("no such scan"));
/// ```
#[must_use]
pub fn details_from_status(status: &Status) -> ProblemDetails {
    let rich = Rich::of(status.details());
    let code = status.code();
    let info = rich
        .error_info
        .filter(|i| !i.reason.is_empty() || !i.metadata.is_empty());
    let meta = |key: &str| {
        info.as_ref()
            .and_then(|i| i.metadata.get(key))
            .map(String::as_str)
    };

    let http = meta(metadata::STATUS)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or_else(|| http_status(code));
    let title = meta(metadata::TITLE);
    let message = status.message();
    // A message equal to the title sent beside it is the title: the status
    // had no detail (or withheld it).
    let detail = (!message.is_empty() && Some(message) != title).then(|| message.to_owned());
    let mut details = ProblemDetails {
        type_uri: meta(metadata::TYPE)
            .filter(|t| !t.is_empty())
            .map_or_else(|| ProblemDetails::default().type_uri, str::to_owned),
        title: Some(title.map_or_else(
            || reason_phrase(http).unwrap_or(code.description()).to_owned(),
            str::to_owned,
        )),
        status: Some(http),
        detail,
        instance: meta(metadata::INSTANCE).map(str::to_owned),
        code: Some(match &info {
            Some(i) if !i.reason.is_empty() => i.reason.clone(),
            _ => format!("grpc.{}", code_name(code)),
        }),
        request_id: rich
            .request_info
            .map(|r| r.request_id)
            .filter(|id| !id.is_empty()),
        trace_id: meta(metadata::TRACE_ID).map(str::to_owned),
        errors: rich.bad_request.map(errors).unwrap_or_default(),
        ..ProblemDetails::default()
    };
    if let Some(info) = &info {
        for (key, text) in &info.metadata {
            let own = [
                metadata::TYPE,
                metadata::STATUS,
                metadata::TITLE,
                metadata::INSTANCE,
                metadata::TRACE_ID,
            ];
            if !own.contains(&key.as_str()) && !STANDARD_MEMBERS.contains(&key.as_str()) {
                details
                    .extensions
                    .insert(key.clone(), metadata::value_from_text(text));
            }
        }
    }
    if let Some(delay) = rich.retry_info.and_then(|r| r.retry_delay) {
        let secs = delay
            .as_secs()
            .saturating_add(u64::from(delay.subsec_nanos() > 0));
        details
            .extensions
            .insert("retry_after".to_owned(), Value::from(secs));
    }
    details
}

impl From<&Status> for ProblemDetails {
    /// [`details_from_status`](super::details_from_status).
    fn from(status: &Status) -> Self {
        details_from_status(status)
    }
}

impl From<Status> for ProblemDetails {
    /// [`details_from_status`](super::details_from_status).
    fn from(status: Status) -> Self {
        details_from_status(&status)
    }
}

/// The rich error details this crate reads, each the first of its type that
/// decodes.
#[derive(Default)]
struct Rich {
    error_info: Option<ErrorInfo>,
    retry_info: Option<RetryInfo>,
    bad_request: Option<BadRequest>,
    request_info: Option<RequestInfo>,
}

impl Rich {
    /// The details in a status's detail bytes: none when they are empty or
    /// not a `google.rpc.Status`.
    fn of(bytes: &[u8]) -> Rich {
        if bytes.is_empty() {
            return Rich::default();
        }
        let Ok(status) = tonic_types::Status::decode(bytes) else {
            return Rich::default();
        };
        Rich {
            error_info: status.get_details_error_info(),
            retry_info: status.get_details_retry_info(),
            bad_request: status.get_details_bad_request(),
            request_info: status.get_details_request_info(),
        }
    }
}

/// Field errors from field violations: `path` is the field, `code` the
/// reason (empty when the violation has none), and `detail` the description
/// when it is not the reason.
fn errors(bad_request: BadRequest) -> Vec<FieldError> {
    bad_request
        .field_violations
        .into_iter()
        .map(|v| FieldError {
            detail: (v.description != v.reason).then_some(v.description),
            path: v.field,
            code: v.reason,
        })
        .collect()
}
