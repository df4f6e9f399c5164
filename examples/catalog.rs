//! The error catalog of an example service, as documentation.
//!
//! ```text
//! cargo run --example catalog -- markdown        # the reference page, on stdout
//! cargo run --example catalog -- json            # the JSON form for tools, on stdout
//! cargo run --example catalog -- html <folder>   # the static site; serve <folder> at the type base
//! ```
//!
//! With `--binary` first (`catalog --binary html <folder>`), the same for the
//! whole binary: every error type it links, each problem once, gathered at
//! link time by the `registry` feature of `problem_core`. Here that is
//! `ServiceError`, the `AuthError` it wraps, and problem_core's own
//! `RequestProblem` (the problems its framework integrations answer with); in
//! a service of several crates, every crate's types.
//!
//! `tests/test_catalog_docs.rs` includes this file, checks what it prints,
//! and holds the catalog to the snapshot `tests/snapshots/catalog.json`.

use std::io::Write;

/// The example service: a vulnerability scanner's API.
pub mod service {
    use problem_core::{FieldError, Problem};

    /// The problems of authentication, shared by every service of the company.
    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum AuthError {
        /// The API key is missing, malformed, or revoked.
        ///
        /// Send the key in the `Authorization: Bearer <key>` header.
        #[problem("auth.api_key.invalid", 401, title = "Invalid API key")]
        InvalidApiKey,

        /// The API key is valid but lacks the scope this operation needs.
        #[problem("auth.scope.missing", 403, title = "Missing scope")]
        #[problem(detail = "this operation needs the `{scope}` scope")]
        #[problem(alias = "auth.forbidden")]
        MissingScope {
            /// The scope the operation needs.
            #[problem(extension)]
            scope: String,
        },
    }

    /// Everything the scan service can answer with instead of a scan.
    #[derive(Debug, Problem)]
    #[problem(type_base = "https://docs.example.com/errors/")]
    pub enum ServiceError {
        /// An authentication problem.
        #[problem(transparent)]
        Auth(AuthError),

        /// The request body failed validation; `errors` lists each field.
        #[problem("validation.failed", 422, title = "Invalid request")]
        Validation {
            /// What is wrong with which field.
            #[problem(errors)]
            errors: Vec<FieldError>,
        },

        /// The scan id does not exist, or is not visible to the caller.
        #[problem("scans.not_found", 404, title = "Scan not found")]
        #[problem(detail = "scan {id} was not found")]
        #[problem(alias = "scans.missing", alias = "scan.not_found")]
        ScanNotFound {
            /// The scan asked for.
            #[problem(extension = "scan_id")]
            id: u64,
        },

        /// A scan of the same target is already running; wait for it to finish.
        #[problem("scans.already_running", 409, title = "Scan already running")]
        #[problem(retryable)]
        AlreadyRunning,

        /// The account has used its scan quota; retry after the window resets.
        #[problem("quota.exceeded", 429, title = "Quota exceeded")]
        #[problem(detail = "{used} of {limit} scans used this hour")]
        QuotaExceeded {
            /// The scans allowed per hour.
            #[problem(extension)]
            limit: u32,
            /// The scans started this hour.
            used: u32,
            /// Seconds until the window resets.
            #[problem(retry_after)]
            retry_after: u64,
        },

        /// The account has no credit left; the billing service's problem type,
        /// documented with the billing API.
        #[problem("billing.out_of_credit", 403, title = "You do not have enough credit")]
        #[problem(type_uri = "https://example.com/probs/out-of-credit")]
        OutOfCredit,

        /// The scanner backend did not answer: 502 when it failed, 503 while it restarts.
        #[problem("upstream.unavailable", 503, title = "Scanner unavailable")]
        #[problem(detail = "the scanner at {host} did not answer", expose_detail)]
        Upstream {
            /// The status of this occurrence.
            #[problem(status)]
            status: u16,
            /// The scanner that did not answer.
            host: String,
        },

        /// Something failed inside the service; the cause is logged, not sent.
        #[problem("internal", 500, detail = "database error: {cause}")]
        Internal {
            /// What failed.
            cause: String,
        },
    }
}

const USAGE: &str = "usage: catalog [--binary] markdown | json | html <folder>";

/// Runs the command line `args` (without the program name), printing to `out`.
///
/// # Errors
///
/// A message for the user: the usage, or why the site could not be written.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), String> {
    let (catalog, args) = match args {
        [flag, rest @ ..] if flag == "--binary" => (*problem_core::registry::catalog(), rest),
        _ => (
            <service::ServiceError as problem_core::Problem>::CATALOG,
            args,
        ),
    };
    let print =
        |out: &mut dyn Write, text: &str| out.write_all(text.as_bytes()).map_err(|e| e.to_string());
    match args {
        [cmd] if cmd == "markdown" => print(out, &catalog.to_markdown()),
        [cmd] if cmd == "json" => print(out, &catalog.to_json()),
        [cmd, dir] if cmd == "html" => {
            catalog
                .write_html(dir)
                .map_err(|e| format!("cannot write the site to {dir}: {e}"))?;
            let serve = catalog.type_base().unwrap_or_else(|| "any URL".to_owned());
            let codes = catalog.len();
            print(
                out,
                &format!(
                    "wrote {dir}/index.html and a page for each of the {codes} codes; serve {dir} at {serve}\n"
                ),
            )
        }
        _ => Err(USAGE.to_owned()),
    }
}

#[allow(dead_code)] // `tests/test_catalog_docs.rs` includes this file and calls `run`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(message) = run(&args, &mut std::io::stdout().lock()) {
        eprintln!("{message}");
        std::process::exit(2);
    }
}
