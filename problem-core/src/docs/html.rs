//! `Catalog::write_html`: a static HTML site documenting every code, a page
//! at the path of each type URI under the catalog's type base.

use core::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::{Catalog, ProblemSpec};
use crate::docs::{one_line, sentence};
use crate::namespace::{grouped, namespace_of};
use crate::status::reason_phrase;

impl Catalog {
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
