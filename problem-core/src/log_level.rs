//! [`LogLevel`]: how loudly a problem is logged.
//!
//! A stand-in until the derive's `log = ".."` key lands (issue 17 adds the
//! same enum, with the same name and variants, beside the key): the level
//! selection in [`observe`](crate::observe) reads it from one marked place.

use core::fmt;

/// The level at which a problem response is logged (feature `tracing`): by
/// default [`Error`](LogLevel::Error) for a 5xx and [`Debug`](LogLevel::Debug)
/// for a 4xx; the container or variant key `log = ".."` overrides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogLevel {
    /// Not logged.
    Off,
    /// `tracing::Level::ERROR`.
    Error,
    /// `tracing::Level::WARN`.
    Warn,
    /// `tracing::Level::INFO`.
    Info,
    /// `tracing::Level::DEBUG`.
    Debug,
    /// `tracing::Level::TRACE`.
    Trace,
}

impl LogLevel {
    /// The name the `log` key takes: `off`, `error`, `warn`, `info`, `debug`, `trace`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
