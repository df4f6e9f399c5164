//! [`ProblemDetails`] as a Rust error: `Display` (the code, then the detail
//! or title), `std::error::Error`, and [`ProblemDetails::transport_error`],
//! which keeps another error's whole `source()` chain in the detail.

use core::fmt;
use std::error::Error;

use crate::details::{ABOUT_BLANK, ProblemDetails};
use crate::error_chain::{MAX_CHAIN, push_cause, push_chain};

/// Shows what a log line needs: the code, then the detail, or the title when
/// there is no detail.
///
/// Without a code, the `type` URI stands in for it (unless it is
/// `about:blank`), then `HTTP <status>`, then the word `problem`.
///
/// ```
/// use problem_core::ProblemDetails;
///
/// let p = ProblemDetails::from_response(
///     404,
///     Some("application/problem+json"),
///     br#"{"title":"Scan not found","detail":"scan 42 was not found","code":"scans.not_found"}"#,
/// );
/// assert_eq!(p.to_string(), "scans.not_found: scan 42 was not found");
///
/// let p = ProblemDetails::from_response(503, Some("text/html"), b"");
/// assert_eq!(p.to_string(), "http.503: Service Unavailable");
/// ```
impl fmt::Display for ProblemDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, self.status) {
            (Some(code), _) if !code.is_empty() => f.write_str(code)?,
            _ if !self.type_uri.is_empty() && self.type_uri != ABOUT_BLANK => {
                f.write_str(&self.type_uri)?;
            }
            (_, Some(status)) => write!(f, "HTTP {status}")?,
            (_, None) => f.write_str("problem")?,
        }
        match self.detail.as_deref().or(self.title.as_deref()) {
            Some(text) if !text.is_empty() => write!(f, ": {text}"),
            _ => Ok(()),
        }
    }
}

/// Problem details are an error value: return them with `?`, box them, or
/// wrap them. They have no [`source`](Error::source); a transport failure's
/// cause is kept by [`ClientError`](crate::ClientError).
impl Error for ProblemDetails {}

impl ProblemDetails {
    /// Details for a request that got no HTTP response, from the error the
    /// client returned: like [`transport`](ProblemDetails::transport) (code
    /// `transport.error`, status 0), with the error's whole
    /// [`source()`](Error::source) chain as the detail, each cause's
    /// `Display` joined with `": "`.
    ///
    /// A cause whose text the detail already ends with (an error that shows
    /// its source in its own message) is not repeated; a cause whose
    /// `Display` fails or writes nothing is left out; at most 32 errors of the
    /// chain are read.
    ///
    /// ```
    /// use std::io;
    ///
    /// #[derive(Debug)]
    /// struct SendError(io::Error);
    ///
    /// impl std::fmt::Display for SendError {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("error sending request for url (http://127.0.0.1:9/)")
    ///     }
    /// }
    ///
    /// impl std::error::Error for SendError {
    ///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
    ///         Some(&self.0)
    ///     }
    /// }
    ///
    /// let err = SendError(io::Error::new(io::ErrorKind::ConnectionRefused, "connection refused"));
    /// let p = problem_core::ProblemDetails::transport_error(&err);
    /// assert_eq!(p.code.as_deref(), Some("transport.error"));
    /// assert_eq!(p.status, Some(0));
    /// assert_eq!(
    ///     p.detail.as_deref(),
    ///     Some("error sending request for url (http://127.0.0.1:9/): connection refused")
    /// );
    /// ```
    #[must_use]
    pub fn transport_error<E: Error + ?Sized>(err: &E) -> Self {
        let mut detail = String::new();
        push_cause(&mut detail, err);
        push_chain(&mut detail, err.source(), MAX_CHAIN - 1);
        let mut details = ProblemDetails::transport("");
        details.detail = (!detail.is_empty()).then_some(detail);
        details
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Chain(&'static str, Option<Box<Chain>>);

    impl fmt::Display for Chain {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if self.0 == "fails" {
                return Err(fmt::Error);
            }
            f.write_str(self.0)
        }
    }

    impl Error for Chain {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|c| c as _)
        }
    }

    fn chain(texts: &[&'static str]) -> Chain {
        let mut out: Option<Box<Chain>> = None;
        for text in texts.iter().rev() {
            out = Some(Box::new(Chain(text, out)));
        }
        *out.unwrap()
    }

    /// A source chain that loops forever.
    #[derive(Debug)]
    struct Loop;

    impl fmt::Display for Loop {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("again")
        }
    }

    impl Error for Loop {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&Loop)
        }
    }

    fn detail(err: &(dyn Error + 'static)) -> Option<String> {
        ProblemDetails::transport_error(err).detail
    }

    #[test]
    fn the_chain_is_joined() {
        assert_eq!(detail(&chain(&["a"])).as_deref(), Some("a"));
        assert_eq!(detail(&chain(&["a", "b", "c"])).as_deref(), Some("a: b: c"));
        // A cause already shown by the error above it is not repeated.
        assert_eq!(
            detail(&chain(&["a: b", "b", "c"])).as_deref(),
            Some("a: b: c")
        );
        // Empty and failing causes are left out, the rest is kept.
        assert_eq!(
            detail(&chain(&["fails", "", "b", "fails"])).as_deref(),
            Some("b")
        );
        assert_eq!(detail(&chain(&["fails"])), None);
    }

    #[test]
    fn a_failing_display_leaves_the_transport_detail_out() {
        let p = ProblemDetails::transport(Chain("fails", None));
        assert_eq!(p.detail, None);
        assert_eq!(p.code.as_deref(), Some("transport.error"));
        let p = ProblemDetails::transport(Chain("ok", None));
        assert_eq!(p.detail.as_deref(), Some("ok"));
    }

    #[test]
    fn a_looping_chain_ends() {
        // The first error, then its cause; the loop repeats the same text.
        assert_eq!(detail(&Loop).as_deref(), Some("again"));
        let p = ProblemDetails::transport_error(&Loop);
        assert_eq!(p.code.as_deref(), Some("transport.error"));
        assert_eq!(p.status, Some(0));
    }

    #[test]
    fn display_falls_back_from_code_to_type_to_status() {
        let mut p = ProblemDetails {
            code: Some("a.b".into()),
            title: Some("Title".into()),
            ..ProblemDetails::default()
        };
        assert_eq!(p.to_string(), "a.b: Title");
        p.detail = Some("detail".into());
        assert_eq!(p.to_string(), "a.b: detail");
        p.code = Some(String::new());
        p.type_uri = "https://errors.example/x".into();
        assert_eq!(p.to_string(), "https://errors.example/x: detail");
        p.type_uri = ABOUT_BLANK.into();
        p.status = Some(418);
        p.detail = Some(String::new());
        p.title = None;
        assert_eq!(p.to_string(), "HTTP 418");
        assert_eq!(ProblemDetails::default().to_string(), "problem");
    }
}
