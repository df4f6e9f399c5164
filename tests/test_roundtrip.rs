//! Typed decoding with `FromProblem`: every field role, aliases, transparent
//! nesting, generics, the variants that cannot be rebuilt, and the round trip
//! `from_problem(&e.to_details()) == Some(e)`, also through the wire bytes and
//! over generated values.

#[path = "support/model.rs"]
mod model;
#[path = "support/strategies.rs"]
mod strategies;

use std::time::Duration;

use model::{ApiError, AuthError, Conflict, Generic, TokenError, Window, WriteOnly, field_errors};
use problem_core::{CONTENT_TYPE, FieldError, FromProblem, Problem, ProblemDetails};
use proptest::prelude::*;
use serde_json::json;
use strategies::{api_error, json_value, text, token_error};

/// Decodes `e` from its details, from its serde form and from its wire bytes,
/// and checks each gives `e` back.
fn round_trip<E: Problem + FromProblem + PartialEq + std::fmt::Debug>(e: &E) {
    let details = e.to_details();
    assert_eq!(
        E::from_problem(&details).as_ref(),
        Some(e),
        "from to_details: {details:?}"
    );
    assert_eq!(details.decode::<E>().as_ref(), Some(e));

    let bytes = problem_core::to_vec(e);
    let parsed = ProblemDetails::from_response(e.status(), Some(CONTENT_TYPE), &bytes);
    assert_eq!(parsed, details, "the wire bytes parse into to_details");
    assert_eq!(
        E::from_problem(&parsed).as_ref(),
        Some(e),
        "from the wire: {}",
        String::from_utf8_lossy(&bytes)
    );

    let via_serde: ProblemDetails =
        serde_json::from_value(serde_json::to_value(&details).unwrap()).unwrap();
    assert_eq!(E::from_problem(&via_serde).as_ref(), Some(e));
}

/// Details parsed from a JSON text, as a client would get them.
fn details(json: &str) -> ProblemDetails {
    ProblemDetails::from_response(400, Some(CONTENT_TYPE), json.as_bytes())
}

fn quota() -> ApiError {
    ApiError::Quota {
        limit: 100,
        window: Window {
            unit: "minute".into(),
            size: 1,
        },
        scope: Some("org".into()),
        retry_after: 30,
    }
}

#[test]
fn every_field_role_round_trips() {
    round_trip(&quota());
    round_trip(&ApiError::Quota {
        limit: 0,
        window: Window {
            unit: String::new(),
            size: u32::MAX,
        },
        scope: None,
        retry_after: u64::MAX,
    });
    round_trip(&ApiError::Invalid {
        errors: field_errors(),
        instance: "/signup/7".into(),
        count: 2,
    });
    round_trip(&ApiError::Invalid {
        errors: Vec::new(),
        instance: String::new(),
        count: 0,
    });
    round_trip(&ApiError::Upstream {
        status: 504,
        retry_after: Duration::from_secs(5),
        instance: Some("/jobs/1".into()),
    });
    round_trip(&ApiError::Upstream {
        status: 502,
        retry_after: Duration::ZERO,
        instance: None,
    });
    round_trip(&ApiError::MaybeUpstream {
        status: None,
        retry_after: None,
    });
    round_trip(&ApiError::MaybeUpstream {
        status: Some(599),
        retry_after: Some(Duration::from_secs(86_400)),
    });
    round_trip(&ApiError::Tuple(
        "ünï\"cödé\n".into(),
        vec![0, 255],
        i64::MIN,
        json!({"nested": [1, null, "x"]}),
    ));
    round_trip(&ApiError::Tuple(
        String::new(),
        Vec::new(),
        0,
        serde_json::Value::Null,
    ));
    round_trip(&ApiError::Unit);
    round_trip(&Conflict {
        version: 3,
        instance: Some("/docs/3".into()),
    });
    round_trip(&Conflict {
        version: 0,
        instance: None,
    });
}

#[test]
fn decoded_values_are_exact() {
    let p = details(
        r#"{"type":"https://errors.example.com/api.quota","status":429,"code":"api.quota",
            "limit":7,"window":{"per":"hour","size":2},"scope":"user","retry_after":12,"unrelated":true}"#,
    );
    assert_eq!(
        ApiError::from_problem(&p),
        Some(ApiError::Quota {
            limit: 7,
            window: Window {
                unit: "hour".into(),
                size: 2
            },
            scope: Some("user".into()),
            retry_after: 12
        })
    );
    // An absent `Option` extension is `None`; an explicit `null` too.
    for body in [
        r#"{"code":"api.quota","limit":7,"window":{"per":"hour","size":2},"retry_after":12}"#,
        r#"{"code":"api.quota","limit":7,"window":{"per":"hour","size":2},"retry_after":12,"scope":null}"#,
    ] {
        assert!(
            matches!(
                ApiError::from_problem(&details(body)),
                Some(ApiError::Quota { scope: None, .. })
            ),
            "{body}"
        );
    }

    let p = details(
        r#"{"code":"api.invalid","instance":"/x","count":1,
            "errors":[{"path":"/a","code":"required"},{"path":"/b","code":"format","detail":"bad"}]}"#,
    );
    assert_eq!(
        ApiError::from_problem(&p),
        Some(ApiError::Invalid {
            errors: vec![
                FieldError {
                    path: "/a".into(),
                    code: "required".into(),
                    detail: None
                },
                FieldError {
                    path: "/b".into(),
                    code: "format".into(),
                    detail: Some("bad".into())
                },
            ],
            instance: "/x".into(),
            count: 1,
        })
    );
    // No `errors` member: an empty collection.
    let p = details(r#"{"code":"api.invalid","instance":"/x","count":0}"#);
    assert_eq!(
        ApiError::from_problem(&p),
        Some(ApiError::Invalid {
            errors: vec![],
            instance: "/x".into(),
            count: 0
        })
    );

    let p = details(r#"{"code":"api.tuple","name":"n","bytes":[1,2,3],"delta":-5,"any":[true]}"#);
    assert_eq!(
        ApiError::from_problem(&p),
        Some(ApiError::Tuple(
            "n".into(),
            vec![1, 2, 3],
            -5,
            json!([true])
        ))
    );
    assert_eq!(
        ApiError::from_problem(&details(r#"{"code":"api.unit","extra":1}"#)),
        Some(ApiError::Unit)
    );
}

#[test]
fn status_field_from_the_envelope_or_the_declared_status() {
    let from =
        |json: &str| ApiError::from_problem(&serde_json::from_str::<ProblemDetails>(json).unwrap());
    assert_eq!(
        from(r#"{"code":"api.upstream","status":503,"retry_after":1}"#),
        Some(ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(1),
            instance: None
        })
    );
    // No `status` member: the declared 502.
    assert_eq!(
        from(r#"{"code":"api.upstream","retry_after":1}"#),
        Some(ApiError::Upstream {
            status: 502,
            retry_after: Duration::from_secs(1),
            instance: None
        })
    );
    // from_response fills a missing status from the HTTP status.
    let p = ProblemDetails::from_response(
        504,
        Some(CONTENT_TYPE),
        br#"{"code":"api.upstream","retry_after":1}"#,
    );
    assert!(matches!(
        ApiError::from_problem(&p),
        Some(ApiError::Upstream { status: 504, .. })
    ));

    // An `Option` status reads the declared status as `None`.
    assert_eq!(
        from(r#"{"code":"api.maybe_upstream","status":503}"#),
        Some(ApiError::MaybeUpstream {
            status: None,
            retry_after: None
        })
    );
    assert_eq!(
        from(r#"{"code":"api.maybe_upstream"}"#),
        Some(ApiError::MaybeUpstream {
            status: None,
            retry_after: None
        })
    );
    assert_eq!(
        from(r#"{"code":"api.maybe_upstream","status":504,"retry_after":9}"#),
        Some(ApiError::MaybeUpstream {
            status: Some(504),
            retry_after: Some(Duration::from_secs(9))
        })
    );
    // ... so `Some(declared)` comes back as `None`: the wire cannot tell them apart.
    let e = ApiError::MaybeUpstream {
        status: Some(503),
        retry_after: None,
    };
    assert_eq!(
        ApiError::from_problem(&e.to_details()),
        Some(ApiError::MaybeUpstream {
            status: None,
            retry_after: None
        })
    );
}

#[test]
fn retry_after_is_whole_seconds() {
    // A fraction of a second is rounded up on the wire and comes back whole.
    let e = ApiError::Upstream {
        status: 503,
        retry_after: Duration::from_millis(1500),
        instance: None,
    };
    assert_eq!(
        e.to_details().extensions.get("retry_after"),
        Some(&json!(2))
    );
    assert_eq!(
        ApiError::from_problem(&e.to_details()),
        Some(ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(2),
            instance: None
        })
    );
    // A retry_after that is not a non-negative integer: a required field fails, an `Option` one is `None`.
    for bad in [r#""5""#, "-1", "1.5", "null"] {
        let p = details(&format!(r#"{{"code":"api.upstream","retry_after":{bad}}}"#));
        assert_eq!(ApiError::from_problem(&p), None, "{bad}");
        let p = details(&format!(
            r#"{{"code":"api.maybe_upstream","status":503,"retry_after":{bad}}}"#
        ));
        assert_eq!(
            ApiError::from_problem(&p),
            Some(ApiError::MaybeUpstream {
                status: None,
                retry_after: None
            }),
            "{bad}"
        );
    }
}

#[test]
fn aliases_decode_into_their_variant() {
    let body = |code: &str| {
        format!(
            r#"{{"code":"{code}","limit":1,"window":{{"per":"day","size":1}},"retry_after":0}}"#
        )
    };
    for code in ["api.quota", "api.rate_limited", "legacy.quota"] {
        assert_eq!(
            ApiError::from_problem(&details(&body(code))),
            Some(ApiError::Quota {
                limit: 1,
                window: Window {
                    unit: "day".into(),
                    size: 1
                },
                scope: None,
                retry_after: 0
            }),
            "{code}"
        );
    }
    // Aliases of nested types work through transparent variants.
    assert_eq!(
        ApiError::from_problem(&details(r#"{"code":"auth.scope.missing","scope":"admin"}"#)),
        Some(ApiError::Auth(AuthError::Forbidden {
            scope: "admin".into()
        }))
    );
    assert_eq!(
        ApiError::from_problem(&details(
            r#"{"code":"auth.jwt.expired","expired_at":1700000000}"#
        )),
        Some(ApiError::Auth(AuthError::Token(TokenError::Expired {
            expired_at: 1_700_000_000
        })))
    );
    // Codes are matched exactly: case and whitespace matter.
    for code in [
        "API.QUOTA",
        " api.quota",
        "api.quota ",
        "api",
        "api.quota.x",
        "",
    ] {
        assert_eq!(
            ApiError::from_problem(&details(&body(code))),
            None,
            "{code:?}"
        );
    }
}

#[test]
fn transparent_nesting_two_levels_deep() {
    let nested = [
        ApiError::Auth(AuthError::Forbidden {
            scope: "write".into(),
        }),
        ApiError::Auth(AuthError::Token(TokenError::Expired { expired_at: 0 })),
        ApiError::Auth(AuthError::Token(TokenError::Malformed)),
    ];
    for e in &nested {
        round_trip(e);
    }
    assert_eq!(nested[2].code(), "auth.token.malformed");
    // Each level decodes on its own too.
    let p = nested[1].to_details();
    assert_eq!(
        AuthError::from_problem(&p),
        Some(AuthError::Token(TokenError::Expired { expired_at: 0 }))
    );
    assert_eq!(
        TokenError::from_problem(&p),
        Some(TokenError::Expired { expired_at: 0 })
    );
    // ... and an inner type does not know its container's codes.
    assert_eq!(AuthError::from_problem(&quota().to_details()), None);
    assert_eq!(TokenError::from_problem(&nested[0].to_details()), None);
}

#[test]
fn generic_enums_decode() {
    type G = Generic<Vec<String>, TokenError>;
    round_trip(&G::Value {
        value: vec!["a".into(), "b".into()],
    });
    round_trip(&G::Inner(TokenError::Expired { expired_at: 5 }));
    round_trip(&Generic::<Option<u8>, ApiError>::Value { value: None });
    round_trip(&Generic::<u8, ApiError>::Inner(quota()));
    round_trip(&Generic::<u8, ApiError>::Inner(ApiError::Auth(
        AuthError::Token(TokenError::Malformed),
    )));
    // The parameter's type decides what deserializes.
    let p = details(r#"{"code":"generic.value","value":300}"#);
    assert_eq!(
        Generic::<u16, TokenError>::from_problem(&p),
        Some(Generic::Value { value: 300 })
    );
    assert_eq!(Generic::<u8, TokenError>::from_problem(&p), None);
    assert_eq!(Generic::<String, TokenError>::from_problem(&p), None);
}

#[test]
fn variants_that_cannot_be_rebuilt_give_none() {
    let unrebuildable = [
        ApiError::Plain {
            what: "input".into(),
        },
        ApiError::Mixed {
            id: 1,
            secret: "s".into(),
        },
        ApiError::WriteOnlyExt {
            value: WriteOnly(1),
        },
        ApiError::Borrowed { name: "static" },
    ];
    for e in &unrebuildable {
        let p = e.to_details();
        // The code travels and the catalog knows it ...
        assert_eq!(p.code.as_deref(), Some(e.code()));
        assert!(ApiError::CATALOG.find(e.code()).is_some());
        // ... but the value cannot be rebuilt.
        assert_eq!(ApiError::from_problem(&p), None, "{e:?}");
    }
    // The member of the marked field is on the wire; the unmarked one is not.
    let p = ApiError::Mixed {
        id: 1,
        secret: "s".into(),
    }
    .to_details();
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"type":"https://errors.example.com/api.mixed","title":"Conflict","status":409,"code":"api.mixed","id":1}"#
    );
    assert_eq!(
        ApiError::Plain { what: "x".into() }
            .to_details()
            .detail
            .as_deref(),
        Some("bad x")
    );
}

#[test]
fn missing_or_malformed_members_give_none() {
    for body in [
        // No code, or a code of another type (dropped by the lenient parser).
        r#"{"limit":1,"window":{"per":"d","size":1},"retry_after":0}"#,
        r#"{"code":5,"limit":1,"window":{"per":"d","size":1},"retry_after":0}"#,
        // Unknown code.
        r#"{"code":"api.nope"}"#,
        // A required extension missing, or of the wrong type.
        r#"{"code":"api.quota","window":{"per":"d","size":1},"retry_after":0}"#,
        r#"{"code":"api.quota","limit":"1","window":{"per":"d","size":1},"retry_after":0}"#,
        r#"{"code":"api.quota","limit":-1,"window":{"per":"d","size":1},"retry_after":0}"#,
        r#"{"code":"api.quota","limit":4294967296,"window":{"per":"d","size":1},"retry_after":0}"#,
        r#"{"code":"api.quota","limit":1,"window":{"unit":"d","size":1},"retry_after":0}"#,
        // An `Option` extension present with the wrong type.
        r#"{"code":"api.quota","limit":1,"window":{"per":"d","size":1},"retry_after":0,"scope":7}"#,
        // retry_after missing for a required field.
        r#"{"code":"api.quota","limit":1,"window":{"per":"d","size":1}}"#,
        // A required instance missing, or of the wrong type (dropped).
        r#"{"code":"api.invalid","count":0}"#,
        r#"{"code":"api.invalid","count":0,"instance":["/x"]}"#,
        // Nested: a missing extension inside a transparent variant.
        r#"{"code":"auth.token.expired"}"#,
        r#"{"code":"auth.forbidden","scope":null}"#,
    ] {
        assert_eq!(ApiError::from_problem(&details(body)), None, "{body}");
    }
    assert_eq!(ApiError::from_problem(&ProblemDetails::default()), None);
    assert_eq!(
        ApiError::from_problem(&ProblemDetails::transport("refused")),
        None
    );
    assert_eq!(
        ApiError::from_problem(&ProblemDetails::from_response(
            502,
            Some("text/html"),
            b"<h1>Bad Gateway</h1>"
        )),
        None
    );
}

#[test]
fn the_code_decides_not_the_other_members() {
    // A type, title, status and detail that do not match the variant's are ignored.
    let p = details(
        r#"{"type":"urn:other","title":"Whatever","status":418,"detail":"d","code":"api.unit"}"#,
    );
    assert_eq!(ApiError::from_problem(&p), Some(ApiError::Unit));
    // Request context does not disturb decoding.
    let e = ApiError::Upstream {
        status: 503,
        retry_after: Duration::from_secs(1),
        instance: None,
    };
    let p = e
        .envelope()
        .request_id("r1")
        .trace_id("t1")
        .instance("/ctx")
        .to_details();
    assert_eq!(
        ApiError::from_problem(&p),
        Some(ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(1),
            instance: Some("/ctx".into())
        })
    );
}

#[test]
fn invalid_status_fields_do_not_travel() {
    // The declared status is used, on the wire and when rebuilding, exactly
    // as if the field were absent.
    for status in [0, 42, 200, 399, 600, 1000, u16::MAX] {
        let e = ApiError::Upstream {
            status,
            retry_after: Duration::ZERO,
            instance: None,
        };
        assert_eq!(e.status(), 502);
        let details = e.to_details();
        assert_eq!(details.status, Some(502));
        assert!(matches!(
            ApiError::from_problem(&details),
            Some(ApiError::Upstream { status: 502, .. })
        ));
        let mut relayed = details.clone();
        relayed.status = Some(status);
        assert!(matches!(
            ApiError::from_problem(&relayed),
            Some(ApiError::Upstream { status: 502, .. })
        ));
        let maybe = ApiError::MaybeUpstream {
            status: Some(status),
            retry_after: None,
        };
        assert_eq!(maybe.status(), 503);
        let mut relayed = maybe.to_details();
        relayed.status = Some(status);
        assert!(matches!(
            ApiError::from_problem(&relayed),
            Some(ApiError::MaybeUpstream { status: None, .. })
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_values_round_trip(e in api_error()) {
        let details = e.to_details();
        prop_assert_eq!(ApiError::from_problem(&details), Some(e.clone()));
        let bytes = problem_core::to_vec(&e);
        let parsed = ProblemDetails::from_response(e.status(), Some(CONTENT_TYPE), &bytes);
        prop_assert_eq!(&parsed, &details);
        prop_assert_eq!(ApiError::from_problem(&parsed), Some(e));
    }

    #[test]
    fn generated_generic_values_round_trip(value in json_value(), inner in token_error(), pick in any::<bool>()) {
        let e: Generic<serde_json::Value, TokenError> = if pick { Generic::Value { value } } else { Generic::Inner(inner) };
        let bytes = problem_core::to_vec(&e);
        let parsed = ProblemDetails::from_response(e.status(), Some(CONTENT_TYPE), &bytes);
        prop_assert_eq!(Generic::from_problem(&parsed), Some(e));
    }

    #[test]
    fn generated_unrebuildable_values_give_none(what in text(), id in any::<u64>()) {
        prop_assert_eq!(ApiError::from_problem(&ApiError::Plain { what: what.clone() }.to_details()), None);
        prop_assert_eq!(ApiError::from_problem(&ApiError::Mixed { id, secret: what }.to_details()), None);
    }
}
