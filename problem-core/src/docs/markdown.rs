//! `Catalog::to_markdown`: a markdown reference page of every code, one
//! table per namespace.

use core::fmt::Write as _;

use crate::catalog::Catalog;
use crate::docs::{one_line, sentence};
use crate::namespace::grouped;

/// Escapes markdown text (a doc comment) for a table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Escapes plain text (a title) for a table cell: one line, every character
/// markdown could read as markup escaped with a backslash.
fn plain_cell(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a type URI can be written as a plain markdown link destination.
fn linkable(uri: &str) -> bool {
    uri != "about:blank"
        && !uri.is_empty()
        && !uri.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '|' | '`')
        })
}

const MARKDOWN_INTRO: &str = "Each error response is an RFC 9457 problem details object \
(`application/problem+json`): its `code` member is one of the codes below, its `status` the HTTP \
status listed, and its `type` URI leads to the code's documentation. An alias is an older code that \
means the same problem. A retryable problem may go away when the same request is sent again later.";

impl Catalog {
    /// A complete markdown reference page of every code.
    ///
    /// The page has a title, a paragraph on how to read it, then one
    /// `| Code | HTTP | Summary |` table per namespace (see [`namespace_of`](crate::namespace_of):
    /// the code's first `.` segment, or the prefix family of a
    /// `SCREAMING_SNAKE` code), namespaces in the order they first appear.
    /// The code links to its `type` URI (unless that is `about:blank`), with
    /// its aliases beside it; the summary is the title, then the doc comment
    /// on one line, then *Retryable.* for retryable problems. The title is
    /// plain text (markup characters are escaped); the doc comment is
    /// markdown, as rustdoc reads it (only `|` is escaped).
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// enum ScanError {
    ///     /// The scan id does not exist.
    ///     #[problem(code = "scans.not_found", status = 404, title = "Scan not found", alias = "scan.missing")]
    ///     NotFound,
    ///     /// The scanner is busy.
    ///     #[problem(code = "scans.busy", status = 503, type_uri = "https://docs.example.com/errors/scans.busy")]
    ///     Busy,
    /// }
    ///
    /// let page = ScanError::CATALOG.to_markdown();
    /// assert!(page.starts_with("# Error codes\n\nEach error response is an RFC 9457 problem details object"));
    /// assert!(page.ends_with(concat!(
    ///     "\n\n## scans\n\n",
    ///     "| Code | HTTP | Summary |\n",
    ///     "|---|---|---|\n",
    ///     "| `scans.not_found` (alias `scan.missing`) | 404 | **Scan not found.** The scan id does not exist. |\n",
    ///     "| [`scans.busy`](https://docs.example.com/errors/scans.busy) | 503 | **Service Unavailable.** The scanner is busy. *Retryable.* |\n",
    /// )));
    /// ```
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# Error codes\n\n");
        out.push_str(MARKDOWN_INTRO);
        out.push('\n');
        for (ns, specs) in grouped(self) {
            let _ = write!(
                out,
                "\n## {ns}\n\n| Code | HTTP | Summary |\n|---|---|---|\n"
            );
            for spec in specs {
                if linkable(spec.type_uri) {
                    let _ = write!(out, "| [`{}`]({})", spec.code, spec.type_uri);
                } else {
                    let _ = write!(out, "| `{}`", spec.code);
                }
                if !spec.aliases.is_empty() {
                    let aliases: Vec<String> =
                        spec.aliases.iter().map(|a| format!("`{a}`")).collect();
                    let label = if aliases.len() == 1 {
                        "alias"
                    } else {
                        "aliases"
                    };
                    let _ = write!(out, " ({label} {})", aliases.join(", "));
                }
                let _ = write!(
                    out,
                    " | {} | **{}**",
                    spec.status,
                    sentence(&plain_cell(spec.title))
                );
                if !spec.description.is_empty() {
                    let _ = write!(out, " {}", cell(spec.description));
                }
                if spec.retryable {
                    out.push_str(" *Retryable.*");
                }
                out.push_str(" |\n");
            }
        }
        out
    }
}
