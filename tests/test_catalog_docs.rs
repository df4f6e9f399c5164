//! The catalog as documentation (markdown, JSON, HTML site) and as a
//! contract (snapshot checks), and the `catalog` example.

use std::io;
use std::path::{Path, PathBuf};

use problem_core::testing::{
    Change, SnapshotError, SnapshotMode, SnapshotOutcome, assert_catalog_snapshot,
    check_catalog_snapshot,
};
use problem_core::{Catalog, Problem};

#[path = "support/temp.rs"]
mod temp;

use temp::{TempDir, files};

#[path = "../examples/catalog.rs"]
#[allow(dead_code)]
mod example;

use example::service::ServiceError;

// ---- fixtures --------------------------------------------------------------

/// Errors with SCREAMING codes, a nested type, aliases, a `|` and a
/// multi-paragraph doc comment.
mod legacy {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://api.example.org/problems/")]
    pub enum Inner {
        /// The token expired.
        #[problem(code = "AUTH_TOKEN_EXPIRED", status = 401, title = "Token expired")]
        Expired,
    }

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://api.example.org/problems/")]
    pub enum Outer {
        /// The order does not exist.
        ///
        /// Orders are kept | for a year.
        #[problem(
            code = "ORDER_NOT_FOUND",
            status = 404,
            alias = "ORDER_MISSING",
            alias = "NO_ORDER"
        )]
        NotFound,
        /// Slow down.
        #[problem(code = "RATE_LIMITED", status = 429, title = "Too many requests!")]
        RateLimited,
        #[problem(transparent)]
        Auth(Inner),
        #[problem(code = "ORDER_LOCKED", status = 423, title = "Order <locked>")]
        Locked,
    }
}

/// A small catalog for exact JSON bytes: unsorted codes, escapes, about:blank.
mod small {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    pub enum Small {
        /// Says "no".
        /// Twice.
        #[problem(
            code = "b.no",
            status = 400,
            title = "A \"quoted\" title",
            alias = "b.nope"
        )]
        No,
        #[problem(code = "a.busy", status = 503)]
        Busy,
    }
}

// ---- markdown --------------------------------------------------------------

const INTRO: &str = "# Error codes\n\nEach error response is an RFC 9457 problem details object \
(`application/problem+json`): its `code` member is one of the codes below, its `status` the HTTP \
status listed, and its `type` URI leads to the code's documentation. An alias is an older code that \
means the same problem. A retryable problem may go away when the same request is sent again later.\n";

#[test]
fn markdown_is_a_reference_page_grouped_by_namespace() {
    let expected = format!(
        "{INTRO}{}",
        r"
## ORDER

| Code | HTTP | Summary |
|---|---|---|
| [`ORDER_NOT_FOUND`](https://api.example.org/problems/ORDER_NOT_FOUND) (aliases `ORDER_MISSING`, `NO_ORDER`) | 404 | **Not Found.** The order does not exist. Orders are kept \| for a year. |
| [`ORDER_LOCKED`](https://api.example.org/problems/ORDER_LOCKED) | 423 | **Order \<locked\>.** |

## RATE

| Code | HTTP | Summary |
|---|---|---|
| [`RATE_LIMITED`](https://api.example.org/problems/RATE_LIMITED) | 429 | **Too many requests!** Slow down. *Retryable.* |

## AUTH

| Code | HTTP | Summary |
|---|---|---|
| [`AUTH_TOKEN_EXPIRED`](https://api.example.org/problems/AUTH_TOKEN_EXPIRED) | 401 | **Token expired.** The token expired. |
"
    );
    assert_eq!(legacy::Outer::CATALOG.to_markdown(), expected);
}

#[test]
fn markdown_without_type_uris_and_empty() {
    let expected = format!(
        "{INTRO}{}",
        r#"
## b

| Code | HTTP | Summary |
|---|---|---|
| `b.no` (alias `b.nope`) | 400 | **A "quoted" title.** Says "no". Twice. |

## a

| Code | HTTP | Summary |
|---|---|---|
| `a.busy` | 503 | **Service Unavailable.** *Retryable.* |
"#
    );
    assert_eq!(small::Small::CATALOG.to_markdown(), expected);
    assert_eq!(Catalog::EMPTY.to_markdown(), INTRO);
}

// ---- JSON ------------------------------------------------------------------

#[test]
fn json_exact_bytes() {
    let expected = r#"{
  "version": 1,
  "problems": [
    {
      "code": "a.busy",
      "namespace": "a",
      "status": 503,
      "title": "Service Unavailable",
      "type": "about:blank",
      "retryable": true,
      "aliases": [],
      "description": ""
    },
    {
      "code": "b.no",
      "namespace": "b",
      "status": 400,
      "title": "A \"quoted\" title",
      "type": "about:blank",
      "retryable": false,
      "aliases": [
        "b.nope"
      ],
      "description": "Says \"no\".\nTwice."
    }
  ]
}
"#;
    assert_eq!(small::Small::CATALOG.to_json(), expected);
    assert_eq!(
        Catalog::EMPTY.to_json(),
        "{\n  \"version\": 1,\n  \"problems\": []\n}\n"
    );
}

#[test]
fn json_holds_nested_catalogs_sorted_by_code() {
    let value: serde_json::Value = serde_json::from_str(&legacy::Outer::CATALOG.to_json()).unwrap();
    let codes: Vec<&str> = value["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "AUTH_TOKEN_EXPIRED",
            "ORDER_LOCKED",
            "ORDER_NOT_FOUND",
            "RATE_LIMITED"
        ]
    );
    assert_eq!(value["problems"][2]["namespace"], "ORDER");
    assert_eq!(
        value["problems"][2]["aliases"],
        serde_json::json!(["ORDER_MISSING", "NO_ORDER"])
    );
    assert_eq!(
        value["problems"][2]["description"],
        "The order does not exist.\n\nOrders are kept | for a year."
    );
}

// ---- type base -------------------------------------------------------------

mod bases {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/auth/errors/")]
    pub enum Auth {
        #[problem(code = "auth.denied", status = 403)]
        Denied,
    }

    /// Two bases on one host, an override on another host, a URN, an
    /// override under the base that does not end with its code, and a path
    /// that is not plain.
    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/scans/errors/")]
    pub enum Scans {
        #[problem(transparent)]
        Auth(Auth),
        /// Not there.
        #[problem(code = "scans.not_found", status = 404)]
        NotFound,
        #[problem(code = "scans.gone", status = 410)]
        Gone,
        #[problem(
            code = "billing.broke",
            status = 402,
            type_uri = "https://billing.example.net/billing.broke"
        )]
        Broke,
        #[problem(code = "legacy.one", status = 400, type_uri = "urn:problem:legacy.one")]
        LegacyOne,
        #[problem(
            code = "legacy.two",
            status = 400,
            type_uri = "https://docs.example.com/scans/legacy-two"
        )]
        LegacyTwo,
        #[problem(
            code = "odd.path",
            status = 400,
            type_uri = "https://docs.example.com/a/../odd.path"
        )]
        OddPath,
        /// Shares the type of `scans.not_found`.
        #[problem(
            code = "scans.unknown",
            status = 404,
            type_uri = "https://docs.example.com/scans/errors/scans.not_found"
        )]
        Unknown,
    }

    #[derive(Debug, Problem)]
    pub enum Blank {
        #[problem(code = "blank.one", status = 400)]
        One,
    }

    #[derive(Debug, Problem)]
    pub enum BadCode {
        #[problem(code = "index.html", status = 400)]
        Index,
    }
}

#[test]
fn type_base_is_inferred_from_the_type_uris() {
    assert_eq!(
        ServiceError::CATALOG.type_base().as_deref(),
        Some("https://docs.example.com/errors/")
    );
    assert_eq!(
        legacy::Outer::CATALOG.type_base().as_deref(),
        Some("https://api.example.org/problems/")
    );
    // The bases of `Scans` and `Auth` share the host; the other host's
    // single code does not count against them.
    assert_eq!(
        bases::Scans::CATALOG.type_base().as_deref(),
        Some("https://docs.example.com/")
    );
    assert_eq!(bases::Blank::CATALOG.type_base(), None);
    assert_eq!(Catalog::EMPTY.type_base(), None);
}

/// Two bases whose directories differ inside a multi-byte character: `é`
/// (C3 A9) and `è` (C3 A8) share their first byte.
mod accented {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/é/")]
    pub enum Acute {
        #[problem(code = "acute.one", status = 400)]
        One,
    }

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/è/")]
    pub enum Grave {
        #[problem(code = "grave.one", status = 400)]
        One,
        #[problem(transparent)]
        Acute(Acute),
    }

    /// The same, one level deeper: the common prefix ends inside `ü` (C3 BC)
    /// and `ý` (C3 BD) after a shared `/docs/`.
    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/docs/ü/x/")]
    pub enum Umlaut {
        #[problem(code = "umlaut.one", status = 400)]
        One,
    }

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/docs/ý/x/")]
    pub enum Both {
        #[problem(code = "both.one", status = 400)]
        One,
        #[problem(transparent)]
        Umlaut(Umlaut),
    }
}

#[test]
fn type_base_is_cut_on_a_character_boundary() {
    assert_eq!(
        accented::Grave::CATALOG.type_base().as_deref(),
        Some("https://docs.example.com/")
    );
    assert_eq!(
        accented::Both::CATALOG.type_base().as_deref(),
        Some("https://docs.example.com/docs/")
    );
    // The HTML site, which starts from the type base, is written.
    let dir = TempDir::new("accented");
    accented::Grave::CATALOG.write_html(&dir.0).unwrap();
    assert_eq!(
        files(&dir.0),
        ["acute.one/index.html", "grave.one/index.html", "index.html"]
    );
}

// ---- HTML ------------------------------------------------------------------

/// The values of every `href="..."` in `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

/// Checks that every relative link of every page leads to a file inside the
/// site, as a static server resolves it (a folder means its `index.html`).
/// Returns the number of relative links followed.
fn check_links(site: &Path) -> usize {
    let mut followed = 0;
    for file in files(site) {
        let html = std::fs::read_to_string(site.join(&file)).unwrap();
        for href in hrefs(&html) {
            if href.starts_with("https://") {
                continue;
            }
            let mut parts: Vec<&str> = file.split('/').collect();
            parts.pop();
            for seg in href.split('/') {
                match seg {
                    ".." => assert!(parts.pop().is_some(), "{href} in {file} leaves the site"),
                    "." | "" => {}
                    seg => parts.push(seg),
                }
            }
            let mut target = site.join(parts.join("/"));
            if target.is_dir() {
                target = target.join("index.html");
            }
            assert!(
                target.is_file(),
                "{href} in {file} leads to {}, which does not exist",
                target.display()
            );
            followed += 1;
        }
    }
    followed
}

/// Resolves a type URI as a static server serving `site` at `base` does:
/// `<base>x` is the folder `x`, which the server redirects to `x/` and answers
/// with `x/index.html`.
fn served(site: &Path, base: &str, type_uri: &str) -> Option<String> {
    let rest = type_uri.strip_prefix(base)?;
    let folder = site.join(rest);
    assert!(folder.is_dir(), "{type_uri} is not a folder of the site");
    Some(std::fs::read_to_string(folder.join("index.html")).unwrap())
}

#[test]
fn html_site_of_the_example_service() {
    let dir = TempDir::new("catalog-docs-service");
    let site = dir.0.join("out/site");
    ServiceError::CATALOG.write_html(&site).unwrap();
    assert_eq!(
        files(&site),
        [
            "auth.api_key.invalid/index.html",
            "auth.scope.missing/index.html",
            "billing.out_of_credit/index.html",
            "index.html",
            "internal/index.html",
            "quota.exceeded/index.html",
            "scans.already_running/index.html",
            "scans.not_found/index.html",
            "upstream.unavailable/index.html",
            "validation.failed/index.html",
        ]
    );
    // index -> 9 pages, 9 pages -> index.
    assert_eq!(check_links(&site), 18);

    let base = ServiceError::CATALOG.type_base().unwrap();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("<script") && !index.contains("javascript:"));
    for spec in &ServiceError::CATALOG {
        // The index links each code to its page, with its summary.
        assert!(index.contains(&format!(
            "<a href=\"{}/index.html\"><code>{}</code></a>",
            spec.code, spec.code
        )));
        assert!(index.contains(&format!("</td><td>{}</td><td><strong>", spec.status)));
        // Every type URI under the base resolves to the code's page.
        let page = match served(&site, &base, spec.type_uri) {
            Some(page) => page,
            None => std::fs::read_to_string(site.join(spec.code).join("index.html")).unwrap(),
        };
        assert!(page.contains(&format!("<h1><code>{}</code></h1>", spec.code)));
        assert!(page.contains(&format!("<dt>HTTP status</dt><dd>{} ", spec.status)));
        assert!(page.contains(&format!(
            "<dt>Type URI</dt><dd><code>{}</code></dd>",
            spec.type_uri
        )));
        assert!(!page.contains("<script"));
    }
    assert_eq!(
        served(&site, &base, "https://example.com/probs/out-of-credit"),
        None,
        "the billing type is not under the base: its page is at its code"
    );

    let page = std::fs::read_to_string(site.join("scans.not_found/index.html")).unwrap();
    assert!(page.contains("<title>scans.not_found: Scan not found</title>"));
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.com/errors/scans.not_found\">"
    ));
    assert!(page.contains("<dt>HTTP status</dt><dd>404 Not Found</dd>"));
    assert!(page.contains("<p><strong>Scan not found</strong></p>"));
    assert!(
        page.contains(
            "<dt>Retryable</dt><dd>No: sending the same request again will not help.</dd>"
        )
    );
    assert!(page.contains(
        "<dt>Aliases</dt><dd><code>scans.missing</code>, <code>scan.not_found</code> (older codes that mean the same problem)</dd>"
    ));
    assert!(page.contains(
        "<h2>Meaning</h2>\n<p>The scan id does not exist, or is not visible to the caller.</p>\n"
    ));
    assert!(page.contains(concat!(
        "<pre>HTTP/1.1 404 Not Found\nContent-Type: application/problem+json\n\n{\n",
        "  &quot;type&quot;: &quot;https://docs.example.com/errors/scans.not_found&quot;,\n",
        "  &quot;title&quot;: &quot;Scan not found&quot;,\n",
        "  &quot;status&quot;: 404,\n",
        "  &quot;code&quot;: &quot;scans.not_found&quot;\n}</pre>"
    )));

    let page = std::fs::read_to_string(site.join("auth.api_key.invalid/index.html")).unwrap();
    assert!(page.contains(
        "<p>The API key is missing, malformed, or revoked.</p>\n<p>Send the key in the <code>Authorization: Bearer &lt;key&gt;</code> header.</p>\n"
    ));
    let page = std::fs::read_to_string(site.join("quota.exceeded/index.html")).unwrap();
    assert!(page.contains(
        "<dt>Retryable</dt><dd>Yes: the same request may succeed when sent again later.</dd>"
    ));
    let page = std::fs::read_to_string(site.join("billing.out_of_credit/index.html")).unwrap();
    assert!(!page.contains("rel=\"canonical\""), "not at its type URI");
}

#[test]
fn html_escapes_everything() {
    let dir = TempDir::new("catalog-docs-escape");
    legacy::Outer::CATALOG.write_html(&dir.0).unwrap();
    let index = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
    assert!(index.contains("<strong>Order &lt;locked&gt;.</strong>"));
    assert!(!index.contains("<locked>"));
    let page = std::fs::read_to_string(dir.0.join("ORDER_LOCKED/index.html")).unwrap();
    assert!(page.contains("<title>ORDER_LOCKED: Order &lt;locked&gt;</title>"));
    assert!(page.contains("&quot;title&quot;: &quot;Order &lt;locked&gt;&quot;"));
    assert!(!page.contains("<locked>"));
    let page = std::fs::read_to_string(dir.0.join("ORDER_NOT_FOUND/index.html")).unwrap();
    assert!(
        page.contains("<p>The order does not exist.</p>\n<p>Orders are kept | for a year.</p>\n")
    );
    assert_eq!(check_links(&dir.0), 8);
}

mod sibling {
    use problem_core::Problem;

    /// One code documented in a sibling folder of the declared base.
    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum Moved {
        #[problem(code = "scans.not_found", status = 404)]
        NotFound,
        #[problem(
            code = "scans.moved",
            status = 410,
            type_uri = "https://docs.example.com/legacy/scans.moved"
        )]
        Moved,
    }
}

#[test]
fn an_override_in_a_sibling_folder_does_not_move_the_base() {
    assert_eq!(
        sibling::Moved::CATALOG.type_base().as_deref(),
        Some("https://docs.example.com/errors/")
    );
    let dir = TempDir::new("catalog-docs-sibling");
    sibling::Moved::CATALOG.write_html(&dir.0).unwrap();
    assert_eq!(
        files(&dir.0),
        [
            "index.html",
            "scans.moved/index.html",
            "scans.not_found/index.html"
        ]
    );
    let at_uri = std::fs::read_to_string(dir.0.join("scans.not_found/index.html")).unwrap();
    assert!(at_uri.contains(
        "<link rel=\"canonical\" href=\"https://docs.example.com/errors/scans.not_found\">"
    ));
    let at_code = std::fs::read_to_string(dir.0.join("scans.moved/index.html")).unwrap();
    assert!(
        !at_code.contains("rel=\"canonical\""),
        "not at its type URI"
    );
}

#[test]
fn html_pages_under_a_shared_base_and_at_their_code() {
    let dir = TempDir::new("catalog-docs-bases");
    bases::Scans::CATALOG.write_html(&dir.0).unwrap();
    assert_eq!(
        files(&dir.0),
        [
            "auth/errors/auth.denied/index.html",
            "billing.broke/index.html",
            "index.html",
            "legacy.one/index.html",
            "odd.path/index.html",
            "scans/errors/scans.gone/index.html",
            "scans/errors/scans.not_found/index.html",
            "scans/legacy-two/index.html",
        ]
    );
    // 8 codes linked from the index; 7 pages link back.
    assert_eq!(check_links(&dir.0), 15);
    let index = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
    assert!(index.contains(
        "<a href=\"scans/errors/scans.not_found/index.html\"><code>scans.unknown</code></a>"
    ));
    let page = std::fs::read_to_string(dir.0.join("auth/errors/auth.denied/index.html")).unwrap();
    assert!(page.contains("<nav><a href=\"../../../index.html\">All error codes</a></nav>"));
    // Two codes share one type URI, so they share its page.
    let shared =
        std::fs::read_to_string(dir.0.join("scans/errors/scans.not_found/index.html")).unwrap();
    assert!(shared.contains(
        "<h1>Problem type <code>https://docs.example.com/scans/errors/scans.not_found</code></h1>"
    ));
    assert!(
        shared.contains("<section id=\"scans.not_found\">\n<h2><code>scans.not_found</code></h2>")
    );
    assert!(shared.contains("<section id=\"scans.unknown\">\n<h2><code>scans.unknown</code></h2>"));
    assert!(
        shared
            .contains("<h3>Meaning</h3>\n<p>Shares the type of <code>scans.not_found</code>.</p>")
    );

    let blank = TempDir::new("catalog-docs-blank");
    bases::Blank::CATALOG.write_html(&blank.0).unwrap();
    assert_eq!(files(&blank.0), ["blank.one/index.html", "index.html"]);
    let page = std::fs::read_to_string(blank.0.join("blank.one/index.html")).unwrap();
    assert!(page.contains("<h2>Meaning</h2>\n<p>No description.</p>"));
}

#[test]
fn html_rejects_a_code_that_cannot_be_a_folder() {
    let dir = TempDir::new("catalog-docs-bad");
    let err = bases::BadCode::CATALOG.write_html(&dir.0).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "the code `index.html` cannot name a folder of the HTML site"
    );
    assert!(files(&dir.0).is_empty(), "nothing written");
}

// ---- snapshots -------------------------------------------------------------

/// One service in three versions.
mod v1 {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum Api {
        #[problem(code = "scans.not_found", status = 404, alias = "scan.missing")]
        NotFound,
        #[problem(code = "scans.conflict", status = 409)]
        Conflict,
        #[problem(code = "quota.exceeded", status = 429)]
        Quota,
        #[problem(code = "auth.denied", status = 403)]
        Denied,
    }
}

/// Compatible with v1: a new code, a new title, a new description.
mod v2 {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum Api {
        /// Now documented.
        #[problem(
            code = "scans.not_found",
            status = 404,
            alias = "scan.missing",
            title = "No such scan"
        )]
        NotFound,
        #[problem(code = "scans.conflict", status = 409)]
        Conflict,
        #[problem(code = "quota.exceeded", status = 429)]
        Quota,
        #[problem(code = "auth.denied", status = 403)]
        Denied,
        #[problem(code = "scans.too_large", status = 413)]
        TooLarge,
    }
}

/// Breaks v1 in every way.
mod v3 {
    use problem_core::Problem;

    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum Api {
        // `scans.not_found` renamed, the old code kept as an alias.
        #[problem(code = "scans.missing", status = 404, alias = "scans.not_found")]
        NotFound,
        // `scans.conflict` removed; `quota.exceeded` 429 -> 403 and a new type.
        #[problem(
            code = "quota.exceeded",
            status = 403,
            type_uri = "https://docs.example.com/errors/quota"
        )]
        Quota,
        #[problem(code = "auth.denied", status = 403, alias = "auth.forbidden")]
        Denied,
    }
}

fn record(dir: &TempDir, catalog: &Catalog) -> PathBuf {
    let path = dir.0.join("snapshots/errors.json");
    assert_eq!(
        check_catalog_snapshot(catalog, &path, SnapshotMode::Update).unwrap(),
        SnapshotOutcome::Created
    );
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn snapshot_passes_when_unchanged() {
    let dir = TempDir::new("catalog-docs-snap-same");
    let path = record(&dir, &v1::Api::CATALOG);
    assert_eq!(read(&path), v1::Api::CATALOG.to_json());
    for mode in [
        SnapshotMode::Check,
        SnapshotMode::Update,
        SnapshotMode::Overwrite,
    ] {
        assert_eq!(
            check_catalog_snapshot(&v1::Api::CATALOG, &path, mode).unwrap(),
            SnapshotOutcome::Unchanged
        );
    }
}

#[test]
fn snapshot_missing() {
    let dir = TempDir::new("catalog-docs-snap-missing");
    let path = dir.0.join("none.json");
    let err = check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Check).unwrap_err();
    assert!(matches!(&err, SnapshotError::Missing { path: p } if *p == path));
    assert_eq!(
        err.to_string(),
        format!(
            "no error catalog snapshot at {}: record it by running the tests outside CI, or with \
             PROBLEM_SNAPSHOT=overwrite, and commit it",
            path.display()
        )
    );
    assert!(!path.exists());
    assert_eq!(
        check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Overwrite).unwrap(),
        SnapshotOutcome::Overwritten
    );
    assert_eq!(read(&path), v1::Api::CATALOG.to_json());
}

#[test]
fn snapshot_accepts_additions_and_compatible_changes() {
    let dir = TempDir::new("catalog-docs-snap-add");
    let path = record(&dir, &v1::Api::CATALOG);
    // CI: passes, leaves the file alone.
    assert_eq!(
        check_catalog_snapshot(&v2::Api::CATALOG, &path, SnapshotMode::Check).unwrap(),
        SnapshotOutcome::Compatible
    );
    assert_eq!(read(&path), v1::Api::CATALOG.to_json());
    // A developer's machine: passes, records the new code.
    assert_eq!(
        check_catalog_snapshot(&v2::Api::CATALOG, &path, SnapshotMode::Update).unwrap(),
        SnapshotOutcome::Updated
    );
    assert_eq!(read(&path), v2::Api::CATALOG.to_json());
    // From now on, the new code is part of the contract.
    let err = check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Check).unwrap_err();
    let SnapshotError::Broken { changes, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(
        changes,
        [Change::Removed {
            code: "scans.too_large".into(),
            status: 413,
            type_uri: "https://docs.example.com/errors/scans.too_large".into(),
            alias_of: None,
        }]
    );
}

#[test]
fn snapshot_fails_on_every_broken_contract_line() {
    let dir = TempDir::new("catalog-docs-snap-break");
    let path = record(&dir, &v1::Api::CATALOG);
    for mode in [SnapshotMode::Check, SnapshotMode::Update] {
        let err = check_catalog_snapshot(&v3::Api::CATALOG, &path, mode).unwrap_err();
        let SnapshotError::Broken { changes, .. } = &err else {
            panic!("{err}")
        };
        // Snapshot order: sorted by code.
        assert_eq!(
            *changes,
            [
                Change::Aliases {
                    code: "auth.denied".into(),
                    snapshot: vec![],
                    catalog: vec!["auth.forbidden".into()],
                },
                Change::Status {
                    code: "quota.exceeded".into(),
                    snapshot: 429,
                    catalog: 403,
                },
                Change::TypeUri {
                    code: "quota.exceeded".into(),
                    snapshot: "https://docs.example.com/errors/quota.exceeded".into(),
                    catalog: "https://docs.example.com/errors/quota".into(),
                },
                Change::Removed {
                    code: "scans.conflict".into(),
                    status: 409,
                    type_uri: "https://docs.example.com/errors/scans.conflict".into(),
                    alias_of: None,
                },
                Change::Removed {
                    code: "scans.not_found".into(),
                    status: 404,
                    type_uri: "https://docs.example.com/errors/scans.not_found".into(),
                    alias_of: Some("scans.missing".into()),
                },
            ]
        );
        assert_eq!(
            err.to_string(),
            format!(
                "the error catalog breaks the contract recorded in {path} (5 changes):

  `auth.denied` changed its aliases
  - aliases (none)
  + aliases auth.forbidden

  `quota.exceeded` changed its status
  - status 429
  + status 403

  `quota.exceeded` changed its type URI
  - type https://docs.example.com/errors/quota.exceeded
  + type https://docs.example.com/errors/quota

  `scans.conflict` was removed
  - scans.conflict 409 https://docs.example.com/errors/scans.conflict

  `scans.not_found` was removed (it is now an alias of `scans.missing`, which servers send instead)
  - scans.not_found 404 https://docs.example.com/errors/scans.not_found

Clients rely on codes, statuses, type URIs and aliases. If the change is intended, accept it with
    PROBLEM_SNAPSHOT=overwrite cargo test
and commit {path}.",
                path = path.display()
            )
        );
        assert_eq!(
            read(&path),
            v1::Api::CATALOG.to_json(),
            "a failing check writes nothing"
        );
    }
}

#[test]
fn snapshot_fails_on_a_removed_alias() {
    let dir = TempDir::new("catalog-docs-snap-alias");
    let path = record(&dir, &v2::Api::CATALOG);
    let text = read(&path).replace("\"scan.missing\"", "\"scan.missing\", \"scan.gone\"");
    std::fs::write(&path, text).unwrap();
    let err = check_catalog_snapshot(&v2::Api::CATALOG, &path, SnapshotMode::Update).unwrap_err();
    let SnapshotError::Broken { changes, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(
        changes,
        [Change::Aliases {
            code: "scans.not_found".into(),
            snapshot: vec!["scan.gone".into(), "scan.missing".into()],
            catalog: vec!["scan.missing".into()],
        }]
    );
}

#[test]
fn snapshot_overwrite_accepts_breaking_changes() {
    let dir = TempDir::new("catalog-docs-snap-overwrite");
    let path = record(&dir, &v1::Api::CATALOG);
    assert_eq!(
        check_catalog_snapshot(&v3::Api::CATALOG, &path, SnapshotMode::Overwrite).unwrap(),
        SnapshotOutcome::Overwritten
    );
    assert_eq!(read(&path), v3::Api::CATALOG.to_json());
    assert_eq!(
        check_catalog_snapshot(&v3::Api::CATALOG, &path, SnapshotMode::Check).unwrap(),
        SnapshotOutcome::Unchanged
    );
}

#[test]
fn snapshot_that_is_not_one() {
    let dir = TempDir::new("catalog-docs-snap-invalid");
    let path = dir.0.join("errors.json");
    std::fs::write(&path, "[1, 2]").unwrap();
    let err = check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Update).unwrap_err();
    assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
    assert!(
        err.to_string().starts_with(&format!(
            "{} is not an error catalog snapshot: ",
            path.display()
        )),
        "{err}"
    );
    std::fs::write(&path, r#"{"version": 2, "problems": []}"#).unwrap();
    let err = check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Check).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not an error catalog snapshot: its version 2 is newer than this problem_core writes (1); \
             rewrite it with PROBLEM_SNAPSHOT=overwrite",
            path.display()
        )
    );
    // A hand-written snapshot with only the contract members works.
    std::fs::write(
        &path,
        r#"{"version": 1, "problems": [{"code": "auth.denied", "status": 403, "type": "https://docs.example.com/errors/auth.denied"}]}"#,
    )
    .unwrap();
    assert_eq!(
        check_catalog_snapshot(&v1::Api::CATALOG, &path, SnapshotMode::Check).unwrap(),
        SnapshotOutcome::Compatible
    );
}

#[test]
fn assert_catalog_snapshot_panics_with_the_diff() {
    let dir = TempDir::new("catalog-docs-snap-assert");
    let path = record(&dir, &v1::Api::CATALOG);
    let result = std::panic::catch_unwind(|| assert_catalog_snapshot(&v3::Api::CATALOG, &path));
    if matches!(SnapshotMode::from_env(), Ok(SnapshotMode::Overwrite)) {
        // `PROBLEM_SNAPSHOT=overwrite cargo test` accepts every change.
        assert!(result.is_ok());
        assert_eq!(read(&path), v3::Api::CATALOG.to_json());
        return;
    }
    let payload = result.unwrap_err();
    let message = payload.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with(&format!(
            "the error catalog breaks the contract recorded in {} (5 changes):\n\n  `auth.denied` changed its aliases\n",
            path.display()
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(
            "    PROBLEM_SNAPSHOT=overwrite cargo test\nand commit {}.",
            path.display()
        )),
        "{message}"
    );
}

/// The contract of the project's own example service.
#[test]
fn example_catalog_matches_its_snapshot() {
    assert_catalog_snapshot(
        &ServiceError::CATALOG,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/catalog.json"),
    );
}

// ---- the example -------------------------------------------------------------

fn run(args: &[&str]) -> Result<String, String> {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let mut out = Vec::new();
    example::run(&args, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn example_prints_markdown_json_and_writes_html() {
    assert_eq!(
        run(&["markdown"]).unwrap(),
        ServiceError::CATALOG.to_markdown()
    );
    assert_eq!(run(&["json"]).unwrap(), ServiceError::CATALOG.to_json());
    let dir = TempDir::new("catalog-docs-example");
    let site = dir.0.join("site");
    let site_arg = site.to_str().unwrap();
    assert_eq!(
        run(&["html", site_arg]).unwrap(),
        format!(
            "wrote {site_arg}/index.html and a page for each of the 9 codes; serve {site_arg} at https://docs.example.com/errors/\n"
        )
    );
    assert_eq!(files(&site).len(), 10);
    let usage = Err("usage: catalog [--binary] markdown | json | html <folder>".to_owned());
    assert_eq!(run(&[]), usage);
    assert_eq!(run(&["html"]), usage);
    assert_eq!(run(&["yaml"]), usage);
    assert_eq!(run(&["--binary"]), usage);
    assert_eq!(run(&["json", "--binary"]), usage);
    let file = dir.0.join("a-file");
    std::fs::write(&file, "").unwrap();
    let err = run(&["html", file.to_str().unwrap()]).unwrap_err();
    assert!(
        err.starts_with(&format!("cannot write the site to {}: ", file.display())),
        "{err}"
    );
}

#[test]
fn example_writes_the_whole_binary_with_binary() {
    use problem_core::registry;

    assert_eq!(
        run(&["--binary", "markdown"]).unwrap(),
        registry::to_markdown()
    );
    assert_eq!(run(&["--binary", "json"]).unwrap(), registry::to_json());
    // The example's types and problem_core's `RequestProblem`, which nothing
    // here combines, and this file's own types.
    let binary = registry::catalog();
    for catalog in [
        ServiceError::CATALOG,
        problem_core::RequestProblem::CATALOG,
        legacy::Outer::CATALOG,
    ] {
        for spec in catalog.iter() {
            assert!(binary.find(spec.code).is_some(), "{}", spec.code);
        }
    }
    // `AuthError` is registered and wrapped by `ServiceError`: listed once.
    let auth = binary
        .iter()
        .filter(|s| s.code == "auth.api_key.invalid")
        .count();
    assert_eq!(auth, 1);

    // The site of this binary cannot be written: a fixture of this file
    // (`html_rejects_a_code_that_cannot_be_a_folder`) has the code `index.html`.
    let dir = TempDir::new("catalog-docs-example-binary");
    let site = dir.0.join("site");
    let site_arg = site.to_str().unwrap();
    assert_eq!(
        run(&["--binary", "html", site_arg]),
        Err(format!(
            "cannot write the site to {site_arg}: the code `index.html` cannot name a folder of the HTML site"
        ))
    );
}
