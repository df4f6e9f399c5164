//! The catalog as documentation: a markdown reference page.

use core::fmt::Write as _;

use crate::catalog::{Catalog, ProblemSpec};

/// The namespace a code is grouped under: its first `.` segment, or for a
/// `SCREAMING_SNAKE` code without dots, its first `_` segment.
#[must_use]
pub fn namespace_of(code: &str) -> &str {
    if code.contains('.') {
        return code.split('.').next().unwrap_or(code);
    }
    if code.contains('_') && !code.bytes().any(|b| b.is_ascii_lowercase()) {
        return code.split('_').next().unwrap_or(code);
    }
    code
}

/// Escapes text for a markdown table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The specs grouped by namespace, namespaces in first-seen order.
pub(crate) fn grouped(catalog: &Catalog) -> Vec<(&'static str, Vec<&'static ProblemSpec>)> {
    let mut groups: Vec<(&'static str, Vec<&'static ProblemSpec>)> = Vec::new();
    for spec in catalog.iter() {
        let ns = namespace_of(spec.code);
        match groups.iter_mut().find(|(n, _)| *n == ns) {
            Some((_, specs)) => specs.push(spec),
            None => groups.push((ns, vec![spec])),
        }
    }
    groups
}

impl Catalog {
    /// A markdown reference page: one `| Code | HTTP | Summary |` table per
    /// namespace (the code's first segment). The summary is the title, then
    /// the doc comment; aliases are listed beside their code, and retryable
    /// problems are marked.
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// enum ScanError {
    ///     /// The scan id does not exist.
    ///     #[problem(code = "scans.not_found", status = 404, title = "Scan not found", alias = "scan.missing")]
    ///     NotFound,
    /// }
    ///
    /// assert_eq!(
    ///     ScanError::CATALOG.to_markdown(),
    ///     "## scans\n\n| Code | HTTP | Summary |\n|---|---|---|\n| `scans.not_found` (alias `scan.missing`) | 404 | **Scan not found.** The scan id does not exist. |\n"
    /// );
    /// ```
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for (i, (ns, specs)) in grouped(self).into_iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = write!(out, "## {ns}\n\n| Code | HTTP | Summary |\n|---|---|---|\n");
            for spec in specs {
                let _ = write!(out, "| `{}`", spec.code);
                if !spec.aliases.is_empty() {
                    let aliases: Vec<String> = spec.aliases.iter().map(|a| format!("`{a}`")).collect();
                    let label = if aliases.len() == 1 { "alias" } else { "aliases" };
                    let _ = write!(out, " ({label} {})", aliases.join(", "));
                }
                let title = cell(spec.title);
                let stop = if title.ends_with(['.', '!', '?']) { "" } else { "." };
                let _ = write!(out, " | {} | **{title}{stop}**", spec.status);
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
