//! `Catalog::to_json`: the catalog as stable JSON, for SDK generators and
//! other tools (and the contract snapshot of `testing`).

use serde::Serialize;

use crate::catalog::Catalog;
use crate::namespace::namespace_of;

/// The version of the JSON form written by [`Catalog::to_json`].
pub(crate) const JSON_VERSION: u32 = 1;

impl Catalog {
    /// The catalog as JSON, for SDK generators and other tools: stable,
    /// deterministic, pretty-printed (two-space indent, a final newline).
    ///
    /// The schema, members always present and always in this order:
    ///
    /// ```text
    /// {
    ///   "version": 1,                  // integer: the schema version; a breaking change increments it
    ///   "problems": [                  // every problem, nested catalogs included, sorted by code (byte order)
    ///     {
    ///       "code": "scans.not_found", // string: the stable code
    ///       "namespace": "scans",      // string: see `namespace_of`
    ///       "status": 404,             // integer: the declared HTTP status
    ///       "title": "Scan not found", // string
    ///       "type": "https://…",       // string: the `type` URI ("about:blank" without one)
    ///       "retryable": false,        // boolean
    ///       "aliases": [],             // array of strings, in declaration order
    ///       "description": "…"         // string: the doc comment ("" without one; paragraphs separated by "\n\n")
    ///     }
    ///   ]
    /// }
    /// ```
    ///
    /// Version 1 may gain members (after the existing ones); readers should
    /// ignore members they do not know. Problems are sorted by code, so the
    /// output does not change when variants are reordered.
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// #[problem(type_base = "https://docs.example.com/errors/")]
    /// enum ScanError {
    ///     /// The scan id does not exist.
    ///     #[problem(code = "scans.not_found", status = 404, title = "Scan not found", alias = "scan.missing")]
    ///     NotFound,
    /// }
    ///
    /// assert_eq!(ScanError::CATALOG.to_json(), r#"{
    ///   "version": 1,
    ///   "problems": [
    ///     {
    ///       "code": "scans.not_found",
    ///       "namespace": "scans",
    ///       "status": 404,
    ///       "title": "Scan not found",
    ///       "type": "https://docs.example.com/errors/scans.not_found",
    ///       "retryable": false,
    ///       "aliases": [
    ///         "scan.missing"
    ///       ],
    ///       "description": "The scan id does not exist."
    ///     }
    ///   ]
    /// }
    /// "#);
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut problems: Vec<JsonProblem> = self
            .iter()
            .map(|spec| JsonProblem {
                code: spec.code,
                namespace: namespace_of(spec.code),
                status: spec.status,
                title: spec.title,
                type_uri: spec.type_uri,
                retryable: spec.retryable,
                aliases: spec.aliases,
                description: spec.description,
            })
            .collect();
        problems.sort_by(|a, b| a.code.cmp(b.code));
        let catalog = JsonCatalog {
            version: JSON_VERSION,
            problems,
        };
        // Serializing plain strings, integers and booleans cannot fail.
        let mut out = serde_json::to_string_pretty(&catalog).unwrap_or_default();
        out.push('\n');
        out
    }
}

#[derive(Serialize)]
struct JsonCatalog {
    version: u32,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonProblem {
    code: &'static str,
    namespace: &'static str,
    status: u16,
    title: &'static str,
    #[serde(rename = "type")]
    type_uri: &'static str,
    retryable: bool,
    aliases: &'static [&'static str],
    description: &'static str,
}
