//! A sink that reads what the logs need of an occurrence: its constant
//! members, its status, its own `instance`, and its detail *also when the
//! wire withholds it*.
//!
//! The generated `__write` passes no detail to a sink when a 5xx withholds
//! it: it asks `detail_shown` first. While this probe runs, that question is
//! answered "shown" once (`withhold::Reveal`), so nothing rendered for the
//! wire, on this thread or another, ever sees it.

use core::fmt;

use serde::Serialize;

use crate::details::FieldError;
use crate::log_level::LogLevel;
use crate::problem::Problem;
use crate::protocol::{Head, Sink, format_detail};
use crate::withhold::Reveal;

/// What the probe read of an occurrence.
#[derive(Debug)]
pub(crate) struct Probed {
    pub(crate) code: &'static str,
    pub(crate) type_uri: &'static str,
    pub(crate) title: &'static str,
    pub(crate) status: u16,
    pub(crate) level: LogLevel,
    pub(crate) detail: Option<String>,
    /// The detail is not on the wire (a 5xx without `expose_detail`).
    pub(crate) withheld: bool,
    /// A `#[problem(instance)]` field's value.
    pub(crate) instance: Option<String>,
}

/// The probe: a [`Sink`] that stops after `start`.
pub(crate) struct Probe<W> {
    /// Whether a problem logged at this level is wanted at all; when not,
    /// the detail is not formatted.
    wanted: W,
    probed: Option<Probed>,
}

/// Stops the probe's pass.
pub(crate) struct Stop;

impl<W: FnMut(LogLevel) -> bool> Probe<W> {
    /// Reads `problem`, or `None` when `wanted` refuses its level.
    pub(crate) fn run<P: ?Sized + Problem>(problem: &P, wanted: W) -> Option<Probed> {
        let mut probe = Probe {
            wanted,
            probed: None,
        };
        let reveal = Reveal::set();
        let _ = problem.__write(&mut probe);
        drop(reveal);
        probe.probed
    }
}

/// The level of a problem with this status: the derive's `log` key when it
/// has one, else ERROR for 5xx and DEBUG for 4xx.
#[must_use]
pub(crate) fn level(status: u16, declared: Option<LogLevel>) -> LogLevel {
    declared.unwrap_or(LogLevel::for_status(status))
}

/// The level the derive declared for this head's variant (`log = ".."`,
/// the variant's or else its type's); `None`: from the status.
#[inline]
fn declared_level(head: &Head) -> Option<LogLevel> {
    head.log
}

impl<W: FnMut(LogLevel) -> bool> Sink for Probe<W> {
    type Error = Stop;

    fn start(
        &mut self,
        head: &Head,
        status: u16,
        _retryable: bool,
        detail: Option<fmt::Arguments<'_>>,
        instance: Option<&str>,
    ) -> Result<(), Stop> {
        // Still set: no `detail_shown` took it, so the detail (if any) is
        // the wire's. Cleared before anything is formatted.
        let withheld = !Reveal::clear();
        let level = level(status, declared_level(head));
        if !(self.wanted)(level) {
            return Err(Stop);
        }
        let detail = detail.and_then(format_detail);
        self.probed = Some(Probed {
            code: head.code,
            type_uri: head.type_uri,
            title: head.title,
            status,
            level,
            withheld: withheld && detail.is_some(),
            detail,
            instance: instance.map(str::to_owned),
        });
        Err(Stop)
    }

    fn head(&mut self, _: &Head, _: u16, _: bool) -> Result<(), Stop> {
        Err(Stop)
    }

    fn detail(&mut self, _: fmt::Arguments<'_>) -> Result<(), Stop> {
        Err(Stop)
    }

    fn instance(&mut self, _: Option<&str>) -> Result<(), Stop> {
        Err(Stop)
    }

    fn code(&mut self, _: &Head) -> Result<(), Stop> {
        Err(Stop)
    }

    fn extension<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        _: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        Err(Stop)
    }

    fn retry_after(&mut self, _: u64) -> Result<(), Stop> {
        Err(Stop)
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(&mut self, _: I) -> Result<(), Stop> {
        Err(Stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_status_unless_declared() {
        assert_eq!(level(500, None), LogLevel::Error);
        assert_eq!(level(503, None), LogLevel::Error);
        assert_eq!(level(404, None), LogLevel::Debug);
        assert_eq!(level(499, None), LogLevel::Debug);
        assert_eq!(level(500, Some(LogLevel::Warn)), LogLevel::Warn);
        assert_eq!(level(404, Some(LogLevel::Off)), LogLevel::Off);
    }
}
