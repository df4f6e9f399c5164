//! [`RequestProblem`]: the problems a framework's plumbing produces before a
//! handler runs (a body that does not parse, a path parameter of the wrong
//! type, no route), as a derived problem enum like any other.

use core::fmt;

use crate::problem::Problem as _;

/// A request the framework rejected before a handler ran.
///
/// The rejections of the `axum` feature's extractors (`axum::Json`,
/// `axum::Query`, `axum::Path`), its fallbacks (`axum::not_found`,
/// `axum::method_not_allowed`) and the `actix-web` feature's extractor
/// configurations (`actix::json_config()`, ...) are these problems. It is a `#[derive(Problem)]` type: its [`CATALOG`](crate::Problem::CATALOG)
/// documents every code, a client decodes it with
/// [`FromProblem`](crate::FromProblem), and it can take part in
/// [`assert_unique_codes!`](crate::assert_unique_codes) beside your own types.
///
/// | code | status | member |
/// |---|---|---|
/// | `validation.body_unparseable` | 400 | `reason` |
/// | `validation.body_invalid` | 422 | `reason` |
/// | `validation.content_type` | 415 | `expected` |
/// | `validation.body_too_large` | 413 | |
/// | `validation.body_unreadable` | 400 | `reason` |
/// | `validation.query_invalid` | 400 | `reason` |
/// | `validation.parameter_type_mismatch` | 400 | `parameter`, `value`, `expected` |
/// | `validation.path_invalid` | 400 | `reason` |
/// | `validation.request_rejected` | 4xx | `reason` |
/// | `resource.not_found` | 404 | `instance` |
/// | `resource.method_not_allowed` | 405 | `method` |
/// | `server.extractor_misconfigured` | 500 | |
///
/// ```
/// use problem_core::{Problem, RequestProblem};
///
/// let p = RequestProblem::ParameterTypeMismatch {
///     parameter: "id".into(),
///     value: "abc".into(),
///     expected: "u64".into(),
/// };
/// assert_eq!(
///     String::from_utf8(problem_core::to_vec(&p)).unwrap(),
///     r#"{"type":"about:blank","title":"Path parameter has the wrong type","status":400,"detail":"path parameter `id` must be u64, got `abc`","code":"validation.parameter_type_mismatch","parameter":"id","value":"abc","expected":"u64"}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, problem_derive::Problem)]
#[non_exhaustive]
pub enum RequestProblem {
    /// The request body is not valid JSON; `reason` is the parser's message.
    #[problem(
        code = "validation.body_unparseable",
        status = 400,
        title = "Request body is not valid JSON",
        detail = "the request body could not be parsed as JSON"
    )]
    BodyUnparseable {
        /// The parser's message, with the line and column.
        #[problem(extension)]
        reason: String,
    },

    /// The request body is JSON, but not of the expected shape: a missing
    /// field, a value of the wrong type.
    #[problem(
        code = "validation.body_invalid",
        status = 422,
        title = "Request body does not match the expected shape",
        detail = "the request body is JSON, but not of the expected shape"
    )]
    BodyInvalid {
        /// What did not match, with the path to it.
        #[problem(extension)]
        reason: String,
    },

    /// The request's `Content-Type` is missing or not the one expected.
    #[problem(
        code = "validation.content_type",
        status = 415,
        title = "Unsupported content type",
        detail = "expected a request body with `Content-Type: {expected}`"
    )]
    UnsupportedContentType {
        /// The media type expected, such as `application/json`.
        #[problem(extension)]
        expected: String,
    },

    /// The request body is larger than the server accepts.
    #[problem(
        code = "validation.body_too_large",
        status = 413,
        title = "Request body too large"
    )]
    BodyTooLarge,

    /// The request body could not be read.
    #[problem(
        code = "validation.body_unreadable",
        status = 400,
        title = "Request body could not be read"
    )]
    BodyUnreadable {
        /// Why reading failed.
        #[problem(extension)]
        reason: String,
    },

    /// The query string does not match the expected parameters.
    #[problem(
        code = "validation.query_invalid",
        status = 400,
        title = "Invalid query string",
        detail = "the query string does not match the expected parameters"
    )]
    QueryInvalid {
        /// What did not match.
        #[problem(extension)]
        reason: String,
    },

    /// A path parameter does not parse as the expected type.
    #[problem(
        code = "validation.parameter_type_mismatch",
        status = 400,
        title = "Path parameter has the wrong type",
        detail = "path parameter `{parameter}` must be {expected}, got `{value}`"
    )]
    ParameterTypeMismatch {
        /// The parameter's name in the route (`id` in `/scans/{id}`).
        #[problem(extension)]
        parameter: String,
        /// The value in the request path, percent-decoded.
        #[problem(extension)]
        value: String,
        /// The type expected, as the server names it (`u64`).
        #[problem(extension)]
        expected: String,
    },

    /// The path parameters do not match the route otherwise: text that is
    /// not valid UTF-8 once percent-decoded, a value the server's type
    /// refuses, or (with actix-web, which does not name the parameter) any
    /// parameter that does not parse.
    #[problem(
        code = "validation.path_invalid",
        status = 400,
        title = "Invalid path parameters",
        detail = "the path parameters do not match the route"
    )]
    PathInvalid {
        /// What did not match.
        #[problem(extension)]
        reason: String,
    },

    /// Another rejection of the request (a 4xx), with the framework's status
    /// and message.
    #[problem(
        code = "validation.request_rejected",
        status = 400,
        title = "Request rejected"
    )]
    Rejected {
        /// The framework's status for the rejection.
        #[problem(status)]
        status: u16,
        /// The framework's message.
        #[problem(extension)]
        reason: String,
    },

    /// No route matches the request path.
    #[problem(
        code = "resource.not_found",
        status = 404,
        title = "Resource not found",
        detail = "no resource matches this path"
    )]
    NotFound {
        /// The request path.
        #[problem(instance)]
        instance: String,
    },

    /// The route exists, but not for the request's method.
    #[problem(
        code = "resource.method_not_allowed",
        status = 405,
        title = "Method not allowed",
        detail = "method {method} is not allowed on this resource"
    )]
    MethodNotAllowed {
        /// The request's method.
        #[problem(extension)]
        method: String,
    },

    /// The handler's extractors do not fit its route: a server-side mistake.
    /// `reason`, the framework's message, is the (withheld) detail: it goes
    /// to the server's logs (feature `tracing`), never on the wire. The
    /// variant cannot be rebuilt by `FromProblem` (the reason never travels).
    #[problem(
        code = "server.extractor_misconfigured",
        status = 500,
        detail = "{reason}"
    )]
    ExtractorMisconfigured {
        /// The framework's message, for the logs.
        reason: String,
    },
}

impl crate::observe::cause::Explain for RequestProblem {
    /// The framework's reason for a rejection (the parser's message, ...):
    /// the `error` of the logged event. An extractor misconfiguration's
    /// reason is its detail.
    fn explain(&self) -> Option<String> {
        match self {
            RequestProblem::BodyUnparseable { reason }
            | RequestProblem::BodyInvalid { reason }
            | RequestProblem::BodyUnreadable { reason }
            | RequestProblem::QueryInvalid { reason }
            | RequestProblem::PathInvalid { reason }
            | RequestProblem::Rejected { reason, .. } => Some(reason.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for RequestProblem {
    /// The title, then the detail when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())?;
        match self.detail() {
            Some(detail) => write!(f, ": {detail}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for RequestProblem {}
