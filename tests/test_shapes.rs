//! Envelope shapes (`#[problem(envelope = "rfc9457" | "wrapped" | "flat")]`):
//! the same error enum in each shape, every kind of variant, exact bytes,
//! the fast path against serde, client parsing and typed decoding, and
//! framework responses over a socket (axum, actix-web).

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::sync::mpsc;

use problem_core::{EnvelopeShape, FieldError, FromProblem, Problem, ProblemDetails};
use proptest::prelude::*;
use serde_json::json;

#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

use http1::get as GET;

/// An RFC 9457 type that the shaped types wrap: the wrapper's shape wins.
#[derive(Debug, Clone, PartialEq, Problem)]
enum AuthError {
    #[problem(code = "auth.denied", status = 403, detail = "needs {scope}")]
    Denied {
        #[problem(extension)]
        scope: String,
    },
}

/// One error enum per shape, with the same variants.
macro_rules! shaped {
    ($name:ident, $shape:tt) => {
        #[derive(Debug, Clone, PartialEq, Problem)]
        #[problem(envelope = $shape, type_base = "https://docs.example.com/errors/")]
        enum $name {
            /// No dynamic member.
            #[problem(code = "room.full", status = 409, title = "Room is full")]
            Full,
            /// A detail over an extension.
            #[problem(
                code = "room.not_found",
                status = 404,
                title = "Room not found",
                detail = "room {room} not found"
            )]
            NotFound {
                #[problem(extension)]
                room: u32,
            },
            /// Field errors and an optional extension.
            #[problem(code = "room.invalid", status = 422, detail = "the booking is invalid")]
            Invalid {
                #[problem(errors)]
                errors: Vec<FieldError>,
                #[problem(extension)]
                hint: Option<String>,
            },
            /// A withheld 5xx detail, and a retry-after.
            #[problem(
                code = "room.down",
                status = 503,
                detail = "room service {node} is down"
            )]
            Down {
                #[problem(extension)]
                node: String,
                #[problem(retry_after)]
                retry_after: u64,
            },
            /// An exposed 5xx detail, and the status of the occurrence.
            #[problem(
                code = "room.upstream",
                status = 502,
                detail = "upstream said {reason:?}",
                expose_detail
            )]
            Upstream {
                #[problem(status)]
                status: u16,
                #[problem(extension)]
                reason: String,
            },
            /// Its own instance.
            #[problem(code = "room.moved", status = 410, retryable)]
            Moved {
                #[problem(instance)]
                at: String,
            },
            /// Delegated to an RFC 9457 type.
            #[problem(transparent)]
            Auth(AuthError),
        }
    };
}

shaped!(Rfc, "rfc9457");
shaped!(Wrapped, "wrapped");
shaped!(Flat, "flat");

/// The same value in each shape.
macro_rules! each_shape {
    ($value:expr) => {{
        macro_rules! build {
            ($ty:ident) => {{
                use $ty::*;
                let _ = Full;
                $value
            }};
        }
        (build!(Rfc), build!(Wrapped), build!(Flat))
    }};
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// The fast path, checked against serde, as text.
fn json<P: Problem>(p: &P) -> String {
    let fast = problem_core::to_vec(p);
    assert_eq!(
        text(fast.clone()),
        text(serde_json::to_vec(&p.envelope()).unwrap()),
        "fast path and serde differ"
    );
    text(fast)
}

fn field_error() -> FieldError {
    FieldError {
        path: "/date".into(),
        code: "required".into(),
        detail: None,
    }
}

#[test]
fn the_shape_is_a_constant_of_the_type() {
    assert_eq!(Rfc::ENVELOPE, EnvelopeShape::Rfc9457);
    assert_eq!(Wrapped::ENVELOPE, EnvelopeShape::Wrapped);
    assert_eq!(Flat::ENVELOPE, EnvelopeShape::Flat);
    assert_eq!(AuthError::ENVELOPE, EnvelopeShape::default());
    assert_eq!(Flat::Full.envelope().shape(), EnvelopeShape::Flat);
    assert_eq!(
        EnvelopeShape::Rfc9457.content_type(),
        "application/problem+json"
    );
    assert_eq!(EnvelopeShape::Wrapped.content_type(), "application/json");
    assert_eq!(EnvelopeShape::Flat.content_type(), "application/json");
    assert_eq!(EnvelopeShape::Wrapped.to_string(), "wrapped");
}

#[test]
fn static_variant() {
    let (r, w, f) = each_shape!(Full);
    assert_eq!(
        json(&r),
        r#"{"type":"https://docs.example.com/errors/room.full","title":"Room is full","status":409,"code":"room.full"}"#
    );
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.full","message":"Room is full","retryable":false,"details":{}}}"#
    );
    assert_eq!(json(&f), r#"{"code":"room.full","message":"Room is full"}"#);
}

#[test]
fn detail_and_extension() {
    let (r, w, f) = each_shape!(NotFound { room: 7 });
    assert_eq!(
        json(&r),
        r#"{"type":"https://docs.example.com/errors/room.not_found","title":"Room not found","status":404,"detail":"room 7 not found","code":"room.not_found","room":7}"#
    );
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.not_found","message":"room 7 not found","retryable":false,"details":{"room":7}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.not_found","message":"room 7 not found","details":{"room":7}}"#
    );
}

#[test]
fn errors_and_optional_extensions() {
    let (_, w, f) = each_shape!(Invalid {
        errors: vec![field_error()],
        hint: None,
    });
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.invalid","message":"the booking is invalid","retryable":false,"details":{"errors":[{"path":"/date","code":"required"}]}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.invalid","message":"the booking is invalid","details":{"errors":[{"path":"/date","code":"required"}]}}"#
    );
    let (_, w, f) = each_shape!(Invalid {
        errors: vec![field_error(), field_error()],
        hint: Some("pick a weekday".into()),
    });
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.invalid","message":"the booking is invalid","retryable":false,"details":{"hint":"pick a weekday","errors":[{"path":"/date","code":"required"},{"path":"/date","code":"required"}]}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.invalid","message":"the booking is invalid","details":{"hint":"pick a weekday","errors":[{"path":"/date","code":"required"},{"path":"/date","code":"required"}]}}"#
    );
    // No errors and no hint: nothing in `details`.
    let (_, w, f) = each_shape!(Invalid {
        errors: Vec::new(),
        hint: None,
    });
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.invalid","message":"the booking is invalid","retryable":false,"details":{}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.invalid","message":"the booking is invalid"}"#
    );
}

#[test]
fn withheld_server_detail_leaves_the_title_as_message() {
    let (r, w, f) = each_shape!(Down {
        node: "n-1".into(),
        retry_after: 30,
    });
    assert_eq!(r.detail(), None);
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.down","message":"Service Unavailable","retryable":true,"details":{"node":"n-1","retry_after":30}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.down","message":"Service Unavailable","details":{"node":"n-1","retry_after":30}}"#
    );
    assert!(!json(&f).contains("is down"));
}

#[test]
fn exposed_detail_and_status_of_the_occurrence() {
    let (_, w, f) = each_shape!(Upstream {
        status: 503,
        reason: "timeout".into(),
    });
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.upstream","message":"upstream said \"timeout\"","retryable":true,"details":{"reason":"timeout"}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.upstream","message":"upstream said \"timeout\"","details":{"reason":"timeout"}}"#
    );
    // `retryable` follows the status of the occurrence.
    let (_, w, _) = each_shape!(Upstream {
        status: 501,
        reason: "no".into(),
    });
    assert!(json(&w).contains(r#""retryable":false"#));
}

#[test]
fn instance_field_goes_into_details() {
    let (r, w, f) = each_shape!(Moved {
        at: "/rooms/9".into()
    });
    assert!(json(&r).contains(r#""instance":"/rooms/9""#));
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"room.moved","message":"Gone","retryable":true,"details":{"instance":"/rooms/9"}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"room.moved","message":"Gone","details":{"instance":"/rooms/9"}}"#
    );
}

#[test]
fn transparent_variants_take_the_wrappers_shape() {
    let (r, w, f) = each_shape!(Auth(AuthError::Denied {
        scope: "rooms:write".into()
    }));
    assert_eq!(
        json(&r),
        r#"{"type":"about:blank","title":"Forbidden","status":403,"detail":"needs rooms:write","code":"auth.denied","scope":"rooms:write"}"#
    );
    assert_eq!(
        json(&w),
        r#"{"schema_version":1,"error":{"code":"auth.denied","message":"needs rooms:write","retryable":false,"details":{"scope":"rooms:write"}}}"#
    );
    assert_eq!(
        json(&f),
        r#"{"code":"auth.denied","message":"needs rooms:write","details":{"scope":"rooms:write"}}"#
    );
}

#[test]
fn context_members() {
    let (r, w, f) = each_shape!(NotFound { room: 7 });
    let with = |json: Vec<u8>| text(json);
    assert_eq!(
        with(
            w.envelope()
                .request_id("r-1")
                .trace_id("t-1")
                .instance("/ctx")
                .to_vec()
        ),
        r#"{"schema_version":1,"error":{"code":"room.not_found","message":"room 7 not found","retryable":false,"request_id":"r-1","trace_id":"t-1","details":{"room":7}}}"#
    );
    assert_eq!(
        with(
            f.envelope()
                .request_id("r-1")
                .trace_id("t-1")
                .instance("/ctx")
                .to_vec()
        ),
        r#"{"code":"room.not_found","message":"room 7 not found","request_id":"r-1","trace_id":"t-1","details":{"room":7}}"#
    );
    // A per-request instance is an RFC 9457 member only.
    assert!(with(r.envelope().instance("/ctx").to_vec()).contains(r#""instance":"/ctx""#));
    assert_eq!(
        with(Flat::Full.envelope().request_id("r").to_vec()),
        r#"{"code":"room.full","message":"Room is full","request_id":"r"}"#
    );
    // serde agrees with the fast path for every combination.
    for (i, r, t) in [
        (None, None, None),
        (Some("/i"), Some("r\"1"), None),
        (None, None, Some("t")),
        (Some("/i"), Some("r"), Some("t")),
    ] {
        let all = [
            Flat::Full,
            Flat::NotFound { room: 1 },
            Flat::Moved { at: "/m".into() },
        ];
        for p in &all {
            let mut e = p.envelope();
            if let Some(i) = i {
                e = e.instance(i);
            }
            if let Some(r) = r {
                e = e.request_id(r);
            }
            if let Some(t) = t {
                e = e.trace_id(t);
            }
            assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
        }
        let wrapped = [Wrapped::Full, Wrapped::Moved { at: "/m".into() }];
        for p in &wrapped {
            let mut e = p.envelope();
            if let Some(r) = r {
                e = e.request_id(r);
            }
            if let Some(t) = t {
                e = e.trace_id(t);
            }
            assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
        }
    }
}

#[test]
fn to_details_is_the_rfc_9457_form_in_every_shape() {
    let (r, w, f) = each_shape!(NotFound { room: 7 });
    assert_eq!(r.to_details(), w.to_details());
    assert_eq!(r.to_details(), f.to_details());
    let d = f.to_details();
    assert_eq!(d.title.as_deref(), Some("Room not found"));
    assert_eq!(d.status, Some(404));
    assert_eq!(d.type_uri, "https://docs.example.com/errors/room.not_found");
}

/// What a client reads off a response in the type's shape.
fn on_the_wire<P: Problem>(p: &P) -> ProblemDetails {
    ProblemDetails::from_response(
        p.status(),
        Some(P::ENVELOPE.content_type()),
        &problem_core::to_vec(p),
    )
}

#[test]
fn clients_read_each_shape() {
    let (_, w, f) = each_shape!(Invalid {
        errors: vec![field_error()],
        hint: Some("h".into()),
    });
    for d in [on_the_wire(&w), on_the_wire(&f)] {
        assert_eq!(d.code.as_deref(), Some("room.invalid"));
        assert_eq!(d.detail.as_deref(), Some("the booking is invalid"));
        assert_eq!(d.status, Some(422), "the HTTP status");
        assert_eq!(d.type_uri, "about:blank");
        assert_eq!(d.title, None);
        assert_eq!(d.errors, [field_error()]);
        assert_eq!(d.extension("hint"), Some(&json!("h")));
    }
    assert_eq!(on_the_wire(&w).extension("retryable"), Some(&json!(false)));
    assert_eq!(on_the_wire(&f).extension("retryable"), None);
    // Without a detail, the message is the title.
    assert_eq!(
        on_the_wire(&Flat::Full).detail.as_deref(),
        Some("Room is full")
    );
    // Context members come back.
    let bytes = Wrapped::Full
        .envelope()
        .request_id("r")
        .trace_id("t")
        .to_vec();
    let d = ProblemDetails::from_response(409, Some("application/json"), &bytes);
    assert_eq!(
        (d.request_id.as_deref(), d.trace_id.as_deref()),
        (Some("r"), Some("t"))
    );
    assert!(!d.extensions.contains_key("schema_version"));
}

fn assert_round_trip<P: Problem + FromProblem + PartialEq + core::fmt::Debug>(p: &P) {
    assert_eq!(P::from_problem(&on_the_wire(p)).as_ref(), Some(p), "{p:?}");
    assert_eq!(P::from_problem(&p.to_details()).as_ref(), Some(p), "{p:?}");
}

macro_rules! all_variants {
    () => {
        vec![
            Full,
            NotFound { room: 7 },
            Invalid {
                errors: vec![field_error()],
                hint: None,
            },
            Invalid {
                errors: Vec::new(),
                hint: Some("h".into()),
            },
            Down {
                node: "n".into(),
                retry_after: 5,
            },
            Upstream {
                status: 503,
                reason: "r".into(),
            },
            Upstream {
                status: 502,
                reason: "declared".into(),
            },
            Moved { at: "/m".into() },
            Auth(AuthError::Denied { scope: "s".into() }),
        ]
    };
}

#[test]
fn typed_round_trips_in_every_shape() {
    let (r, w, f) = each_shape!(all_variants!());
    for p in &r {
        assert_round_trip(p);
    }
    for p in &w {
        assert_round_trip(p);
    }
    for p in &f {
        assert_round_trip(p);
    }
}

#[test]
fn shape_detection_edge_cases() {
    let parse =
        |s: &str| ProblemDetails::from_response(400, Some("application/json"), s.as_bytes());
    // An RFC 9457 problem with a `message` extension stays RFC 9457.
    let d = parse(r#"{"type":"about:blank","code":"a.b","message":"kept"}"#);
    assert_eq!(d.detail, None);
    assert_eq!(d.extension("message"), Some(&json!("kept")));
    // A flat envelope with a `status` member is still flat.
    let d = parse(r#"{"code":"X","message":"m","status":409}"#);
    assert_eq!((d.detail.as_deref(), d.status), (Some("m"), Some(409)));
    // `details` that is not an object is kept; unknown members are kept.
    let d = parse(r#"{"code":"X","message":"m","details":[1],"extra":true}"#);
    assert_eq!(d.extension("details"), Some(&json!([1])));
    assert_eq!(d.extension("extra"), Some(&json!(true)));
    // A `details` member named like a standard member does not overwrite it:
    // such members are kept together as the extension `details`.
    let d = parse(r#"{"code":"X","message":"m","details":{"code":"Y","title":"T","n":1}}"#);
    assert_eq!((d.code.as_deref(), d.title.as_deref()), (Some("X"), None));
    assert_eq!(d.extension("n"), Some(&json!(1)));
    assert_eq!(
        d.extension("details"),
        Some(&json!({"code": "Y", "title": "T"}))
    );
    // Wrapped: members of `error` first, top-level members kept beside them;
    // a `details` member wins over `error`'s own `retryable`.
    let d = parse(
        r#"{"schema_version":2,"error":{"code":"c","message":"m","retryable":true,"details":{"retryable":"mine"}},"meta":{"page":1}}"#,
    );
    assert_eq!(d.code.as_deref(), Some("c"));
    assert_eq!(d.extension("retryable"), Some(&json!("mine")));
    assert_eq!(d.extension("meta"), Some(&json!({"page": 1})));
    assert!(!d.extensions.contains_key("schema_version"));
    // An `error` member without a string code is an ordinary extension.
    let d = parse(r#"{"error":{"code":5},"detail":"d"}"#);
    assert_eq!(d.code, None);
    assert_eq!(d.extension("error"), Some(&json!({"code": 5})));
    // A wrong-typed message is dropped, as a wrong-typed detail is.
    let d = parse(r#"{"code":"X","message":42}"#);
    assert_eq!((d.code.as_deref(), d.detail), (Some("X"), None));
    // Deserialize reads the shapes too.
    let d: ProblemDetails =
        serde_json::from_str(r#"{"code":"X","message":"m","details":{"instance":"/i"}}"#).unwrap();
    assert_eq!(d.instance.as_deref(), Some("/i"));
}

#[test]
fn http_responses_carry_the_shapes_content_type() {
    use problem_core::http::ProblemExt;
    let response = Flat::Down {
        node: "n".into(),
        retry_after: 9,
    }
    .to_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["retry-after"], "9");
    assert_eq!(
        response.body(),
        &problem_core::to_vec(&Flat::Down {
            node: "n".into(),
            retry_after: 9,
        })
    );
    let response = Wrapped::Full.envelope().request_id("r").to_response();
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.body(),
        &Wrapped::Full.envelope().request_id("r").to_vec()
    );
    assert_eq!(
        Rfc::Full.to_response().headers()["content-type"],
        "application/problem+json"
    );
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 ]{0,12}",
        any::<String>(),
        Just("\"quoted\" \\ back\nline\u{1}\u{7f}é😀".to_owned()),
    ]
}

fn any_field_error() -> impl Strategy<Value = FieldError> {
    (any_text(), any_text(), proptest::option::of(any_text()))
        .prop_map(|(path, code, detail)| FieldError { path, code, detail })
}

macro_rules! strategy {
    ($ty:ident) => {
        prop_oneof![
            Just($ty::Full),
            any::<u32>().prop_map(|room| $ty::NotFound { room }),
            (
                proptest::collection::vec(any_field_error(), 0..4),
                proptest::option::of(any_text())
            )
                .prop_map(|(errors, hint)| $ty::Invalid { errors, hint }),
            (any_text(), any::<u64>())
                .prop_map(|(node, retry_after)| $ty::Down { node, retry_after }),
            (400u16..600, any_text()).prop_map(|(status, reason)| $ty::Upstream { status, reason }),
            any_text().prop_map(|at| $ty::Moved { at }),
            any_text().prop_map(|scope| $ty::Auth(AuthError::Denied { scope })),
        ]
    };
}

proptest! {
    #[test]
    fn generated_flat_values(p in strategy!(Flat), id in proptest::option::of(any_text())) {
        let mut e = p.envelope();
        if let Some(id) = &id {
            e = e.request_id(id);
        }
        prop_assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
        prop_assert_eq!(Flat::from_problem(&on_the_wire(&p)), Some(p.clone()));
        let d = ProblemDetails::from_response(p.status(), Some("application/json"), &e.to_vec());
        prop_assert_eq!(d.request_id, id);
    }

    #[test]
    fn generated_wrapped_values(p in strategy!(Wrapped), id in proptest::option::of(any_text())) {
        let mut e = p.envelope();
        if let Some(id) = &id {
            e = e.request_id(id);
        }
        prop_assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
        prop_assert_eq!(Wrapped::from_problem(&on_the_wire(&p)), Some(p.clone()));
        let d = ProblemDetails::from_response(p.status(), Some("application/json"), &e.to_vec());
        prop_assert_eq!(d.extension("retryable"), Some(&json!(p.retryable())));
        prop_assert_eq!(d.request_id, id);
    }
}

// ---- over a socket ---------------------------------------------------------

mod axum_server {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use problem_core::axum::{Path, ProblemLayer};

    async fn flat(Path(room): Path<u32>) -> Result<String, Flat> {
        Err(Flat::NotFound { room })
    }

    async fn wrapped(Path(room): Path<u32>) -> Result<String, Wrapped> {
        Err(Wrapped::NotFound { room })
    }

    fn app() -> Router {
        Router::new()
            .route("/flat/{room}", get(flat))
            .route("/wrapped/{room}", get(wrapped))
            .route(
                "/down",
                get(|| async {
                    Flat::Down {
                        node: "n-2".into(),
                        retry_after: 12,
                    }
                }),
            )
            .route(
                "/moved",
                get(|| async { Wrapped::Moved { at: "/m".into() } }),
            )
    }

    pub fn serve(layered: bool) -> SocketAddr {
        let app = if layered {
            app().layer(ProblemLayer::new())
        } else {
            app()
        };
        super::serve::axum(app, 0)
    }
}

fn axum_bare() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| axum_server::serve(false))
}

fn axum_layered() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| axum_server::serve(true))
}

#[test]
fn axum_serves_each_shape_as_json() {
    let reply = GET("/flat/7").send(axum_bare());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.body,
        problem_core::to_vec(&Flat::NotFound { room: 7 })
    );
    assert_eq!(
        Flat::from_problem(&reply.problem()),
        Some(Flat::NotFound { room: 7 })
    );

    let reply = GET("/down").send(axum_bare());
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("12"));
    assert_eq!(
        reply.text(),
        r#"{"code":"room.down","message":"Service Unavailable","details":{"node":"n-2","retry_after":12}}"#
    );
}

#[test]
fn axum_layer_adds_the_request_id_in_each_shape() {
    let reply = GET("/wrapped/3")
        .header("X-Request-Id", "req-w")
        .send(axum_layered());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("x-request-id"), Some("req-w"));
    let err = Wrapped::NotFound { room: 3 };
    assert_eq!(reply.body, err.envelope().request_id("req-w").to_vec());
    assert_eq!(
        reply.text(),
        r#"{"schema_version":1,"error":{"code":"room.not_found","message":"room 3 not found","retryable":false,"request_id":"req-w","details":{"room":3}}}"#
    );
    assert_eq!(Wrapped::from_problem(&reply.problem()), Some(err));

    let reply = GET("/flat/4")
        .header("X-Request-Id", "req-f")
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )
        .send(axum_layered());
    assert_eq!(
        reply.text(),
        r#"{"code":"room.not_found","message":"room 4 not found","request_id":"req-f","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","details":{"room":4}}"#
    );

    // The path is not added as an instance; the problem's own instance stays.
    let reply = GET("/moved")
        .header("X-Request-Id", "m")
        .send(axum_layered());
    assert_eq!(
        reply.text(),
        r#"{"schema_version":1,"error":{"code":"room.moved","message":"Gone","retryable":true,"request_id":"m","details":{"instance":"/m"}}}"#
    );
    assert_eq!(
        Wrapped::from_problem(&reply.problem()),
        Some(Wrapped::Moved { at: "/m".into() })
    );
}

fn actix_server() -> SocketAddr {
    use actix_web::{App, HttpServer, web};
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(|| {
                    App::new()
                        .route(
                            "/wrapped/{room}",
                            web::get().to(|room: web::Path<u32>| async move {
                                Err::<String, _>(Wrapped::NotFound {
                                    room: room.into_inner(),
                                })
                            }),
                        )
                        .route(
                            "/flat",
                            web::get().to(|| async {
                                Err::<String, _>(Flat::Invalid {
                                    errors: vec![field_error()],
                                    hint: None,
                                })
                            }),
                        )
                })
                .workers(1)
                .bind("127.0.0.1:0")
                .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        rx.recv().unwrap()
    })
}

#[test]
fn actix_serves_each_shape_as_json() {
    let reply = GET("/wrapped/5").send(actix_server());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let err = Wrapped::NotFound { room: 5 };
    assert_eq!(reply.body, problem_core::to_vec(&err));
    assert_eq!(Wrapped::from_problem(&reply.problem()), Some(err));

    let reply = GET("/flat").send(actix_server());
    assert_eq!(reply.status, 422);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let err = Flat::Invalid {
        errors: vec![field_error()],
        hint: None,
    };
    assert_eq!(reply.body, problem_core::to_vec(&err));
    assert_eq!(Flat::from_problem(&reply.problem()), Some(err));
}
