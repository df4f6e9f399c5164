//! The catalog as documentation: a markdown reference page, a JSON form for
//! tools, and a static HTML site whose pages the `type` URIs lead to.

use core::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::{Catalog, ProblemSpec};
use crate::status::reason_phrase;

/// The version of the JSON form written by [`Catalog::to_json`].
pub(crate) const JSON_VERSION: u32 = 1;

/// The namespace a code is grouped under: its first `.` segment, or for a
/// `SCREAMING_SNAKE` code without dots, its first `_` segment.
///
/// ```
/// assert_eq!(problem_core::namespace_of("auth.api_key.invalid"), "auth");
/// assert_eq!(problem_core::namespace_of("SCAN_NOT_FOUND"), "SCAN");
/// assert_eq!(problem_core::namespace_of("internal"), "internal");
/// ```
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

/// The text on one line: runs of whitespace, newlines included, become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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

/// The specs grouped by namespace, namespaces in first-seen order, specs in
/// catalog order within each.
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

/// The title with a full stop, unless it ends with punctuation already.
fn sentence(title: &str) -> String {
    let stop = if title.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{title}{stop}")
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
    /// `| Code | HTTP | Summary |` table per namespace (see [`namespace_of`]:
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

    /// The `type_base` of the catalog's type URIs, the URI at which to serve
    /// the folder [`write_html`](Catalog::write_html) writes: the declared
    /// `type_base` of the type (and of the types its `transparent` variants
    /// wrap), or the base they share. `None` when there is no hierarchical
    /// base (`https://host/...`).
    ///
    /// Each code is a candidate: the declared `type_base` of its type (cut
    /// after its last `/`) when its type URI is under it, so that a
    /// `type_uri` override elsewhere does not move the base; for a type
    /// without one (a hand-built catalog), its type URI when it ends with
    /// the code, cut after its last `/`. Among the candidates on the origin
    /// (`scheme://authority/`) most codes use, the base is their longest
    /// common prefix ending in `/`: two types with the bases
    /// `https://docs.example.com/auth/` and `https://docs.example.com/scans/`
    /// share `https://docs.example.com/`.
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// #[problem(type_base = "https://docs.example.com/errors/")]
    /// enum ScanError {
    ///     #[problem(code = "scans.not_found", status = 404)]
    ///     NotFound,
    ///     /// Documented elsewhere: it does not move the base.
    ///     #[problem(code = "scans.moved", status = 410, type_uri = "https://docs.example.com/legacy/scans.moved")]
    ///     Moved,
    /// }
    ///
    /// assert_eq!(ScanError::CATALOG.type_base().as_deref(), Some("https://docs.example.com/errors/"));
    /// ```
    #[must_use]
    pub fn type_base(&self) -> Option<String> {
        // (origin, directory) of each candidate, in catalog order.
        let mut candidates: Vec<(&str, &str)> = Vec::new();
        base_candidates(self, &mut candidates);
        let mut best: Option<(&str, usize)> = None;
        for (origin, _) in &candidates {
            let n = candidates.iter().filter(|(o, _)| o == origin).count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((origin, n));
            }
        }
        let (origin, _) = best?;
        let mut dirs = candidates
            .iter()
            .filter(|(o, _)| *o == origin)
            .map(|(_, d)| *d);
        let mut base = dirs.next()?;
        for dir in dirs {
            base = common_dir(base, dir);
        }
        Some(base.to_owned())
    }

    /// Writes a static HTML site documenting every code into `dir` (created
    /// if missing): `index.html`, listing the codes by namespace, and one page
    /// per code at the path its type URI names under the catalog's
    /// [`type_base`](Catalog::type_base), so that serving `dir` at the type
    /// base makes every type URI resolve.
    ///
    /// # Layout
    ///
    /// A code whose type URI is `<type_base>scans.not_found` gets the page
    /// `dir/scans.not_found/index.html`. A folder with an `index.html` is what
    /// every common static host resolves without configuration: nginx,
    /// Apache, Caddy, GitHub Pages, Netlify, Cloudflare Pages, S3 website
    /// hosting and `python -m http.server` all answer `/errors/scans.not_found`
    /// by redirecting to `/errors/scans.not_found/` and serving its
    /// `index.html`. (A file named `scans.not_found` would be served as
    /// `application/octet-stream`, because of its "extension" `.not_found`;
    /// `scans.not_found.html` resolves only on hosts with "clean URLs".)
    ///
    /// A code whose type URI is not under the type base (`about:blank`, a URN,
    /// another host), or whose path there is not a plain relative path (empty
    /// or `.`/`..` segments, a query or fragment, characters other than
    /// `A-Za-z0-9._~-`), gets its page at `dir/<code>/index.html`. Codes
    /// sharing one type URI share its page.
    ///
    /// Links between the pages are relative and name the `index.html` files,
    /// so the site also reads from disk (`file://`). The pages use no
    /// JavaScript and no external resources (a few lines of inline CSS);
    /// every text from the catalog is HTML-escaped. Files already in `dir`
    /// are overwritten or left alone, never deleted.
    ///
    /// # Errors
    ///
    /// An error from the file system, or [`io::ErrorKind::InvalidInput`] when
    /// a code cannot be a folder name (such as the code `index.html`).
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// #[problem(type_base = "https://docs.example.com/errors/")]
    /// enum ScanError {
    ///     /// The scan id does not exist.
    ///     #[problem(code = "scans.not_found", status = 404, title = "Scan not found")]
    ///     NotFound,
    /// }
    ///
    /// let dir = std::env::temp_dir().join(format!("problem-doc-site-{}", std::process::id()));
    /// ScanError::CATALOG.write_html(&dir).unwrap();
    /// let page = std::fs::read_to_string(dir.join("scans.not_found/index.html")).unwrap();
    /// assert!(page.contains("<h1><code>scans.not_found</code></h1>"));
    /// assert!(dir.join("index.html").is_file());
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn write_html(&self, dir: impl AsRef<Path>) -> io::Result<()> {
        let site = Site::plan(self)?;
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;
        for page in &site.pages {
            let mut folder = PathBuf::from(dir);
            folder.extend(page.path.split('/'));
            std::fs::create_dir_all(&folder)?;
            std::fs::write(folder.join("index.html"), site.render_page(page))?;
        }
        std::fs::write(dir.join("index.html"), site.render_index(self))
    }
}

/// The longest common prefix of two directories (both end with `/`) that
/// ends with `/`. The bytes are compared, but the cut is after a `/`, an
/// ASCII byte, so it is always on a character boundary: two directories
/// that differ inside a multi-byte character (`é/` and `è/`) share what
/// comes before it.
fn common_dir<'a>(a: &'a str, b: &str) -> &'a str {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let end = a.as_bytes()[..common]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |i| i + 1);
    &a[..end]
}

/// A URI cut after its last `/`.
fn dir_of(uri: &str) -> &str {
    uri.rfind('/').map_or(uri, |i| &uri[..=i])
}

/// The base candidates of a catalog and the catalogs it nests, each with
/// its origin: see [`Catalog::type_base`].
fn base_candidates(catalog: &Catalog, out: &mut Vec<(&'static str, &'static str)>) {
    let declared = catalog.declared_type_base().map(dir_of);
    for spec in catalog.own() {
        let dir = match declared {
            Some(base) if spec.type_uri.starts_with(base) => base,
            Some(_) => continue,
            None => {
                let Some(prefix) = spec.type_uri.strip_suffix(spec.code) else {
                    continue;
                };
                if prefix.contains(['?', '#']) {
                    continue;
                }
                dir_of(prefix)
            }
        };
        if let Some(origin) = origin_of(dir) {
            out.push((origin, dir));
        }
    }
    for nested in catalog.nested() {
        base_candidates(nested, out);
    }
}

/// `scheme://authority/` of a hierarchical URI, if it is one.
fn origin_of(uri: &str) -> Option<&str> {
    let scheme_end = uri.find("://")?;
    let scheme = &uri[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let after = scheme_end + 3;
    let slash = uri[after..].find('/')?;
    if slash == 0 {
        return None;
    }
    Some(&uri[..=after + slash])
}

// ---- JSON ----------------------------------------------------------------

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

// ---- HTML ----------------------------------------------------------------

/// Escapes text for HTML element content and double-quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with `` `code` `` spans as `<code>` elements.
fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backtick: plain text.
        return esc(text);
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

/// The description as `<p>` paragraphs (blank lines separate them).
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    for line in text.lines().chain([""]) {
        if line.trim().is_empty() {
            if !para.is_empty() {
                let _ = writeln!(out, "<p>{}</p>", inline(&para.join(" ")));
                para.clear();
            }
        } else {
            para.push(line.trim());
        }
    }
    out
}

/// Whether `rest` is a relative folder path made of plain segments.
fn plain_path(rest: &str) -> bool {
    !rest.is_empty()
        && rest.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'))
        })
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f4f4f4}code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.75rem;overflow:auto}\
dt{font-weight:bold}dd{margin:0 0 .5rem 1.5rem}";

struct Page {
    /// The folder of the page relative to the site root, `/`-separated.
    path: String,
    /// Whether the page is at its type URI (not at its code for lack of one).
    at_type_uri: bool,
    specs: Vec<&'static ProblemSpec>,
}

struct Site {
    base: Option<String>,
    pages: Vec<Page>,
}

impl Site {
    fn plan(catalog: &Catalog) -> io::Result<Site> {
        let base = catalog.type_base();
        let mut pages: Vec<Page> = Vec::new();
        for spec in catalog.iter() {
            let under = base
                .as_deref()
                .and_then(|b| spec.type_uri.strip_prefix(b))
                .map(|rest| rest.strip_suffix('/').unwrap_or(rest))
                .filter(|rest| plain_path(rest) && *rest != "index.html");
            let (path, at_type_uri) = match under {
                Some(rest) => (rest, true),
                None if plain_path(spec.code) && spec.code != "index.html" => (spec.code, false),
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "the code `{}` cannot name a folder of the HTML site",
                            spec.code
                        ),
                    ));
                }
            };
            match pages.iter_mut().find(|p| p.path == path) {
                Some(page) => {
                    page.specs.push(spec);
                    page.at_type_uri &= at_type_uri;
                }
                None => pages.push(Page {
                    path: path.to_owned(),
                    at_type_uri,
                    specs: vec![spec],
                }),
            }
        }
        Ok(Site { base, pages })
    }

    /// The page's path relative to the site root, for links from the index.
    fn href(&self, spec: &ProblemSpec) -> String {
        let page = self
            .pages
            .iter()
            .find(|p| p.specs.iter().any(|s| s.code == spec.code));
        page.map_or_else(String::new, |p| format!("{}/index.html", p.path))
    }

    fn render_index(&self, catalog: &Catalog) -> String {
        let mut out = head("Error codes", None);
        out.push_str("<h1>Error codes</h1>\n");
        let _ = writeln!(
            out,
            "<p>Each error response is an RFC 9457 problem details object (<code>application/problem+json</code>): \
             its <code>code</code> member is one of the {} codes below, its <code>status</code> the HTTP status listed, \
             and its <code>type</code> URI leads to its documentation. An alias is an older code that means the same \
             problem. A retryable problem may go away when the same request is sent again later.</p>",
            catalog.len()
        );
        if let Some(base) = &self.base {
            let _ = writeln!(
                out,
                "<p>These pages are served at <code>{}</code>.</p>",
                esc(base)
            );
        }
        for (ns, specs) in grouped(catalog) {
            let _ = writeln!(out, "<h2 id=\"{}\">{}</h2>", esc(ns), esc(ns));
            out.push_str("<table>\n<thead><tr><th>Code</th><th>HTTP</th><th>Summary</th></tr></thead>\n<tbody>\n");
            for spec in specs {
                let _ = write!(
                    out,
                    "<tr><td><a href=\"{}\"><code>{}</code></a>",
                    esc(&self.href(spec)),
                    esc(spec.code)
                );
                if !spec.aliases.is_empty() {
                    let label = if spec.aliases.len() == 1 {
                        "alias"
                    } else {
                        "aliases"
                    };
                    let aliases: Vec<String> = spec
                        .aliases
                        .iter()
                        .map(|a| format!("<code>{}</code>", esc(a)))
                        .collect();
                    let _ = write!(out, " ({label} {})", aliases.join(", "));
                }
                let _ = write!(
                    out,
                    "</td><td>{}</td><td><strong>{}</strong>",
                    spec.status,
                    esc(&sentence(spec.title))
                );
                if !spec.description.is_empty() {
                    let _ = write!(out, " {}", inline(&one_line(spec.description)));
                }
                if spec.retryable {
                    out.push_str(" <em>Retryable.</em>");
                }
                out.push_str("</td></tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    fn render_page(&self, page: &Page) -> String {
        let up = "../".repeat(page.path.split('/').count());
        let first = page.specs[0];
        let title = if page.specs.len() == 1 {
            format!("{}: {}", first.code, first.title)
        } else {
            first.type_uri.to_owned()
        };
        let canonical = page.at_type_uri.then_some(first.type_uri);
        let mut out = head(&title, canonical);
        let _ = writeln!(
            out,
            "<nav><a href=\"{up}index.html\">All error codes</a></nav>"
        );
        let heading = if page.specs.len() == 1 {
            "h1"
        } else {
            let _ = writeln!(
                out,
                "<h1>Problem type <code>{}</code></h1>",
                esc(first.type_uri)
            );
            "h2"
        };
        for spec in &page.specs {
            render_spec(&mut out, spec, heading);
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

fn head(title: &str, canonical: Option<&str>) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    if let Some(uri) = canonical {
        let _ = writeln!(out, "<link rel=\"canonical\" href=\"{}\">", esc(uri));
    }
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out
}

/// The envelope of a problem with this spec and no detail.
#[derive(Serialize)]
struct Example<'a> {
    #[serde(rename = "type")]
    type_uri: &'a str,
    title: &'a str,
    status: u16,
    code: &'a str,
}

fn render_spec(out: &mut String, spec: &ProblemSpec, heading: &str) {
    let sub = if heading == "h1" { "h2" } else { "h3" };
    let _ = writeln!(out, "<section id=\"{}\">", esc(spec.code));
    let _ = writeln!(
        out,
        "<{heading}><code>{}</code></{heading}>",
        esc(spec.code)
    );
    let _ = writeln!(out, "<p><strong>{}</strong></p>", esc(spec.title));
    out.push_str("<dl>\n");
    let reason = reason_phrase(spec.status)
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<dt>HTTP status</dt><dd>{}{}</dd>",
        spec.status,
        esc(&reason)
    );
    let _ = writeln!(
        out,
        "<dt>Type URI</dt><dd><code>{}</code></dd>",
        esc(spec.type_uri)
    );
    let _ = writeln!(
        out,
        "<dt>Namespace</dt><dd><code>{}</code></dd>",
        esc(namespace_of(spec.code))
    );
    let retry = if spec.retryable {
        "Yes: the same request may succeed when sent again later."
    } else {
        "No: sending the same request again will not help."
    };
    let _ = writeln!(out, "<dt>Retryable</dt><dd>{retry}</dd>");
    if !spec.aliases.is_empty() {
        let aliases: Vec<String> = spec
            .aliases
            .iter()
            .map(|a| format!("<code>{}</code>", esc(a)))
            .collect();
        let _ = writeln!(
            out,
            "<dt>Aliases</dt><dd>{} (older codes that mean the same problem)</dd>",
            aliases.join(", ")
        );
    }
    out.push_str("</dl>\n");
    let _ = writeln!(out, "<{sub}>Meaning</{sub}>");
    if spec.description.is_empty() {
        out.push_str("<p>No description.</p>\n");
    } else {
        out.push_str(&paragraphs(spec.description));
    }
    let _ = writeln!(out, "<{sub}>Example</{sub}>");
    let example = Example {
        type_uri: spec.type_uri,
        title: spec.title,
        status: spec.status,
        code: spec.code,
    };
    let json = serde_json::to_string_pretty(&example).unwrap_or_default();
    let _ = writeln!(
        out,
        "<p>A response with this code (its <code>detail</code> and extension members vary):</p>\n<pre>HTTP/1.1 {}{}\nContent-Type: application/problem+json\n\n{}</pre>",
        spec.status,
        esc(&reason),
        esc(&json)
    );
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_dirs() {
        assert_eq!(
            common_dir("https://a/x/y/", "https://a/x/z/"),
            "https://a/x/"
        );
        assert_eq!(common_dir("https://a/é/", "https://a/è/"), "https://a/");
        assert_eq!(common_dir("https://a/x/", "https://a/x/"), "https://a/x/");
        assert_eq!(common_dir("https://a/x/", "https://a/xy/"), "https://a/");
        assert_eq!(common_dir("é/", "è/"), "");
    }

    #[test]
    fn origin() {
        assert_eq!(
            origin_of("https://a.example/x/"),
            Some("https://a.example/")
        );
        assert_eq!(origin_of("https://a.example"), None);
        assert_eq!(origin_of("urn:x:y"), None);
        assert_eq!(origin_of("file:///srv/x/"), None);
    }

    #[test]
    fn escaping_and_inline_code() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            inline("use `a<b>` here"),
            "use <code>a&lt;b&gt;</code> here"
        );
        assert_eq!(inline("odd ` tick"), "odd ` tick");
        assert_eq!(
            paragraphs("one\ntwo\n\nthree"),
            "<p>one two</p>\n<p>three</p>\n"
        );
    }

    #[test]
    fn plain_paths() {
        assert!(plain_path("scans.not_found"));
        assert!(plain_path("v1/scans.not_found"));
        for bad in ["", "a//b", "../x", "a/./b", "a b", "a?b", "a%20b", "/a"] {
            assert!(!plain_path(bad), "{bad}");
        }
    }
}
