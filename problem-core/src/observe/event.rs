//! The `tracing` event of a [`ProblemReport`] (feature `tracing`).

use tracing::Level;

use super::ProblemReport;
use crate::log_level::LogLevel;

/// The `tracing` level of a [`LogLevel`]; `None` for `Off`.
#[must_use]
pub(crate) fn tracing_level(level: LogLevel) -> Option<Level> {
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
macro_rules! emit_at {
    ($level:expr, $report:ident) => {
        tracing::event!(
            target: "problem",
            $level,
            code = &*$report.code,
            status = $report.status,
            type_uri = &*$report.type_uri,
            request_id = $report.request_id.as_deref(),
            trace_id = $report.trace_id.as_deref(),
            instance = $report.instance.as_deref(),
            detail = $report.detail.as_deref(),
            error = $report.error.as_deref(),
            "{}",
            $report.title
        )
    };
}

/// Emits the report's event, inside the current span.
pub(crate) fn emit(report: &ProblemReport) {
    match tracing_level(report.level) {
        None => {}
        Some(Level::ERROR) => emit_at!(Level::ERROR, report),
        Some(Level::WARN) => emit_at!(Level::WARN, report),
        Some(Level::INFO) => emit_at!(Level::INFO, report),
        Some(Level::DEBUG) => emit_at!(Level::DEBUG, report),
        Some(_) => emit_at!(Level::TRACE, report),
    }
}

/// Whether the current subscriber records events of target `problem` at `level`.
pub(crate) fn enabled(level: LogLevel) -> bool {
    match tracing_level(level) {
        None => false,
        Some(Level::ERROR) => tracing::enabled!(target: "problem", Level::ERROR),
        Some(Level::WARN) => tracing::enabled!(target: "problem", Level::WARN),
        Some(Level::INFO) => tracing::enabled!(target: "problem", Level::INFO),
        Some(Level::DEBUG) => tracing::enabled!(target: "problem", Level::DEBUG),
        Some(_) => tracing::enabled!(target: "problem", Level::TRACE),
    }
}
