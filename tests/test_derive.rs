//! `#[derive(Problem)]`: every attribute and combination, asserted as exact JSON bytes.

use std::time::Duration;

use problem_core::{CONTENT_TYPE, FieldError, Problem, ProblemDetails};

/// Renders `p` by the fast path, checks it against serde and `to_details`, and returns it.
fn json<P: Problem>(p: &P) -> String {
    let fast = problem_core::to_vec(p);
    let serde = serde_json::to_vec(&p.envelope()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&fast),
        String::from_utf8_lossy(&serde),
        "fast path and serde differ"
    );
    let mut written = Vec::new();
    problem_core::to_writer(&mut written, p).unwrap();
    assert_eq!(written, fast);
    let parsed: ProblemDetails = serde_json::from_slice(&fast).unwrap();
    assert_eq!(
        p.to_details(),
        parsed,
        "to_details differs from the parsed envelope"
    );
    String::from_utf8(fast).unwrap()
}

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    /// Not there.
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    NotFound { id: u64 },
    #[problem(code = "scans.gone", status = 410)]
    Gone,
    #[problem(
        code = "scans.conflict",
        status = 409,
        detail = "{0} conflicts with {1:?}"
    )]
    Conflict(String, String),
    #[problem(
        code = "scans.custom_type",
        status = 400,
        type_uri = "https://other.example/bad"
    )]
    CustomType,
}

#[test]
fn static_variant_and_default_title() {
    assert_eq!(
        json(&ScanError::Gone),
        r#"{"type":"https://docs.example.com/errors/scans.gone","title":"Gone","status":410,"code":"scans.gone"}"#
    );
    let e = ScanError::Gone;
    assert_eq!(e.code(), "scans.gone");
    assert_eq!(e.status(), 410);
    assert_eq!(e.title(), "Gone");
    assert_eq!(e.type_uri(), "https://docs.example.com/errors/scans.gone");
    assert!(!e.retryable());
    assert_eq!(e.detail(), None);
    assert_eq!(e.retry_after(), None);
}

#[test]
fn named_and_positional_detail() {
    assert_eq!(
        json(&ScanError::NotFound { id: 42 }),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 42 was not found","code":"scans.not_found"}"#
    );
    let e = ScanError::Conflict("a\"b".into(), "c\nd".into());
    assert_eq!(e.detail().as_deref(), Some("a\"b conflicts with \"c\\nd\""));
    assert_eq!(
        json(&e),
        r#"{"type":"https://docs.example.com/errors/scans.conflict","title":"Conflict","status":409,"detail":"a\"b conflicts with \"c\\nd\"","code":"scans.conflict"}"#
    );
}

#[test]
fn type_uri_overrides_type_base() {
    assert_eq!(
        ScanError::CustomType.type_uri(),
        "https://other.example/bad"
    );
    assert_eq!(
        json(&ScanError::CustomType),
        r#"{"type":"https://other.example/bad","title":"Bad Request","status":400,"code":"scans.custom_type"}"#
    );
}

#[derive(Debug, Problem)]
enum NoBase {
    #[problem(code = "x.y", status = 400)]
    X,
}

#[test]
fn no_type_base_is_about_blank() {
    assert_eq!(NoBase::X.type_uri(), "about:blank");
    assert_eq!(
        json(&NoBase::X),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"code":"x.y"}"#
    );
}

#[derive(Debug, Problem)]
#[problem(rename_all = "snake_case", code_prefix = "billing.")]
enum Billing {
    #[problem(status = 402)]
    CardDeclined {
        #[problem(extension)]
        decline_code: String,
    },
    #[problem(code = "payments.explicit", status = 402)]
    Explicit,
    #[problem(status = 429)]
    TooManyAttempts,
}

// Attributes without `code` still need a status: give CardDeclined one through a second enum.
#[derive(Debug, Problem)]
#[problem(rename_all = "SCREAMING_SNAKE_CASE", code_prefix = "SW_")]
enum Screaming {
    #[problem(status = 404)]
    RoomNotFound,
}

#[derive(Debug, Problem)]
#[problem(rename_all = "kebab-case")]
enum Kebab {
    #[problem(status = 400)]
    BadThing,
}

#[test]
fn codes_derived_from_variant_names() {
    // `CardDeclined` has neither code nor status: only its code is derived; see the ui tests
    // for a missing status. Here: the derived codes.
    assert_eq!(Billing::TooManyAttempts.code(), "billing.too_many_attempts");
    assert_eq!(
        Billing::Explicit.code(),
        "payments.explicit",
        "code_prefix applies to derived codes only"
    );
    assert_eq!(Screaming::RoomNotFound.code(), "SW_ROOM_NOT_FOUND");
    assert_eq!(Kebab::BadThing.code(), "bad-thing");
    assert!(Billing::TooManyAttempts.retryable());
}

#[derive(Debug, Problem)]
enum Roles {
    #[problem(code = "validation.failed", status = 422, title = "Invalid request")]
    Validation {
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(instance)]
        instance: Option<String>,
    },
    #[problem(code = "quota.exceeded", status = 429, detail = "{used}/{limit}")]
    Quota {
        #[problem(extension)]
        limit: u32,
        used: u32,
        #[problem(retry_after)]
        retry_after: Duration,
        #[problem(extension = "plan")]
        plan_name: Option<&'static str>,
    },
    #[problem(
        code = "upstream.unavailable",
        status = 503,
        detail = "upstream {host} failed",
        expose_detail
    )]
    Upstream {
        #[problem(status)]
        status: u16,
        host: String,
    },
    #[problem(code = "internal", status = 500, detail = "db: {cause}")]
    Internal { cause: String },
    #[problem(code = "maybe.retry", status = 400, retryable)]
    RetryableBadRequest,
    #[problem(code = "never.retry", status = 503, retryable = false)]
    NotRetryable,
    #[problem(code = "dynamic.status", status = 400, detail = "secret {1}")]
    DynamicStatus(#[problem(status)] u16, String),
}

fn field_errors() -> Vec<FieldError> {
    vec![
        FieldError {
            path: "/name".into(),
            code: "required".into(),
            detail: None,
        },
        FieldError {
            path: "/age".into(),
            code: "range".into(),
            detail: Some("0..=150".into()),
        },
        FieldError {
            path: "/tags/0".into(),
            code: "format".into(),
            detail: Some("\"x\"".into()),
        },
    ]
}

#[test]
fn errors_and_instance_fields() {
    let e = Roles::Validation {
        errors: field_errors(),
        instance: Some("/people/7".into()),
    };
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Invalid request","status":422,"instance":"/people/7","code":"validation.failed","errors":[{"path":"/name","code":"required"},{"path":"/age","code":"range","detail":"0..=150"},{"path":"/tags/0","code":"format","detail":"\"x\""}]}"#
    );
    let empty = Roles::Validation {
        errors: Vec::new(),
        instance: None,
    };
    assert_eq!(
        json(&empty),
        r#"{"type":"about:blank","title":"Invalid request","status":422,"code":"validation.failed"}"#
    );
}

#[test]
fn extensions_retry_after_in_field_order() {
    let e = Roles::Quota {
        limit: 100,
        used: 100,
        retry_after: Duration::from_millis(1500),
        plan_name: Some("pro"),
    };
    assert_eq!(
        e.retry_after(),
        Some(2),
        "a Duration is rounded up to whole seconds"
    );
    assert!(e.retryable());
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"100/100","code":"quota.exceeded","limit":100,"retry_after":2,"plan":"pro"}"#
    );
    let none = Roles::Quota {
        limit: 1,
        used: 0,
        retry_after: Duration::from_secs(3),
        plan_name: None,
    };
    assert_eq!(
        json(&none),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"0/1","code":"quota.exceeded","limit":1,"retry_after":3}"#,
        "an Option extension that is None is left out"
    );
}

#[test]
fn status_field_overrides_status_and_follows_retryable_and_withholding() {
    let bad_gateway = Roles::Upstream {
        status: 502,
        host: "db-1".into(),
    };
    assert_eq!(bad_gateway.status(), 502);
    assert!(bad_gateway.retryable());
    assert_eq!(
        json(&bad_gateway),
        r#"{"type":"about:blank","title":"Service Unavailable","status":502,"detail":"upstream db-1 failed","code":"upstream.unavailable"}"#
    );
    // The catalog keeps the declared status, and the title follows it.
    assert_eq!(
        Roles::CATALOG.find("upstream.unavailable").unwrap().status,
        503
    );

    let four = Roles::DynamicStatus(409, "shown".into());
    assert!(!four.retryable());
    assert_eq!(four.detail().as_deref(), Some("secret shown"));
    let five = Roles::DynamicStatus(504, "hidden".into());
    assert!(
        five.retryable(),
        "the retryable default follows the occurrence's status"
    );
    assert_eq!(
        five.detail(),
        None,
        "a 5xx detail is withheld unless exposed"
    );
    assert_eq!(
        json(&five),
        r#"{"type":"about:blank","title":"Bad Request","status":504,"code":"dynamic.status"}"#
    );
}

#[test]
fn five_hundred_detail_is_withheld() {
    let e = Roles::Internal {
        cause: "password=hunter2".into(),
    };
    assert_eq!(e.detail(), None);
    let body = json(&e);
    assert!(!body.contains("hunter2"));
    assert_eq!(
        body,
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"code":"internal"}"#
    );
}

#[test]
fn retryable_attribute() {
    assert!(Roles::RetryableBadRequest.retryable());
    assert!(!Roles::NotRetryable.retryable());
    assert!(Roles::CATALOG.find("maybe.retry").unwrap().retryable);
    assert!(!Roles::CATALOG.find("never.retry").unwrap().retryable);
}

#[test]
fn envelope_context_members() {
    let e = ScanError::NotFound { id: 1 };
    let env = e
        .envelope()
        .instance("/scans/1")
        .request_id("req\"1")
        .trace_id("00-abc-01");
    let fast = env.to_vec();
    assert_eq!(fast, serde_json::to_vec(&env).unwrap());
    assert_eq!(
        String::from_utf8(fast).unwrap(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 1 was not found","instance":"/scans/1","code":"scans.not_found","request_id":"req\"1","trace_id":"00-abc-01"}"#
    );
    let details = env.to_details();
    assert_eq!(details.request_id.as_deref(), Some("req\"1"));
    assert_eq!(details.trace_id.as_deref(), Some("00-abc-01"));
    assert_eq!(details.instance.as_deref(), Some("/scans/1"));

    // The problem's own instance wins over the context's.
    let own = Roles::Validation {
        errors: Vec::new(),
        instance: Some("/own".into()),
    };
    let env = own.envelope().instance("/ctx");
    assert_eq!(env.to_details().instance.as_deref(), Some("/own"));
    let none = Roles::Validation {
        errors: Vec::new(),
        instance: None,
    };
    assert_eq!(
        none.envelope()
            .instance("/ctx")
            .to_details()
            .instance
            .as_deref(),
        Some("/ctx")
    );
}

#[derive(Debug, Problem)]
#[problem(
    code = "auth.token.expired",
    status = 401,
    title = "Token expired",
    detail = "token expired {secs}s ago"
)]
struct TokenExpired {
    secs: u64,
    #[problem(extension)]
    realm: String,
}

#[derive(Debug, Problem)]
#[problem(code = "unit.struct", status = 418)]
struct Teapot;

#[derive(Debug, Problem)]
#[problem(code = "tuple.struct", status = 400, detail = "{0}")]
struct TupleStruct(&'static str);

#[test]
fn structs_are_one_problem() {
    assert_eq!(
        json(&TokenExpired {
            secs: 5,
            realm: "api".into()
        }),
        r#"{"type":"about:blank","title":"Token expired","status":401,"detail":"token expired 5s ago","code":"auth.token.expired","realm":"api"}"#
    );
    // 418 is not in the IANA registry: the default title falls back to the class.
    assert_eq!(
        json(&Teapot),
        r#"{"type":"about:blank","title":"Client Error","status":418,"code":"unit.struct"}"#
    );
    assert_eq!(
        json(&TupleStruct("x")),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"x","code":"tuple.struct"}"#
    );
    assert_eq!(TokenExpired::CATALOG.len(), 1);
}

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ApiError {
    #[problem(transparent)]
    Scan(ScanError),
    #[problem(transparent)]
    Token { inner: TokenExpired },
    /// Our own.
    #[problem(code = "api.maintenance", status = 503, alias = "api.down")]
    Maintenance,
}

#[test]
fn transparent_delegates_everything() {
    let e = ApiError::Scan(ScanError::NotFound { id: 9 });
    assert_eq!(e.code(), "scans.not_found");
    assert_eq!(e.status(), 404);
    assert_eq!(e.title(), "Scan not found");
    assert_eq!(
        e.type_uri(),
        "https://docs.example.com/errors/scans.not_found"
    );
    assert_eq!(json(&e), json(&ScanError::NotFound { id: 9 }));
    let t = ApiError::Token {
        inner: TokenExpired {
            secs: 1,
            realm: "r".into(),
        },
    };
    assert_eq!(
        json(&t),
        json(&TokenExpired {
            secs: 1,
            realm: "r".into()
        })
    );
    assert!(ApiError::Maintenance.retryable());
}

#[test]
fn catalog_iterates_nested_and_finds_aliases() {
    let codes: Vec<&str> = ApiError::CATALOG.iter().map(|s| s.code).collect();
    assert_eq!(
        codes,
        [
            "api.maintenance",
            "scans.not_found",
            "scans.gone",
            "scans.conflict",
            "scans.custom_type",
            "auth.token.expired"
        ]
    );
    assert_eq!(ApiError::CATALOG.len(), ApiError::CATALOG.iter().count());
    let spec = ApiError::CATALOG.find("api.down").unwrap();
    assert_eq!(spec.code, "api.maintenance");
    assert_eq!(spec.aliases, ["api.down"]);
    assert_eq!(spec.description, "Our own.");
    assert_eq!(
        spec.type_uri,
        "https://docs.example.com/errors/api.maintenance"
    );
    assert_eq!(
        ApiError::CATALOG.find("auth.token.expired").unwrap().title,
        "Token expired"
    );
    let nf = ScanError::CATALOG.find("scans.not_found").unwrap();
    assert_eq!(
        *nf,
        problem_core::ProblemSpec {
            code: "scans.not_found",
            status: 404,
            title: "Scan not found",
            type_uri: "https://docs.example.com/errors/scans.not_found",
            retryable: false,
            description: "Not there.",
            aliases: &[],
        }
    );
    assert!(ApiError::CATALOG.find("nope").is_none());
    assert!(ApiError::CATALOG.find("").is_none());
}

#[derive(Debug, Problem)]
enum Generic<T, E> {
    #[problem(code = "generic.value", status = 400, detail = "bad value {value}")]
    Value {
        #[problem(extension)]
        value: T,
    },
    #[problem(transparent)]
    Inner(E),
    #[problem(code = "generic.debug", status = 400, detail = "{0:?}")]
    Debugged(T),
}

#[test]
fn generic_types_infer_bounds() {
    let e: Generic<u32, ScanError> = Generic::Value { value: 7 };
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad value 7","code":"generic.value","value":7}"#
    );
    let e: Generic<&str, ScanError> = Generic::Inner(ScanError::Gone);
    assert_eq!(e.code(), "scans.gone");
    assert_eq!(Generic::<u8, ScanError>::CATALOG.len(), 6);
    let d: Generic<char, NoBase> = Generic::Debugged('x');
    assert_eq!(d.detail().as_deref(), Some("'x'"));
}

#[test]
fn detail_format_specs_and_escaped_braces() {
    #[derive(Debug, Problem)]
    enum Fmt {
        #[problem(
            code = "fmt.x",
            status = 400,
            detail = "{{literal}} {n:>5} {f:.2} {h:#x} {n:0width$}"
        )]
        X {
            n: u32,
            f: f64,
            h: u32,
            width: usize,
        },
    }
    let e = Fmt::X {
        n: 42,
        f: 1.23456,
        h: 255,
        width: 4,
    };
    assert_eq!(
        e.detail().as_deref(),
        Some("{literal}    42 1.23 0xff 0042")
    );
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"{literal}    42 1.23 0xff 0042","code":"fmt.x"}"#
    );
}

#[test]
fn unmarked_fields_never_serialize() {
    #[derive(Debug, Problem)]
    #[problem(code = "secret.field", status = 400)]
    struct Secret {
        #[allow(dead_code)]
        password: String,
    }
    let body = json(&Secret {
        password: "hunter2".into(),
    });
    assert_eq!(
        body,
        r#"{"type":"about:blank","title":"Bad Request","status":400,"code":"secret.field"}"#
    );
}

#[test]
fn details_round_trip_through_serde() {
    let e = Roles::Quota {
        limit: 3,
        used: 1,
        retry_after: Duration::from_secs(9),
        plan_name: None,
    };
    let details = e.to_details();
    let bytes = serde_json::to_vec(&details).unwrap();
    let back: ProblemDetails = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, details);
    assert_eq!(details.retry_after(), Some(9));
    assert_eq!(details.extension("limit"), Some(&serde_json::json!(3)));
    assert_eq!(
        ProblemDetails::from_response(429, Some(CONTENT_TYPE), &problem_core::to_vec(&e)),
        details
    );
}

#[test]
fn coexists_with_thiserror_and_serde() {
    #[derive(Debug, thiserror::Error, serde::Serialize, serde::Deserialize, Problem, PartialEq)]
    #[serde(tag = "kind")]
    enum Both {
        #[error("repository {id} not found")]
        #[problem(
            code = "repos.not_found",
            status = 404,
            detail = "repository {id} not found"
        )]
        NotFound {
            #[problem(extension)]
            id: String,
        },
        #[error(transparent)]
        #[problem(code = "repos.io", status = 500)]
        #[serde(skip)]
        Io(#[from] IoLike),
    }
    #[derive(Debug, thiserror::Error, PartialEq)]
    #[error("io failed")]
    struct IoLike;

    let e = Both::NotFound { id: "abc".into() };
    assert_eq!(e.to_string(), "repository abc not found");
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"kind":"NotFound","id":"abc"}"#
    );
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"repository abc not found","code":"repos.not_found","id":"abc"}"#
    );
    let io: Both = IoLike.into();
    assert_eq!(io.code(), "repos.io");
    let boxed: Box<dyn std::error::Error> = Box::new(io);
    assert_eq!(boxed.to_string(), "io failed");
}

#[test]
fn empty_enum_has_an_empty_catalog() {
    #[derive(Debug, Problem)]
    enum Never {}
    assert_eq!(Never::CATALOG.len(), 0);
    assert!(Never::CATALOG.is_empty());
}

#[derive(Debug, PartialEq, Problem)]
enum Throttled<T, R, I, S> {
    #[problem(code = "throttle.limited", status = 429, title = "Slow down")]
    Limited {
        #[problem(extension)]
        hint: Option<T>,
        #[problem(retry_after)]
        after: R,
        #[problem(instance)]
        at: I,
        #[problem(status)]
        status: S,
    },
}

#[test]
fn generic_option_extension_and_field_roles_infer_bounds() {
    // `Option<T>` writes its `T`: the bound is `T: Serialize`.
    let e: Throttled<String, Duration, String, u16> = Throttled::Limited {
        hint: Some("use the bulk endpoint".into()),
        after: Duration::from_millis(2500),
        at: "/scans/9".into(),
        status: 503,
    };
    assert_eq!(e.status(), 503);
    assert_eq!(e.retry_after(), Some(3));
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Slow down","status":503,"instance":"/scans/9","code":"throttle.limited","hint":"use the bulk endpoint","retry_after":3}"#
    );
    let back =
        <Throttled<String, Duration, String, u16> as problem_core::FromProblem>::from_problem(
            &e.to_details(),
        );
    assert_eq!(
        back,
        Some(Throttled::Limited {
            hint: Some("use the bulk endpoint".into()),
            after: Duration::from_secs(3),
            at: "/scans/9".into(),
            status: 503,
        })
    );

    let none: Throttled<u32, Option<u64>, Option<String>, Option<u16>> = Throttled::Limited {
        hint: None,
        after: None,
        at: None,
        status: None,
    };
    assert_eq!(none.status(), 429);
    assert!(none.retryable());
    assert_eq!(
        json(&none),
        r#"{"type":"about:blank","title":"Slow down","status":429,"code":"throttle.limited"}"#
    );
    assert_eq!(
        problem_core::FromProblem::from_problem(&none.to_details()),
        Some(none)
    );
}

#[derive(Debug, PartialEq, Problem)]
enum FormError<'a, E> {
    #[problem(code = "form.slice", status = 422)]
    Slice {
        #[problem(errors)]
        errors: &'a [FieldError],
    },
    #[problem(code = "form.array", status = 422)]
    Array {
        #[problem(errors)]
        errors: [FieldError; 1],
    },
    #[problem(code = "form.generic", status = 422)]
    Generic {
        #[problem(errors)]
        errors: E,
    },
}

#[test]
fn errors_fields_of_every_shape() {
    const ERRORS: &str = r#""errors":[{"path":"/name","code":"required"},{"path":"/age","code":"range","detail":"0..=150"},{"path":"/tags/0","code":"format","detail":"\"x\""}]}"#;
    let errors = field_errors();
    let slice: FormError<'_, Vec<FieldError>> = FormError::Slice { errors: &errors };
    assert_eq!(
        json(&slice),
        format!(
            r#"{{"type":"about:blank","title":"Unprocessable Content","status":422,"code":"form.slice",{ERRORS}"#
        )
    );
    let array: FormError<'_, Vec<FieldError>> = FormError::Array {
        errors: [errors[0].clone()],
    };
    assert_eq!(
        json(&array),
        r#"{"type":"about:blank","title":"Unprocessable Content","status":422,"code":"form.array","errors":[{"path":"/name","code":"required"}]}"#
    );
    let deque: FormError<'_, std::collections::VecDeque<FieldError>> = FormError::Generic {
        errors: errors.iter().cloned().collect(),
    };
    assert_eq!(
        json(&deque),
        format!(
            r#"{{"type":"about:blank","title":"Unprocessable Content","status":422,"code":"form.generic",{ERRORS}"#
        )
    );
    assert_eq!(
        problem_core::FromProblem::from_problem(&deque.to_details()),
        Some(deque)
    );
    // A borrowed `errors` field cannot be rebuilt from owned details.
    assert_eq!(
        <FormError<'_, Vec<FieldError>> as problem_core::FromProblem>::from_problem(
            &slice.to_details()
        ),
        None
    );
}

#[test]
fn raw_identifiers_in_detail() {
    #[derive(Debug, Problem)]
    enum Raw {
        #[problem(
            code = "raw.kind",
            status = 400,
            detail = "unknown type {r#type} ({r#type:?}), {r#match:>3}"
        )]
        Kind {
            r#type: String,
            #[problem(extension)]
            r#match: u8,
        },
    }
    let e = Raw::Kind {
        r#type: "x".into(),
        r#match: 7,
    };
    assert_eq!(e.detail().as_deref(), Some("unknown type x (\"x\"),   7"));
    assert_eq!(
        json(&e),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"unknown type x (\"x\"),   7","code":"raw.kind","match":7}"#
    );
}

#[test]
fn expose_detail_without_a_status_field() {
    #[derive(Debug, Problem)]
    enum Upstream {
        #[problem(
            code = "upstream.down",
            status = 502,
            detail = "upstream {host} is down",
            expose_detail
        )]
        Down { host: String },
        #[problem(
            code = "upstream.hidden",
            status = 502,
            detail = "upstream {host} is down"
        )]
        Hidden { host: String },
    }
    let down = Upstream::Down {
        host: "eu-1".into(),
    };
    assert_eq!(down.detail().as_deref(), Some("upstream eu-1 is down"));
    assert!(down.retryable());
    assert_eq!(
        json(&down),
        r#"{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"upstream eu-1 is down","code":"upstream.down"}"#
    );
    // The same without `expose_detail`: withheld.
    let hidden = Upstream::Hidden {
        host: "eu-1".into(),
    };
    assert_eq!(hidden.detail(), None);
    assert_eq!(
        json(&hidden),
        r#"{"type":"about:blank","title":"Bad Gateway","status":502,"code":"upstream.hidden"}"#
    );
}

#[test]
fn http_status_code_status_field() {
    use http::StatusCode;
    use problem_core::FromProblem;

    #[derive(Debug, PartialEq, Problem)]
    enum Gateway {
        #[problem(code = "gateway.failed", status = 502, detail = "{host} failed")]
        Failed {
            #[problem(status)]
            status: StatusCode,
            host: String,
        },
        #[problem(code = "gateway.timeout", status = 504)]
        Timeout {
            #[problem(status)]
            status: Option<StatusCode>,
        },
    }
    let failed = Gateway::Failed {
        status: StatusCode::SERVICE_UNAVAILABLE,
        host: "eu-1".into(),
    };
    assert_eq!(failed.status(), 503);
    assert!(failed.retryable());
    assert_eq!(failed.detail(), None, "a 5xx detail is withheld");
    // The title follows the declared status (502), the wire the occurrence's.
    assert_eq!(
        json(&failed),
        r#"{"type":"about:blank","title":"Bad Gateway","status":503,"code":"gateway.failed"}"#
    );
    let client_side = Gateway::Failed {
        status: StatusCode::NOT_FOUND,
        host: "eu-1".into(),
    };
    assert!(!client_side.retryable());
    assert_eq!(
        json(&client_side),
        r#"{"type":"about:blank","title":"Bad Gateway","status":404,"detail":"eu-1 failed","code":"gateway.failed"}"#
    );

    let timeout = Gateway::Timeout {
        status: Some(StatusCode::GATEWAY_TIMEOUT),
    };
    let declared = Gateway::Timeout { status: None };
    assert_eq!(
        json(&declared),
        r#"{"type":"about:blank","title":"Gateway Timeout","status":504,"code":"gateway.timeout"}"#
    );
    assert_eq!(json(&timeout), json(&declared));
    let other = Gateway::Timeout {
        status: Some(StatusCode::SERVICE_UNAVAILABLE),
    };
    assert_eq!(
        json(&other),
        r#"{"type":"about:blank","title":"Gateway Timeout","status":503,"code":"gateway.timeout"}"#
    );
    assert_eq!(Gateway::from_problem(&other.to_details()), Some(other));
    // The declared status reads back as `None`.
    assert_eq!(Gateway::from_problem(&timeout.to_details()), Some(declared));
}

/// One test per `rename_all` rule: the derived codes are what serde's own
/// `rename_all` makes of the same variant names (acronyms, digits).
macro_rules! rename_all_matches_serde {
    ($($test:ident: $rule:tt,)*) => {$(
        #[test]
        fn $test() {
            #[derive(Debug, Problem)]
            #[problem(rename_all = $rule)]
            enum Codes {
                #[problem(status = 400)]
                HTTPError,
                #[problem(status = 400)]
                Http2Error,
                #[problem(status = 400)]
                NotFound,
                #[problem(status = 400)]
                V2,
                #[problem(status = 400)]
                Outcome,
            }
            #[derive(serde::Serialize)]
            #[serde(rename_all = $rule)]
            enum Names {
                HTTPError,
                Http2Error,
                NotFound,
                V2,
                Outcome,
            }
            let pairs = [
                (Codes::HTTPError, Names::HTTPError),
                (Codes::Http2Error, Names::Http2Error),
                (Codes::NotFound, Names::NotFound),
                (Codes::V2, Names::V2),
                (Codes::Outcome, Names::Outcome),
            ];
            for (problem, name) in pairs {
                let serde = serde_json::to_value(&name).unwrap();
                assert_eq!(
                    Some(problem.code()),
                    serde.as_str(),
                    "rename_all = {:?} on {problem:?}",
                    $rule
                );
            }
        }
    )*};
}

rename_all_matches_serde! {
    rename_all_lowercase: "lowercase",
    rename_all_uppercase: "UPPERCASE",
    rename_all_pascal_case: "PascalCase",
    rename_all_camel_case: "camelCase",
    rename_all_snake_case: "snake_case",
    rename_all_screaming_snake_case: "SCREAMING_SNAKE_CASE",
    rename_all_kebab_case: "kebab-case",
    rename_all_screaming_kebab_case: "SCREAMING-KEBAB-CASE",
}
