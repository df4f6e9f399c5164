//! A `#[problem(status)]` field holding a value outside 400..=599 is ignored
//! at run time (SPEC, "Run-time rules added in turn 2"): the occurrence
//! behaves exactly as if the field held the variant's declared status, on
//! every path that reads a status: `status()`, `retryable()`, `detail()`
//! (5xx withholding), `to_vec`, serde, `to_details`, the wrapped and flat
//! shapes, localized envelopes, and the `http`, axum and actix-web responses
//! (the last two over a socket). In particular a withheld 5xx detail never
//! becomes visible, and no 1xx/2xx/3xx problem response is sent.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::sync::mpsc;

use problem_core::http::ProblemExt;
use problem_core::i18n::Translations;
use problem_core::{FromProblem, Problem, ProblemDetails};

#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

use http1::get as GET;

/// Values a status field may hold that are not error statuses: below 100
/// (`ProblemDetails::transport`'s 0 among them), informational, success,
/// redirection (204 and 304 cannot even carry a body), and above 599.
const OUT_OF_RANGE: [u16; 14] = [
    0, 1, 42, 99, 100, 103, 200, 204, 304, 399, 600, 999, 1000, 65535,
];

/// One error type per shape, each with a declared 5xx whose detail is
/// withheld and a declared 4xx whose detail is shown.
macro_rules! relayed {
    ($name:ident, $shape:tt) => {
        #[derive(Debug, Clone, PartialEq, Problem)]
        #[problem(envelope = $shape, type_base = "https://docs.example.com/errors/")]
        enum $name {
            #[problem(
                code = "upstream.failed",
                status = 502,
                detail = "upstream {host} said: {secret}"
            )]
            Upstream {
                #[problem(status)]
                status: u16,
                #[problem(extension)]
                host: String,
                secret: String,
            },
            #[problem(code = "upstream.maybe", status = 503, detail = "secret {secret}")]
            Maybe {
                #[problem(status)]
                status: Option<u16>,
                secret: String,
            },
            #[problem(code = "upstream.typed", status = 504, detail = "secret {secret}")]
            Typed {
                #[problem(status)]
                status: http::StatusCode,
                secret: String,
            },
            #[problem(code = "request.refused", status = 409, detail = "refused: {why}")]
            Refused {
                #[problem(status)]
                status: u16,
                why: String,
            },
        }

        impl $name {
            /// Each variant with the status field set to `status`.
            fn all(status: u16) -> Vec<$name> {
                let mut all = vec![
                    $name::Upstream {
                        status,
                        host: "db-1".into(),
                        secret: "password=hunter2".into(),
                    },
                    $name::Maybe {
                        status: Some(status),
                        secret: "token".into(),
                    },
                    $name::Refused {
                        status,
                        why: "quota".into(),
                    },
                ];
                // `http::StatusCode` holds 100..=999 only.
                if let Ok(code) = http::StatusCode::from_u16(status) {
                    all.push($name::Typed {
                        status: code,
                        secret: "key".into(),
                    });
                }
                all
            }

            /// The same occurrence with the field holding the declared status.
            fn declared(&self) -> $name {
                let mut p = self.clone();
                match &mut p {
                    $name::Upstream { status, .. } => *status = 502,
                    $name::Maybe { status, .. } => *status = None,
                    $name::Typed { status, .. } => *status = http::StatusCode::GATEWAY_TIMEOUT,
                    $name::Refused { status, .. } => *status = 409,
                }
                p
            }
        }
    };
}

relayed!(Rfc, "rfc9457");
relayed!(Wrapped, "wrapped");
relayed!(Flat, "flat");

fn german() -> Translations {
    let mut t = Translations::new();
    for code in [
        "upstream.failed",
        "upstream.maybe",
        "upstream.typed",
        "request.refused",
    ] {
        t = t
            .with_title("de", code, "Fehler")
            .with_detail("de", code, "geheim: {secret}{why}");
    }
    t
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// Every path that reads a status gives the same answer for `p` as for
/// `declared`, the same occurrence with its declared status.
fn assert_as_declared<P: Problem + std::fmt::Debug>(p: &P, declared: &P) {
    let what = format!("{p:?}");
    assert!(
        (400..=599).contains(&declared.status()),
        "{what}: the declared status"
    );
    assert_eq!(p.status(), declared.status(), "{what}: status()");
    assert_eq!(p.retryable(), declared.retryable(), "{what}: retryable()");
    assert_eq!(p.detail(), declared.detail(), "{what}: detail()");
    assert_eq!(
        text(&problem_core::to_vec(p)),
        text(&problem_core::to_vec(declared)),
        "{what}: to_vec"
    );
    assert_eq!(
        text(&serde_json::to_vec(&p.envelope()).unwrap()),
        text(&problem_core::to_vec(declared)),
        "{what}: serde"
    );
    assert_eq!(p.to_details(), declared.to_details(), "{what}: to_details");
    let t = german();
    let de = p.envelope().localized(&t, "de");
    let de_declared = declared.envelope().localized(&t, "de");
    assert_eq!(
        text(&de.to_vec()),
        text(&de_declared.to_vec()),
        "{what}: localized to_vec"
    );
    assert_eq!(
        text(&serde_json::to_vec(&de).unwrap()),
        text(&de_declared.to_vec()),
        "{what}: localized serde"
    );
    assert_eq!(
        de.to_details(),
        de_declared.to_details(),
        "{what}: localized to_details"
    );
    // The `http` responses.
    assert_eq!(
        p.status_code(),
        declared.status_code(),
        "{what}: status_code"
    );
    let (r, d) = (p.to_response(), declared.to_response());
    assert_eq!(r.status(), d.status(), "{what}: response status");
    assert_eq!(text(r.body()), text(d.body()), "{what}: response body");
    assert_eq!(r.headers(), d.headers(), "{what}: response headers");
    let ctx = p.envelope().request_id("r-1").to_response();
    let ctx_declared = declared.envelope().request_id("r-1").to_response();
    assert_eq!(
        ctx.status(),
        ctx_declared.status(),
        "{what}: envelope response"
    );
    assert_eq!(
        text(ctx.body()),
        text(ctx_declared.body()),
        "{what}: envelope body"
    );
}

#[test]
fn an_out_of_range_status_field_is_the_declared_status_everywhere() {
    for status in OUT_OF_RANGE {
        for p in Rfc::all(status) {
            assert_as_declared(&p, &p.declared());
        }
        for p in Wrapped::all(status) {
            assert_as_declared(&p, &p.declared());
        }
        for p in Flat::all(status) {
            assert_as_declared(&p, &p.declared());
        }
    }
}

#[test]
fn a_withheld_detail_stays_withheld() {
    // The case of the review: a transport error relayed as the status field.
    let transport = ProblemDetails::transport("connection refused");
    let p = Rfc::Upstream {
        status: transport.status.unwrap(),
        host: "db-1".into(),
        secret: "password=hunter2".into(),
    };
    assert_eq!(p.status(), 502);
    assert_eq!(p.detail(), None);
    assert_eq!(
        text(&problem_core::to_vec(&p)),
        r#"{"type":"https://docs.example.com/errors/upstream.failed","title":"Bad Gateway","status":502,"code":"upstream.failed","host":"db-1"}"#
    );
    for status in OUT_OF_RANGE {
        for bytes in [
            problem_core::to_vec(&Rfc::all(status)[0]),
            problem_core::to_vec(&Wrapped::all(status)[0]),
            problem_core::to_vec(&Flat::all(status)[0]),
        ] {
            assert!(
                !text(&bytes).contains("hunter2"),
                "{status}: {}",
                text(&bytes)
            );
        }
    }
}

#[test]
fn error_statuses_in_the_field_still_win() {
    // In range, the field decides, both ways: a 4xx shows the detail, a 5xx
    // withholds it.
    let p = Rfc::Upstream {
        status: 404,
        host: "h".into(),
        secret: "s".into(),
    };
    assert_eq!(
        (p.status(), p.detail().as_deref()),
        (404, Some("upstream h said: s"))
    );
    let p = Rfc::Refused {
        status: 599,
        why: "w".into(),
    };
    assert_eq!((p.status(), p.detail()), (599, None));
    assert_eq!(p.to_response().status(), 599);
    let p = Rfc::Refused {
        status: 400,
        why: "w".into(),
    };
    assert_eq!(p.to_response().status(), 400);
}

/// Status fields that travel: every variant can be decoded.
#[derive(Debug, PartialEq, Problem)]
enum Relay {
    #[problem(code = "relay.plain", status = 502)]
    Plain {
        #[problem(status)]
        status: u16,
    },
    #[problem(code = "relay.maybe", status = 503)]
    Maybe {
        #[problem(status)]
        status: Option<u16>,
    },
    #[problem(code = "relay.typed", status = 504)]
    Typed {
        #[problem(status)]
        status: http::StatusCode,
    },
}

#[test]
fn decoding_an_out_of_range_status_gives_the_declared_one() {
    // As on the way out: a `status` member that is not an error status
    // rebuilds the field as if the member were absent.
    let decode = |code: &str, status: Option<u16>| {
        Relay::from_problem(&ProblemDetails {
            status,
            code: Some(code.into()),
            ..ProblemDetails::default()
        })
    };
    for status in OUT_OF_RANGE {
        assert_eq!(
            decode("relay.plain", Some(status)),
            Some(Relay::Plain { status: 502 }),
            "{status}"
        );
        assert_eq!(
            decode("relay.maybe", Some(status)),
            Some(Relay::Maybe { status: None }),
            "{status}"
        );
        assert_eq!(
            decode("relay.typed", Some(status)),
            Some(Relay::Typed {
                status: http::StatusCode::GATEWAY_TIMEOUT
            }),
            "{status}"
        );
    }
    // In range, and absent, as before.
    assert_eq!(
        decode("relay.plain", Some(503)),
        Some(Relay::Plain { status: 503 })
    );
    assert_eq!(
        decode("relay.maybe", Some(504)),
        Some(Relay::Maybe { status: Some(504) })
    );
    assert_eq!(
        decode("relay.typed", None),
        Some(Relay::Typed {
            status: http::StatusCode::GATEWAY_TIMEOUT
        })
    );
    // Out of range in the value, a round trip gives the declared status.
    let out = Relay::Plain { status: 204 };
    assert_eq!(
        Relay::from_problem(&out.to_details()),
        Some(Relay::Plain { status: 502 })
    );
}

// ---- over a socket ---------------------------------------------------------

/// `/{shape}/{variant}/{status}` answers with `all(status)[variant]` of that shape.
fn axum_server() -> SocketAddr {
    use axum::Router;
    use axum::extract::Path;
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;

    async fn answer(Path((shape, variant, status)): Path<(String, usize, u16)>) -> Response {
        match shape.as_str() {
            "rfc" => Rfc::all(status).swap_remove(variant).into_response(),
            "wrapped" => Wrapped::all(status).swap_remove(variant).into_response(),
            _ => Flat::all(status).swap_remove(variant).into_response(),
        }
    }

    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let app = Router::new()
            .route("/{shape}/{variant}/{status}", get(answer))
            .layer(problem_core::axum::ProblemLayer::new());
        serve::axum(app, 0)
    })
}

/// The same routes on actix-web.
fn actix_server() -> SocketAddr {
    use actix_web::{App, HttpServer, web};

    async fn answer(path: web::Path<(String, usize, u16)>) -> actix_web::Result<String> {
        let (shape, variant, status) = path.into_inner();
        Err(match shape.as_str() {
            "rfc" => Rfc::all(status).swap_remove(variant).into(),
            "wrapped" => Wrapped::all(status).swap_remove(variant).into(),
            _ => Flat::all(status).swap_remove(variant).into(),
        })
    }

    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(|| {
                    App::new().route("/{shape}/{variant}/{status}", web::get().to(answer))
                })
                .workers(1)
                .disable_signals()
                .bind(("127.0.0.1", 0))
                .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        rx.recv().unwrap()
    })
}

/// Each occurrence of one shape, served at `addr`, has its declared status
/// and the bytes of the occurrence with its declared status (with the
/// request id and path that `ProblemLayer` adds, when `layered`).
fn assert_served_as_declared<P: Problem>(
    addr: SocketAddr,
    layered: bool,
    shape: &str,
    all: fn(u16) -> Vec<P>,
    declared: fn(&P) -> P,
) {
    for status in [0, 42, 100, 204, 304, 399, 600, 1000] {
        for (variant, p) in all(status).iter().enumerate() {
            let declared = declared(p);
            let path = format!("/{shape}/{variant}/{status}");
            let reply = GET(&path).header("X-Request-Id", "rid").send(addr);
            assert_eq!(reply.status, declared.status(), "{path}: {}", reply.text());
            let expected = if layered {
                declared
                    .envelope()
                    .instance(&path)
                    .request_id("rid")
                    .to_vec()
            } else {
                problem_core::to_vec(&declared)
            };
            assert_eq!(reply.text(), text(&expected), "{path}");
            assert!(!reply.text().contains("hunter2"), "{path}");
        }
    }
}

#[test]
fn axum_serves_the_declared_status() {
    let addr = axum_server();
    assert_served_as_declared(addr, true, "rfc", Rfc::all, Rfc::declared);
    assert_served_as_declared(addr, true, "wrapped", Wrapped::all, Wrapped::declared);
    assert_served_as_declared(addr, true, "flat", Flat::all, Flat::declared);
}

#[test]
fn actix_serves_the_declared_status() {
    let addr = actix_server();
    assert_served_as_declared(addr, false, "rfc", Rfc::all, Rfc::declared);
    assert_served_as_declared(addr, false, "wrapped", Wrapped::all, Wrapped::declared);
    assert_served_as_declared(addr, false, "flat", Flat::all, Flat::declared);
}
