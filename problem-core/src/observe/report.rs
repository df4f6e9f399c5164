//! [`ProblemReport`]: the facts of one problem response, for logs and hooks.

#[cfg(any(feature = "axum", feature = "actix-web"))]
use core::cell::Cell;
use std::borrow::Cow;
use std::error::Error;
use std::sync::Arc;

use super::cause::CauseOf;
use super::probe::{Probe, level};
use crate::details::ProblemDetails;
use crate::log_level::LogLevel;
use crate::problem::Problem;
use crate::status::error_status;

/// A hook given the report of each problem response (the frameworks'
/// `on_problem`).
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub(crate) type Hook = Arc<dyn Fn(&ProblemReport) + Send + Sync>;

/// One hook calling `inner`, then `outer`: the hook of a layer nested in
/// another (its own first).
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn both(inner: Option<Hook>, outer: Option<Hook>) -> Option<Hook> {
    match (inner, outer) {
        (Some(inner), Some(outer)) => Some(Arc::new(move |report: &ProblemReport| {
            inner(report);
            outer(report);
        })),
        (inner, outer) => inner.or(outer),
    }
}

/// Calls `hook` with `report` unless `running` says it runs already: a
/// problem the hook renders itself is not given back to it. `running` is
/// set while the hook runs, however it ends; `within` makes the call (in
/// the layer's scope, lent to the thread).
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn call_hook(
    hook: Option<&Hook>,
    running: &Cell<bool>,
    report: &ProblemReport,
    within: impl FnOnce(&dyn Fn()),
) {
    /// Clears the flag however the hook ends.
    struct Done<'a>(&'a Cell<bool>);
    impl Drop for Done<'_> {
        fn drop(&mut self) {
            self.0.set(false);
        }
    }
    if let Some(hook) = hook
        && !running.replace(true)
    {
        let _done = Done(running);
        within(&|| hook(report));
    }
}

/// The facts of one problem response, for logs and hooks.
///
/// Built by the framework integrations for every problem response they
/// write (and by axum's `ProblemLayer` and actix-web's `ProblemMiddleware`
/// for each plain error response they convert);
/// [`of`](Self::of), [`of_error`](Self::of_error) and
/// [`of_details`](Self::of_details) build one for your own use. Nothing in it
/// is ever written to a response: the detail and the cause of a 5xx are for
/// the server's eyes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProblemReport {
    /// The problem's code (`http.<status>` for a converted plain response).
    pub code: Cow<'static, str>,
    /// The status of the response.
    pub status: u16,
    /// The `type` URI.
    pub type_uri: Cow<'static, str>,
    /// The title.
    pub title: Cow<'static, str>,
    /// The detail, also when the wire withholds it (see
    /// [`detail_withheld`](Self::detail_withheld)). For a converted plain
    /// 5xx response, the start of its body, which is never sent.
    pub detail: Option<String>,
    /// Whether the response leaves [`detail`](Self::detail) out.
    pub detail_withheld: bool,
    /// The cause: the value's `source()` chain, each cause's `Display` joined
    /// with `": "`, when its type implements `std::error::Error` (for a
    /// built-in `RequestProblem`, the framework's reason).
    pub error: Option<String>,
    /// The request id, when known.
    pub request_id: Option<String>,
    /// The W3C trace id, when known.
    pub trace_id: Option<String>,
    /// The `instance` URI: the problem's own, else the request path, when known.
    pub instance: Option<String>,
    /// The level the `tracing` event is (or would be) emitted at: ERROR for
    /// 5xx, DEBUG for 4xx, unless the type's `log` key says otherwise.
    pub level: LogLevel,
    /// Whether axum's `ProblemLayer` or actix-web's `ProblemMiddleware` made
    /// this problem from a plain error response (a framework's or a
    /// middleware's), rather than a handler returning one.
    pub converted: bool,
}

impl ProblemReport {
    /// The report of a problem, without a cause (see
    /// [`of_error`](Self::of_error)) or request context.
    #[must_use]
    pub fn of<P: ?Sized + Problem>(problem: &P) -> ProblemReport {
        ProblemReport::probe(problem, CauseOf::None, |_| true)
            .unwrap_or_else(|| unreachable(problem))
    }

    /// The report of a problem that is also an `Error`: [`error`](Self::error)
    /// is its `source()` chain.
    #[must_use]
    pub fn of_error<P: Problem + Error>(problem: &P) -> ProblemReport {
        ProblemReport::probe(problem, CauseOf::Error(problem), |_| true)
            .unwrap_or_else(|| unreachable(problem))
    }

    /// The report of problem details (a relayed problem, say).
    #[must_use]
    pub fn of_details(details: &ProblemDetails) -> ProblemReport {
        let status = details.status.unwrap_or(500);
        ProblemReport {
            code: Cow::Owned(details.code.clone().unwrap_or_default()),
            status,
            type_uri: Cow::Owned(details.type_uri.clone()),
            title: Cow::Owned(details.title.clone().unwrap_or_default()),
            detail: details.detail.clone(),
            detail_withheld: false,
            error: None,
            request_id: details.request_id.clone(),
            trace_id: details.trace_id.clone(),
            instance: details.instance.clone(),
            level: level(status, None),
            converted: false,
        }
    }

    /// The report of details fitted to be sent, given the detail the fitting
    /// withheld (see `ProblemDetails::fit_to_send`), if `wanted` accepts its
    /// level (nothing is copied otherwise).
    #[cfg(any(
        feature = "axum",
        feature = "actix-web",
        all(feature = "tonic", feature = "tracing")
    ))]
    pub(crate) fn probe_details(
        details: &ProblemDetails,
        withheld: Option<String>,
        mut wanted: impl FnMut(LogLevel) -> bool,
    ) -> Option<ProblemReport> {
        wanted(level(details.status.unwrap_or(500), None)).then(|| {
            let mut report = Self::of_details(details);
            if withheld.is_some() {
                report.detail = withheld;
                report.detail_withheld = true;
            }
            report
        })
    }

    /// The report of a problem, if `wanted` accepts its level (the detail and
    /// the cause are formatted only then).
    pub(crate) fn probe<P: ?Sized + Problem>(
        problem: &P,
        cause: CauseOf<'_>,
        wanted: impl FnMut(LogLevel) -> bool,
    ) -> Option<ProblemReport> {
        let probed = Probe::run(problem, wanted)?;
        Some(ProblemReport {
            code: Cow::Borrowed(probed.code),
            status: probed.status,
            type_uri: Cow::Borrowed(probed.type_uri),
            title: Cow::Borrowed(probed.title),
            detail: probed.detail,
            detail_withheld: probed.withheld,
            error: cause.text(),
            request_id: None,
            trace_id: None,
            instance: probed.instance,
            level: probed.level,
            converted: false,
        })
    }

    /// A report of a plain error response that a layer converted.
    #[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
    pub(crate) fn converted(details: &ProblemDetails, detail: Option<String>) -> ProblemReport {
        let mut report = ProblemReport::of_details(details);
        report.detail_withheld = detail.is_some() && details.detail.is_none();
        report.detail = detail;
        report.converted = true;
        report
    }
}

/// A problem's `__write` always calls `start`: a report is always made when
/// every level is wanted. Should a hand-written `__write` not, the report
/// is made from the trait's accessors.
#[cold]
fn unreachable<P: ?Sized + Problem>(problem: &P) -> ProblemReport {
    // The status every response of it has.
    let status = error_status(problem.status()).unwrap_or(500);
    ProblemReport {
        code: Cow::Borrowed(problem.code()),
        status,
        type_uri: Cow::Borrowed(problem.type_uri()),
        title: Cow::Borrowed(problem.title()),
        detail: problem.detail(),
        detail_withheld: false,
        error: None,
        request_id: None,
        trace_id: None,
        instance: None,
        level: level(status, None),
        converted: false,
    }
}
