//! A problem as a `tonic::Status`: its code, message and google.rpc details.

use std::collections::HashMap;
use std::time::Duration;

use ::tonic::{Code, Status};
use tonic_types::{
    BadRequest, ErrorDetail, ErrorInfo, FieldViolation, RequestInfo, RetryInfo, StatusExt,
};

use super::code::{code_of, grpc_code};
use super::metadata;
use crate::details::{ProblemDetails, STANDARD_MEMBERS};
use crate::observe::cause::CauseOf;
#[cfg(feature = "tracing")]
use crate::observe::event;
#[cfg(feature = "tracing")]
use crate::observe::report::ProblemReport;
use crate::problem::{Envelope, Problem};
use crate::sinks::facts::head;

/// What can be sent as a `tonic::Status`: every [`Problem`], an [`Envelope`]
/// (a problem with per-request context), and [`ProblemDetails`].
///
/// [`to_status`](super::to_status) takes any of them; the method is the same
/// conversion, for `value.to_status()` with the trait in scope.
pub trait ToStatus {
    /// The status: the code mapped from the HTTP status, the detail (or,
    /// when there is none or it is withheld, the title) as message, and the
    /// rich error details. See [the module documentation](super).
    fn to_status(&self) -> Status;
}

impl<P: ?Sized + Problem> ToStatus for P {
    fn to_status(&self) -> Status {
        Envelope::new(self).to_status()
    }
}

impl<P: ?Sized + Problem> ToStatus for Envelope<'_, P> {
    /// As the problem's status, with the envelope's `request_id` as a
    /// `RequestInfo`, its `instance` and `trace_id` in the `ErrorInfo`
    /// metadata, and its title and detail in its language.
    ///
    /// With the `tracing` feature, the conversion is logged as one event
    /// with target `problem`, as a problem response is (see
    /// [`observe`](crate::observe)): a generic `P` is not asked for its
    /// `source()` chain; a derived type's `From<E> for Status` is.
    fn to_status(&self) -> Status {
        envelope_status(self, CauseOf::None)
    }
}

/// The status of an envelope; with the `tracing` feature, its event, which
/// carries what the status withholds (a 5xx detail, the cause).
fn envelope_status<P: ?Sized + Problem>(envelope: &Envelope<'_, P>, cause: CauseOf<'_>) -> Status {
    // Every problem's conversion passes here (`From<E> for Status`,
    // `to_status(&problem)` through `Envelope::new`), where the problem
    // itself (a withheld detail, its source chain) is still at hand.
    #[cfg(feature = "tracing")]
    log(envelope, cause);
    #[cfg(not(feature = "tracing"))]
    let _ = cause;
    let details = envelope.to_details();
    // The variant's `grpc_code = ".."`, as `tonic::Code`'s value.
    let overridden = head(|sink| envelope.problem().__write(sink)).0.grpc_code;
    // The occurrence's status (always written; a hand-written type's that is
    // not an error status is written as 500, with `Unknown` as its code).
    let code = code_of(details.status.unwrap_or_default(), overridden);
    build(&details, code)
}

/// Logs the conversion: the event an HTTP problem response has, with the
/// envelope's context; nothing is formatted unless a subscriber records it.
#[cfg(feature = "tracing")]
fn log<P: ?Sized + Problem>(envelope: &Envelope<'_, P>, cause: CauseOf<'_>) {
    let Some(mut report) = ProblemReport::probe(envelope.problem(), cause, event::enabled) else {
        return;
    };
    let context = envelope.context();
    if report.instance.is_none() {
        report.instance = context.instance.map(str::to_owned);
    }
    report.request_id = context.request_id.map(str::to_owned);
    report.trace_id = context.trace_id.map(str::to_owned);
    event::log(&report);
}

impl ToStatus for ProblemDetails {
    /// The details as they are (a 5xx detail included: details with an
    /// error status are what a server already chose to send), with the code
    /// of their `status`. Details without an error status (a client's
    /// transport error, whose status is 0) are `Unknown`, with `500` as
    /// their status and without their detail, which was written for the
    /// client's side.
    ///
    /// With the `tracing` feature, the conversion is logged as a problem
    /// response is, with the detail it withholds.
    fn to_status(&self) -> Status {
        let code = self.status.map_or(Code::Unknown, grpc_code);
        let (fit, withheld) = self.fitted();
        #[cfg(feature = "tracing")]
        if let Some(report) = ProblemReport::probe_details(&fit, withheld, event::enabled) {
            event::log(&report);
        }
        #[cfg(not(feature = "tracing"))]
        let _ = withheld;
        build(&fit, code)
    }
}

impl<P: ?Sized + Problem> From<Envelope<'_, P>> for Status {
    fn from(envelope: Envelope<'_, P>) -> Self {
        envelope.to_status()
    }
}

impl From<ProblemDetails> for Status {
    fn from(details: ProblemDetails) -> Self {
        details.to_status()
    }
}

/// The status of a derived type's `From<E> for tonic::Status`; `cause` is
/// what the type says of its cause (its `source()` chain when it is an
/// `Error`), for the log.
#[doc(hidden)]
pub fn problem_status<P: ?Sized + Problem>(problem: &P, cause: CauseOf<'_>) -> Status {
    envelope_status(&Envelope::new(problem), cause)
}

/// The status of the envelope members in `details`, with `code`.
fn build(details: &ProblemDetails, code: Code) -> Status {
    let message = details
        .detail
        .as_deref()
        .or(details.title.as_deref())
        .or(details.code.as_deref())
        .unwrap_or_default();
    let mut rich = Vec::with_capacity(4);
    rich.push(ErrorDetail::ErrorInfo(error_info(details)));
    if let Some(secs) = details.retry_after() {
        // Beyond RetryInfo's range (about 10,000 years) the delay is its maximum.
        rich.push(ErrorDetail::RetryInfo(RetryInfo::new(Some(
            Duration::from_secs(secs),
        ))));
    }
    if !details.errors.is_empty() {
        let violations: Vec<FieldViolation> = details
            .errors
            .iter()
            .map(|e| FieldViolation {
                field: e.path.clone(),
                description: e.detail.as_ref().unwrap_or(&e.code).clone(),
                reason: e.code.clone(),
                ..FieldViolation::default()
            })
            .collect();
        rich.push(ErrorDetail::BadRequest(BadRequest::new(violations)));
    }
    if let Some(id) = &details.request_id {
        rich.push(ErrorDetail::RequestInfo(RequestInfo::new(id, "")));
    }
    Status::with_error_details_vec(code, message, rich)
}

/// `ErrorInfo { reason: code, domain: the type URI's host, metadata }`: the
/// metadata holds the members that have no other place in the status (see
/// [`metadata`]).
fn error_info(details: &ProblemDetails) -> ErrorInfo {
    let mut meta = HashMap::with_capacity(3 + details.extensions.len());
    meta.insert(metadata::TYPE.to_owned(), details.type_uri.clone());
    if let Some(status) = details.status {
        meta.insert(metadata::STATUS.to_owned(), status.to_string());
    }
    for (key, value) in [
        (metadata::TITLE, &details.title),
        (metadata::INSTANCE, &details.instance),
        (metadata::TRACE_ID, &details.trace_id),
    ] {
        if let Some(value) = value {
            meta.insert(key.to_owned(), value.clone());
        }
    }
    for (name, value) in &details.extensions {
        // `retry_after` travels as a RetryInfo when it is a number of seconds;
        // a member named like a standard one is not written, as in JSON.
        let retry_info = name == "retry_after" && value.is_u64();
        if !retry_info && !STANDARD_MEMBERS.contains(&name.as_str()) {
            meta.insert(name.clone(), metadata::value_text(value));
        }
    }
    ErrorInfo::new(
        details.code.as_deref().unwrap_or_default(),
        host(&details.type_uri),
        meta,
    )
}

/// The host of an absolute URI (`docs.example.com` for
/// `https://user@docs.example.com:8443/errors/x`); empty when it has none
/// (`about:blank`, `urn:..`).
fn host(uri: &str) -> &str {
    let Some((_, rest)) = uri.split_once("://") else {
        return "";
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        // An IP literal keeps its brackets: `[::1]`.
        return host_port
            .find(']')
            .map_or(host_port, |end| &host_port[..=end]);
    }
    host_port.split(':').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn host_of_a_type_uri() {
        for (uri, expected) in [
            (
                "https://docs.example.com/errors/scans.not_found",
                "docs.example.com",
            ),
            ("https://docs.example.com", "docs.example.com"),
            (
                "https://user:pw@docs.example.com:8443/x?y#z",
                "docs.example.com",
            ),
            ("http://[::1]:8080/errors/", "[::1]"),
            ("http://[::1", "[::1"),
            ("https://example.com?q=a/b", "example.com"),
            ("about:blank", ""),
            ("urn:problem:scans", ""),
            ("", ""),
            ("://", ""),
            ("https://é.example/ü", "é.example"),
        ] {
            assert_eq!(host(uri), expected, "{uri}");
        }
    }
}
