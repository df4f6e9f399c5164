//! [`LogLevel`]: how loudly an occurrence of a problem is logged.

use core::fmt;

/// The level at which a problem is logged, set per type or per variant with
/// `#[problem(log = "warn")]` (a variant's key wins over its type's).
///
/// Without the key, the level follows the occurrence's status
/// ([`LogLevel::for_status`]): [`Error`](LogLevel::Error) for 5xx,
/// [`Debug`](LogLevel::Debug) for 4xx. [`Off`](LogLevel::Off) logs nothing.
/// The levels are ordered from the quietest to the most verbose, as
/// `tracing` and `log` order theirs (`Off < Error < Warn < … < Trace`).
///
/// ```
/// use problem_core::LogLevel;
///
/// assert_eq!(LogLevel::for_status(503), LogLevel::Error);
/// assert_eq!(LogLevel::for_status(404), LogLevel::Debug);
/// assert_eq!(LogLevel::Warn.name(), "warn");
/// assert!(LogLevel::Off < LogLevel::Error);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// Not logged.
    Off,
    /// `ERROR`.
    Error,
    /// `WARN`.
    Warn,
    /// `INFO`.
    Info,
    /// `DEBUG`.
    Debug,
    /// `TRACE`.
    Trace,
}

impl LogLevel {
    /// Every level, from the quietest.
    pub const ALL: [LogLevel; 6] = [
        LogLevel::Off,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
    ];

    /// The level of an occurrence whose problem sets none: `Error` for a
    /// 5xx status, `Debug` otherwise.
    #[must_use]
    pub const fn for_status(status: u16) -> LogLevel {
        if status >= 500 {
            LogLevel::Error
        } else {
            LogLevel::Debug
        }
    }

    /// The name the `log` attribute takes: `off`, `error`, `warn`, `info`,
    /// `debug`, `trace`.
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

#[cfg(test)]
mod tests {
    use super::LogLevel;

    #[test]
    fn names_and_order() {
        let names: Vec<&str> = LogLevel::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names, ["off", "error", "warn", "info", "debug", "trace"]);
        assert!(LogLevel::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(LogLevel::Info.to_string(), "info");
        assert_eq!(LogLevel::for_status(500), LogLevel::Error);
        assert_eq!(LogLevel::for_status(599), LogLevel::Error);
        assert_eq!(LogLevel::for_status(499), LogLevel::Debug);
    }
}
