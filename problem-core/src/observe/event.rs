//! The `tracing` event of a [`ProblemReport`] (feature `tracing`): how a
//! report is logged, and whether it would be recorded.

#[cfg(feature = "tracing")]
use tracing::Level;

use super::report::ProblemReport;
use crate::log_level::LogLevel;
use crate::protocol::Context;

#[cfg(feature = "tracing")]
impl ProblemReport {
    /// Emits the report as one `tracing` event with target `problem`, at its
    /// [`level`](Self::level) (nothing for [`LogLevel::Off`]), inside the
    /// current span, with the fields `code`, `status`, `type_uri`,
    /// `request_id`, `trace_id`, `instance`, `detail` and `error` (those
    /// known), and the title as its message.
    #[cfg(feature = "tracing")]
    pub fn log(&self) {
        emit(self, Context::default());
    }
}

/// The `tracing` level of a [`LogLevel`]; `None` for `Off`.
#[cfg(feature = "tracing")]
#[must_use]
fn tracing_level(level: LogLevel) -> Option<Level> {
    match level {
        LogLevel::Off => None,
        LogLevel::Error => Some(Level::ERROR),
        LogLevel::Warn => Some(Level::WARN),
        LogLevel::Info => Some(Level::INFO),
        LogLevel::Debug => Some(Level::DEBUG),
        LogLevel::Trace => Some(Level::TRACE),
    }
}

/// One event per level: `tracing`'s callsites take a constant level.
///
/// The code, type, request id, trace id and instance are identifiers and
/// URIs (no spaces, nothing to quote): recorded with their `Display`, which
/// a formatting subscriber writes as they are. The detail and the cause are
/// free text: recorded as `&str`, which tracing-subscriber's `fmt` writes
/// quoted and escaped.
#[cfg(feature = "tracing")]
macro_rules! emit_at {
    ($level:expr, $report:ident, $cx:ident) => {
        tracing::event!(
            target: "problem",
            $level,
            code = %$report.code,
            status = $report.status,
            type_uri = %$report.type_uri,
            request_id = $report.request_id.as_deref().or($cx.request_id).map(tracing::field::display),
            trace_id = $report.trace_id.as_deref().or($cx.trace_id).map(tracing::field::display),
            instance = $report.instance.as_deref().or($cx.instance).map(tracing::field::display),
            detail = $report.detail.as_deref(),
            error = $report.error.as_deref(),
            "{}",
            $report.title
        )
    };
}

/// Emits the report's event, inside the current span, with the request's
/// members `cx` holds (borrowed: logging a problem under a layer copies
/// none of them) where the report has none.
#[cfg(feature = "tracing")]
fn emit(report: &ProblemReport, cx: Context<'_>) {
    match tracing_level(report.level) {
        None => {}
        Some(Level::ERROR) => emit_at!(Level::ERROR, report, cx),
        Some(Level::WARN) => emit_at!(Level::WARN, report, cx),
        Some(Level::INFO) => emit_at!(Level::INFO, report, cx),
        Some(Level::DEBUG) => emit_at!(Level::DEBUG, report, cx),
        Some(_) => emit_at!(Level::TRACE, report, cx),
    }
}

/// Whether the current subscriber records events of target `problem` at `level`.
#[cfg(feature = "tracing")]
fn enabled_at(level: LogLevel) -> bool {
    match tracing_level(level) {
        None => false,
        Some(Level::ERROR) => tracing::enabled!(target: "problem", Level::ERROR),
        Some(Level::WARN) => tracing::enabled!(target: "problem", Level::WARN),
        Some(Level::INFO) => tracing::enabled!(target: "problem", Level::INFO),
        Some(Level::DEBUG) => tracing::enabled!(target: "problem", Level::DEBUG),
        Some(_) => tracing::enabled!(target: "problem", Level::TRACE),
    }
}

/// Logs a report: [`ProblemReport::log`] with the `tracing` feature,
/// nothing without.
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub(crate) fn log(report: &ProblemReport) {
    log_in(report, Context::default());
}

/// Logs a report with the request's context where the report has none,
/// without copying the context into the report.
#[cfg_attr(not(feature = "axum"), allow(dead_code))]
pub(crate) fn log_in(report: &ProblemReport, cx: Context<'_>) {
    #[cfg(feature = "tracing")]
    emit(report, cx);
    #[cfg(not(feature = "tracing"))]
    let _ = (report, cx);
}

/// Whether an event at `level` would be recorded by the current subscriber
/// (always false without the `tracing` feature).
#[must_use]
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub(crate) fn enabled(level: LogLevel) -> bool {
    #[cfg(feature = "tracing")]
    {
        enabled_at(level)
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = level;
        false
    }
}
