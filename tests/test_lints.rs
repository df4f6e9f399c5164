//! The derive's generated code raises no lint in the user's crate: this file
//! derives enums and structs (generic, transparent, with every attribute)
//! under the strictest lints, and `cargo clippy --all-targets -- -D warnings`
//! checks it with `clippy::pedantic` on. The types are exercised at run time
//! so that the test can fail.
#![deny(warnings, missing_docs, unused_qualifications)]
#![deny(clippy::pedantic)]

use std::borrow::Cow;
use std::fmt::Display;
use std::time::Duration;

use problem_core::{FieldError, FromProblem, Problem, ProblemDetails};

/// Every variant key, and every field role.
#[derive(Debug, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
pub enum ScanError {
    /// The scan does not exist.
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found",
        alias = "scans.missing",
        alias = "scans.gone"
    )]
    NotFound {
        /// The scan's id.
        #[problem(extension = "scan_id")]
        id: u64,
        /// Where the scan was looked up.
        #[problem(instance)]
        instance: Option<String>,
    },

    /// The request body is invalid.
    #[problem(
        code = "scans.invalid",
        status = 422,
        type_uri = "https://docs.example.com/validation"
    )]
    Invalid {
        /// What is wrong with each field.
        #[problem(errors)]
        errors: Vec<FieldError>,
    },

    /// Too many scans.
    #[problem(code = "scans.rate_limited", status = 429, retryable = false)]
    RateLimited {
        /// When to try again.
        #[problem(retry_after)]
        retry_after: Duration,
        /// The plan's limit, named by the field.
        #[problem(extension)]
        limit: Option<u32>,
    },

    /// The scanner is down; its detail is shown even though it is a 5xx.
    #[problem(
        code = "scans.unavailable",
        status = 503,
        detail = "scanner {0} is down",
        expose_detail
    )]
    Unavailable(String, #[problem(status)] Option<u16>),

    /// An internal failure: its detail is withheld.
    #[problem(code = "scans.internal", status = 500, detail = "{reason:?}")]
    Internal {
        /// Why: for the logs only.
        reason: Cow<'static, str>,
    },

    /// Retried by default (503).
    #[problem(code = "scans.busy", status = 503, retryable)]
    Busy(#[problem(retry_after)] u64),
}

/// Codes derived from the variant names.
#[derive(Debug, Problem)]
#[problem(rename_all = "snake_case", code_prefix = "auth.")]
pub enum AuthError {
    /// No credentials.
    #[problem(status = 401)]
    MissingToken,
    /// The token has expired.
    #[problem(status = 401, detail = "expired {seconds}s ago")]
    TokenExpired {
        /// How long ago.
        seconds: u64,
    },
}

/// A generic problem: the detail needs `T: Display`, the extension `E: Serialize`.
#[derive(Debug, Problem)]
pub enum Generic<T, E>
where
    T: Clone,
{
    /// Something of type `T` was rejected.
    #[problem(code = "generic.rejected", status = 400, detail = "rejected {value}")]
    Rejected {
        /// The rejected value.
        value: T,
        /// Context, serialized.
        #[problem(extension)]
        context: E,
    },
    /// Wraps another problem.
    #[problem(transparent)]
    Auth(AuthError),
}

/// Every problem of the service, through transparent variants.
#[derive(Debug, Problem)]
pub enum ApiError {
    /// Authentication problems.
    #[problem(transparent)]
    Auth(AuthError),
    /// Scan problems.
    #[problem(transparent)]
    Scan {
        /// The wrapped problem.
        inner: ScanError,
    },
    /// A problem of the API itself.
    #[problem(code = "api.maintenance", status = 503, title = "Down for maintenance")]
    Maintenance,
}

/// A struct is one problem.
#[derive(Debug, PartialEq, Problem)]
#[problem(
    type_base = "https://docs.example.com/errors/",
    code = "quota.exceeded",
    status = 429,
    detail = "{used} of {limit} used"
)]
pub struct QuotaExceeded {
    /// Used so far.
    #[problem(extension)]
    pub used: u32,
    /// The limit.
    #[problem(extension)]
    pub limit: u32,
}

/// A generic struct with a lifetime.
#[derive(Debug, Problem)]
#[problem(code = "lookup.failed", status = 404, detail = "{key} not found")]
pub struct LookupFailed<'a, K: Display> {
    /// The key.
    pub key: K,
    /// Where it was looked up.
    #[problem(instance)]
    pub instance: &'a str,
}

/// A struct delegating to another problem.
#[derive(Debug, Problem)]
#[problem(transparent)]
pub struct Wrapped(pub AuthError);

/// An enum with no variants: no value, no problem.
#[derive(Debug, Problem)]
pub enum Never {}

/// Generic fields of every role, an optional generic extension, and a raw
/// identifier in the detail.
#[derive(Debug, PartialEq, Problem)]
pub enum Throttled<'a, T, R, I, S, E> {
    /// Slow down.
    #[problem(code = "throttle.limited", status = 429, detail = "{r#type} limited")]
    Limited {
        /// What was limited.
        r#type: &'static str,
        /// A hint, when there is one.
        #[problem(extension)]
        hint: Option<T>,
        /// When to try again.
        #[problem(retry_after)]
        after: R,
        /// Where.
        #[problem(instance)]
        at: I,
        /// The status of this occurrence.
        #[problem(status)]
        status: S,
    },
    /// Field errors, borrowed.
    #[problem(code = "throttle.invalid", status = 422)]
    Invalid {
        /// What is wrong.
        #[problem(errors)]
        errors: &'a [FieldError],
    },
    /// Field errors of a generic collection.
    #[problem(code = "throttle.invalid_generic", status = 422)]
    InvalidGeneric {
        /// What is wrong.
        #[problem(errors)]
        errors: E,
    },
}

/// Only lifetimes: checked across types (as `Borrowing<'static>`).
#[derive(Debug, Problem)]
pub enum Borrowing<'a> {
    /// Wraps a problem that borrows.
    #[problem(transparent)]
    Lookup(LookupFailed<'a, u8>),
    /// Its own.
    #[problem(code = "borrowing.own", status = 400)]
    Own,
}

problem_core::assert_unique_codes!(ApiError, QuotaExceeded, LookupFailed<'static, u8>);

/// The flat shape, a detail template over several fields (read again by
/// localized envelopes), and a transparent variant.
#[derive(Debug, Problem)]
#[problem(
    envelope = "flat",
    rename_all = "SCREAMING_SNAKE_CASE",
    code_prefix = "ROOM_"
)]
pub enum RoomError {
    /// The room is taken.
    #[problem(status = 409, detail = "room {1} is taken ({0:?}, {1:>5})")]
    Taken(
        /// The booking.
        u32,
        /// The room.
        #[problem(extension)]
        u16,
    ),
    /// Delegated.
    #[problem(transparent)]
    Auth(AuthError),
}

/// The wrapped shape on a struct with a generic detail argument.
#[derive(Debug, Problem)]
#[problem(
    envelope = "wrapped",
    code = "repo.missing",
    status = 404,
    detail = "no {name}"
)]
pub struct RepoMissing<N: Display> {
    /// What is missing.
    pub name: N,
}

/// The compact form, `display_detail` (on the enum, with thiserror, and on a
/// generic type), `log` and `grpc_code`, and a mix of variants whose arms only
/// pick their head with variants that write more.
#[derive(Debug, thiserror::Error, Problem)]
#[problem(display_detail, log = "warn")]
pub enum ThiserrorError<T: Display> {
    /// Not there.
    #[error("item {id} was not found")]
    #[problem("items.not_found", 404, grpc_code = "not_found")]
    NotFound {
        /// The item.
        id: u64,
    },
    /// Its own template.
    #[error("item {0} is locked")]
    #[problem("items.locked", 423, detail = "locked: {0}", log = "info")]
    Locked(T),
    /// Relayed, with the status of each occurrence.
    #[error("upstream said {reason}")]
    #[problem("items.relayed", 502)]
    Relayed {
        /// The upstream status.
        #[problem(status)]
        status: u16,
        /// Why.
        reason: String,
    },
    /// No detail of its own: the `Display`.
    #[error("gone")]
    #[problem(
        410,
        code = "items.gone",
        log = "off",
        grpc_code = "failed_precondition"
    )]
    Gone,
}

/// A struct with the compact form and its own `Display`.
#[derive(Debug, Problem)]
#[problem("items.busy", 503, display_detail, expose_detail, log = "error")]
pub struct ItemsBusy;

impl Display for ItemsBusy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the item store is busy")
    }
}

fn json<P: Problem>(p: &P) -> String {
    String::from_utf8(problem_core::to_vec(p)).expect("the envelope is UTF-8")
}

#[test]
fn every_attribute_on_the_wire() {
    let not_found = ScanError::NotFound {
        id: 7,
        instance: Some("/scans/7".to_owned()),
    };
    assert_eq!(
        json(&not_found),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 7 was not found","instance":"/scans/7","code":"scans.not_found","scan_id":7}"#
    );
    let invalid = ScanError::Invalid {
        errors: vec![FieldError {
            path: "name".to_owned(),
            code: "required".to_owned(),
            detail: None,
        }],
    };
    assert_eq!(
        json(&invalid),
        r#"{"type":"https://docs.example.com/validation","title":"Unprocessable Content","status":422,"code":"scans.invalid","errors":[{"path":"name","code":"required"}]}"#
    );
    let limited = ScanError::RateLimited {
        retry_after: Duration::from_millis(1500),
        limit: None,
    };
    assert!(!limited.retryable());
    assert_eq!(limited.retry_after(), Some(2));
    assert_eq!(
        json(&limited),
        r#"{"type":"https://docs.example.com/errors/scans.rate_limited","title":"Too Many Requests","status":429,"code":"scans.rate_limited","retry_after":2}"#
    );
    let down = ScanError::Unavailable("eu-1".to_owned(), Some(502));
    assert_eq!(down.status(), 502);
    assert_eq!(down.detail().as_deref(), Some("scanner eu-1 is down"));
    let internal = ScanError::Internal {
        reason: Cow::Borrowed("disk full"),
    };
    assert_eq!(internal.detail(), None);
    assert!(ScanError::Busy(3).retryable());
}

#[test]
fn derived_codes_generic_and_transparent_types() {
    assert_eq!(AuthError::MissingToken.code(), "auth.missing_token");
    assert_eq!(
        AuthError::TokenExpired { seconds: 5 }.detail().as_deref(),
        Some("expired 5s ago")
    );
    let g: Generic<&str, Vec<u8>> = Generic::Rejected {
        value: "x",
        context: vec![1, 2],
    };
    assert_eq!(
        json(&g),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"rejected x","code":"generic.rejected","context":[1,2]}"#
    );
    let wrapped: Generic<u8, ()> = Generic::Auth(AuthError::MissingToken);
    assert_eq!(wrapped.status(), 401);

    let api = ApiError::Scan {
        inner: ScanError::Busy(1),
    };
    assert_eq!(api.code(), "scans.busy");
    assert_eq!(ApiError::CATALOG.len(), 1 + 2 + 6);
    assert_eq!(
        ApiError::CATALOG.find("scans.gone").map(|s| s.code),
        Some("scans.not_found")
    );
    assert_eq!(ApiError::Maintenance.title(), "Down for maintenance");
    assert_eq!(
        Wrapped(AuthError::MissingToken).code(),
        "auth.missing_token"
    );
    assert_eq!(Wrapped::CATALOG.len(), 2);
    assert!(Never::CATALOG.is_empty());
}

#[test]
fn structs_and_rebuilding() {
    let quota = QuotaExceeded {
        used: 10,
        limit: 10,
    };
    assert_eq!(
        json(&quota),
        r#"{"type":"https://docs.example.com/errors/quota.exceeded","title":"Too Many Requests","status":429,"detail":"10 of 10 used","code":"quota.exceeded","used":10,"limit":10}"#
    );
    let details: ProblemDetails = quota.to_details();
    assert_eq!(QuotaExceeded::from_problem(&details), Some(quota));

    let lookup = LookupFailed {
        key: 3_u8,
        instance: "/k/3",
    };
    assert_eq!(lookup.detail().as_deref(), Some("3 not found"));
    // A borrowed instance cannot be rebuilt from owned details.
    assert!(LookupFailed::<u8>::from_problem(&lookup.to_details()).is_none());
}

#[test]
fn generic_roles_and_lifetimes() {
    let limited: Throttled<'_, u8, Duration, String, u16, Vec<FieldError>> = Throttled::Limited {
        r#type: "scans",
        hint: Some(3),
        after: Duration::from_secs(2),
        at: "/scans".to_owned(),
        status: 503,
    };
    assert_eq!(
        json(&limited),
        r#"{"type":"about:blank","title":"Too Many Requests","status":503,"instance":"/scans","code":"throttle.limited","hint":3,"retry_after":2}"#
    );
    let errors = [FieldError {
        path: "name".to_owned(),
        code: "required".to_owned(),
        detail: None,
    }];
    let invalid: Throttled<'_, u8, u64, Option<String>, Option<u16>, Vec<FieldError>> =
        Throttled::Invalid { errors: &errors };
    assert_eq!(
        json(&invalid),
        r#"{"type":"about:blank","title":"Unprocessable Content","status":422,"code":"throttle.invalid","errors":[{"path":"name","code":"required"}]}"#
    );
    let generic: Throttled<'_, u8, u64, Option<String>, Option<u16>, Vec<FieldError>> =
        Throttled::InvalidGeneric {
            errors: errors.to_vec(),
        };
    assert_eq!(
        Throttled::from_problem(&generic.to_details()),
        Some(generic)
    );
    let own = Borrowing::Own;
    assert_eq!(own.code(), "borrowing.own");
    assert_eq!(Borrowing::CATALOG.len(), 2);
}

#[test]
fn shapes_and_localized_templates() {
    use problem_core::i18n::Translations;
    let t = Translations::new()
        .with_detail("de", "repo.missing", "kein {name}")
        .with_detail("de", "ROOM_TAKEN", "Raum {1} belegt ({0})");
    let repo = RepoMissing { name: "abc" };
    assert_eq!(
        String::from_utf8(repo.envelope().localized(&t, "de").to_vec()).unwrap(),
        r#"{"schema_version":1,"error":{"code":"repo.missing","message":"kein abc","retryable":false,"details":{}}}"#
    );
    let room = RoomError::Taken(7, 12);
    assert_eq!(
        json(&room),
        r#"{"code":"ROOM_TAKEN","message":"room 12 is taken (7,    12)","details":{"1":12}}"#
    );
    assert_eq!(
        room.envelope()
            .localized(&t, "de")
            .to_details()
            .detail
            .as_deref(),
        Some("Raum 12 belegt (7)")
    );
}

#[test]
fn display_detail_compact_form_log_and_grpc_code() {
    use problem_core::__private::{grpc_code_of, log_of};
    use problem_core::LogLevel;
    let not_found: ThiserrorError<u8> = ThiserrorError::NotFound { id: 7 };
    assert_eq!(
        json(&not_found),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"item 7 was not found","code":"items.not_found"}"#
    );
    assert_eq!(grpc_code_of(&not_found), Some(5));
    // A translation places the arguments of thiserror's message.
    let t = problem_core::i18n::Translations::new().with_detail(
        "de",
        "items.not_found",
        "Artikel {id} fehlt",
    );
    assert_eq!(
        not_found
            .envelope()
            .localized(&t, "de")
            .to_details()
            .detail
            .as_deref(),
        Some("Artikel 7 fehlt")
    );
    assert_eq!(log_of(&not_found), Some(LogLevel::Warn));
    let locked: ThiserrorError<u8> = ThiserrorError::Locked(3);
    assert_eq!(locked.detail().as_deref(), Some("locked: 3"));
    assert_eq!(log_of(&locked), Some(LogLevel::Info));
    let relayed: ThiserrorError<u8> = ThiserrorError::Relayed {
        status: 409,
        reason: "conflict".to_owned(),
    };
    assert_eq!(relayed.detail().as_deref(), Some("upstream said conflict"));
    let gone: ThiserrorError<u8> = ThiserrorError::Gone;
    assert_eq!(
        (gone.code(), gone.status(), gone.detail().as_deref()),
        ("items.gone", 410, Some("gone"))
    );
    assert_eq!(log_of(&gone), Some(LogLevel::Off));
    assert_eq!(
        ItemsBusy.detail().as_deref(),
        Some("the item store is busy")
    );
    assert_eq!(log_of(&ItemsBusy), Some(LogLevel::Error));
}
