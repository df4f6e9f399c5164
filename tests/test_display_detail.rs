//! `display_detail`: the detail is the value's `Display` (thiserror's
//! `#[error("..")]`), so the message is written once and formatted once. The
//! 5xx withholding and `expose_detail` apply unchanged. A `detail` written as
//! the variant's `#[error("..")]` word for word is formatted through
//! `Display` too, with the same bytes.

use std::fmt;

use problem_core::{FromProblem, Problem, ProblemDetails};

/// Renders `p` by the fast path, checks serde and `to_details` against it.
fn json<P: Problem>(p: &P) -> String {
    let fast = problem_core::to_vec(p);
    assert_eq!(
        String::from_utf8_lossy(&serde_json::to_vec(&p.envelope()).unwrap()),
        String::from_utf8_lossy(&fast),
        "fast path and serde differ"
    );
    let parsed: ProblemDetails = serde_json::from_slice(&fast).unwrap();
    assert_eq!(p.to_details(), parsed);
    assert_eq!(p.detail(), parsed.detail);
    String::from_utf8(fast).unwrap()
}

#[derive(Debug, PartialEq, thiserror::Error, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum RepoError {
    /// The repository does not exist.
    #[error("repository {id} not found")]
    #[problem("repos.not_found", 404, display_detail)]
    NotFound {
        #[problem(extension)]
        id: String,
    },
    /// The database is down: its address is for the logs.
    #[error("database at {0} is down")]
    #[problem("repos.database", 500, display_detail)]
    Database(String),
    /// A mirror is down, and says so.
    #[error("mirror {0} is down")]
    #[problem("repos.mirror", 503, display_detail, expose_detail)]
    Mirror(String),
    /// Relayed from an upstream, with its status.
    #[error("upstream said: {reason}")]
    #[problem("repos.relayed", 502, display_detail)]
    Relayed {
        #[problem(status)]
        status: u16,
        reason: String,
        #[problem(instance)]
        instance: Option<String>,
    },
    /// No detail: the message stays with `Display`.
    #[error("forbidden")]
    #[problem("repos.forbidden", 403)]
    Forbidden,
}

#[test]
fn the_detail_is_the_display() {
    let e = RepoError::NotFound { id: "abc".into() };
    assert_eq!(e.to_string(), "repository abc not found");
    assert_eq!(
        json(&e),
        r#"{"type":"https://docs.example.com/errors/repos.not_found","title":"Not Found","status":404,"detail":"repository abc not found","code":"repos.not_found","id":"abc"}"#
    );
    // A variant without `display_detail` has no detail.
    assert_eq!(
        json(&RepoError::Forbidden),
        r#"{"type":"https://docs.example.com/errors/repos.forbidden","title":"Forbidden","status":403,"code":"repos.forbidden"}"#
    );
}

#[test]
fn a_5xx_display_is_withheld_unless_exposed() {
    let e = RepoError::Database("10.0.0.7:5432".into());
    assert_eq!(e.detail(), None);
    let body = json(&e);
    assert!(!body.contains("10.0.0.7"), "{body}");
    assert_eq!(
        body,
        r#"{"type":"https://docs.example.com/errors/repos.database","title":"Internal Server Error","status":500,"code":"repos.database"}"#
    );
    let e = RepoError::Mirror("eu-1".into());
    assert_eq!(e.detail().as_deref(), Some("mirror eu-1 is down"));
    assert!(json(&e).contains(r#""detail":"mirror eu-1 is down""#));
}

#[test]
fn the_status_of_the_occurrence_decides() {
    let relayed = |status| RepoError::Relayed {
        status,
        reason: "quota".into(),
        instance: Some("/repos/1".into()),
    };
    // A 4xx occurrence shows its detail; a 5xx one withholds it.
    assert_eq!(
        json(&relayed(409)),
        r#"{"type":"https://docs.example.com/errors/repos.relayed","title":"Bad Gateway","status":409,"detail":"upstream said: quota","instance":"/repos/1","code":"repos.relayed"}"#
    );
    assert_eq!(relayed(503).detail(), None);
    assert!(!json(&relayed(503)).contains("quota"));
    // Outside 400..=599: the declared 502, withheld.
    assert_eq!(relayed(200).status(), 502);
    assert!(!json(&relayed(200)).contains("quota"));
}

#[test]
fn decoding_ignores_the_detail() {
    let e = RepoError::NotFound { id: "abc".into() };
    assert_eq!(RepoError::from_problem(&e.to_details()), Some(e));
}

/// `display_detail` on the enum: every variant's detail is its `Display`,
/// unless it writes a `detail` of its own.
#[derive(Debug, thiserror::Error, Problem)]
#[problem(display_detail)]
enum QuotaError {
    #[error("{used} of {limit} scans used")]
    #[problem("quota.exceeded", 429)]
    Exceeded {
        used: u32,
        #[problem(extension)]
        limit: u32,
    },
    #[error("plan {0} has no quota")]
    #[problem("quota.none", 403, detail = "no quota on this plan")]
    NoQuota(String),
}

#[test]
fn on_the_enum() {
    assert_eq!(
        json(&QuotaError::Exceeded {
            used: 100,
            limit: 100
        }),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"100 of 100 scans used","code":"quota.exceeded","limit":100}"#
    );
    assert_eq!(
        QuotaError::NoQuota("free".into()).detail().as_deref(),
        Some("no quota on this plan")
    );
}

/// A struct with a hand-written `Display`.
#[derive(Debug, Problem)]
#[problem("jobs.failed", 422, display_detail)]
struct JobFailed {
    step: u8,
}

impl fmt::Display for JobFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} failed", self.step)
    }
}

#[test]
fn a_struct_with_its_own_display() {
    assert_eq!(
        json(&JobFailed { step: 3 }),
        r#"{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"step 3 failed","code":"jobs.failed"}"#
    );
}

/// A generic type: its `Display` holds under thiserror's bounds.
#[derive(Debug, thiserror::Error, Problem)]
enum Rejected<T: fmt::Debug + fmt::Display> {
    #[error("value {0} is rejected")]
    #[problem("values.rejected", 400, display_detail)]
    Value(T),
}

#[test]
fn a_generic_type() {
    assert_eq!(
        Rejected::Value(7u8).detail().as_deref(),
        Some("value 7 is rejected")
    );
}

/// `detail` and `#[error]` the same, word for word: the same bytes as a
/// template, formatted once (through thiserror's `Display`).
#[derive(Debug, thiserror::Error, Problem)]
enum Twice {
    // More than a message: not read, the template is formatted.
    #[error("scan {id} was not found{}", "")]
    #[problem("twice.args", 404, detail = "scan {id} was not found")]
    NamedArgs { id: u64 },
    #[error("scan {id} was not found")]
    #[problem("twice.same", 404, detail = "scan {id} was not found")]
    Same { id: u64 },
    #[error("scan {id} was not found")]
    #[problem("twice.other", 404, detail = "scan {id} is not there")]
    Other { id: u64 },
    #[error("{0:>5}|{0:x}")]
    #[problem("twice.specs", 500, detail = "{0:>5}|{0:x}", expose_detail)]
    Specs(u32),
}

#[test]
fn a_detail_written_as_the_error_message() {
    assert_eq!(
        Twice::Same { id: 4 }.detail().as_deref(),
        Some("scan 4 was not found")
    );
    assert_eq!(
        Twice::Other { id: 4 }.detail().as_deref(),
        Some("scan 4 is not there")
    );
    assert_eq!(Twice::Specs(255).detail().as_deref(), Some("  255|ff"));
    assert_eq!(
        Twice::NamedArgs { id: 4 }.detail().as_deref(),
        Some("scan 4 was not found")
    );
}
