//! A field whose `Display` (or `Debug`) returns `Err` never makes the library
//! panic, and one policy holds on every path (SPEC, "Run-time rules added in
//! turn 2"): the detail is left out, whole, as if the variant had none.
//! `detail()`, `to_details`, the fast path, serde, the wrapped and flat
//! shapes (whose `message` is then the title), translated details, the
//! `http`, axum and actix-web responses, and `ProblemDetails::transport`.

use core::fmt;

use axum::response::IntoResponse;
use problem_core::http::ProblemExt;
use problem_core::i18n::Translations;
use problem_core::{Problem, ProblemDetails};

/// Writes `partial` then fails: a formatter that reports an error.
#[derive(Debug, Clone, PartialEq)]
struct Failing(&'static str);

impl fmt::Display for Failing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        Err(fmt::Error)
    }
}

/// `Debug` fails, `Display` does not.
#[derive(Clone, PartialEq)]
struct FailingDebug;

impl fmt::Debug for FailingDebug {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

macro_rules! failing {
    ($name:ident, $shape:tt) => {
        #[derive(Debug, Clone, PartialEq, Problem)]
        #[problem(envelope = $shape)]
        enum $name {
            #[problem(code = "bad.display", status = 404, detail = "scan {id}: {cause}")]
            Display {
                #[problem(extension)]
                id: u32,
                cause: Failing,
            },
            #[problem(
                code = "bad.exposed",
                status = 503,
                detail = "down: {0}",
                expose_detail
            )]
            Exposed(Failing),
            #[problem(code = "bad.debug", status = 409, detail = "conflict {0:?}")]
            Debug(FailingDebug),
            #[problem(code = "bad.fine", status = 400, detail = "fine {0}")]
            Fine(#[problem(extension = "n")] u8),
        }

        impl $name {
            fn failing() -> Vec<$name> {
                vec![
                    $name::Display {
                        id: 7,
                        cause: Failing("partial"),
                    },
                    $name::Exposed(Failing("")),
                    $name::Debug(FailingDebug),
                ]
            }
        }
    };
}

failing!(Rfc, "rfc9457");
failing!(Wrapped, "wrapped");
failing!(Flat, "flat");

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Every path writes `p` as `expected`, its envelope without a detail.
fn assert_left_out<P: Problem>(p: &P, expected: &str) {
    let what = format!("{:?}", p.code());
    assert_eq!(p.detail(), None, "{what}: detail()");
    let fast = text(&problem_core::to_vec(p));
    assert_eq!(fast, expected, "{what}: to_vec");
    let serde = serde_json::to_vec(&p.envelope()).expect("serde does not fail");
    assert_eq!(text(&serde), expected, "{what}: serde");
    assert_eq!(p.to_details().detail, None, "{what}: to_details");
    // The `http` response carries the same bytes.
    let r = p.to_response();
    assert_eq!(text(r.body()), expected, "{what}: http");
    // With context, and localized without a translation of the code.
    let ctx = p.envelope().request_id("r");
    assert_eq!(
        text(&ctx.to_vec()),
        text(&serde_json::to_vec(&ctx).unwrap()),
        "{what}: context"
    );
    let none = Translations::new();
    let l = p.envelope().localized(&none, "de");
    assert_eq!(text(&l.to_vec()), expected, "{what}: localized");
    assert_eq!(
        text(&serde_json::to_vec(&l).unwrap()),
        expected,
        "{what}: localized serde"
    );
    assert_eq!(l.to_details().detail, None, "{what}: localized to_details");
}

#[test]
fn rfc9457_leaves_the_detail_out() {
    let [display, exposed, debug] = <[Rfc; 3]>::try_from(Rfc::failing()).unwrap();
    assert_left_out(
        &display,
        r#"{"type":"about:blank","title":"Not Found","status":404,"code":"bad.display","id":7}"#,
    );
    assert_left_out(
        &exposed,
        r#"{"type":"about:blank","title":"Service Unavailable","status":503,"code":"bad.exposed"}"#,
    );
    assert_left_out(
        &debug,
        r#"{"type":"about:blank","title":"Conflict","status":409,"code":"bad.debug"}"#,
    );
    // A detail that formats is there, as before.
    assert_eq!(Rfc::Fine(3).detail().as_deref(), Some("fine 3"));
}

#[test]
fn other_shapes_use_the_title_as_message() {
    let [display, exposed, debug] = <[Wrapped; 3]>::try_from(Wrapped::failing()).unwrap();
    assert_left_out(
        &display,
        r#"{"schema_version":1,"error":{"code":"bad.display","message":"Not Found","retryable":false,"details":{"id":7}}}"#,
    );
    assert_left_out(
        &exposed,
        r#"{"schema_version":1,"error":{"code":"bad.exposed","message":"Service Unavailable","retryable":true,"details":{}}}"#,
    );
    assert_left_out(
        &debug,
        r#"{"schema_version":1,"error":{"code":"bad.debug","message":"Conflict","retryable":false,"details":{}}}"#,
    );
    let [display, exposed, debug] = <[Flat; 3]>::try_from(Flat::failing()).unwrap();
    assert_left_out(
        &display,
        r#"{"code":"bad.display","message":"Not Found","details":{"id":7}}"#,
    );
    assert_left_out(
        &exposed,
        r#"{"code":"bad.exposed","message":"Service Unavailable"}"#,
    );
    assert_left_out(&debug, r#"{"code":"bad.debug","message":"Conflict"}"#);
}

#[test]
fn a_translated_detail_over_a_failing_field_is_left_out() {
    let t = Translations::new()
        .with_title("de", "bad.display", "Nicht gefunden")
        .with_detail("de", "bad.display", "Scan {id}: {cause}")
        .with_detail("de", "bad.exposed", "weg: {0}")
        .with_detail("de", "bad.debug", "Konflikt {0}")
        .with_detail("de", "bad.fine", "gut {0}");
    let p = Rfc::Display {
        id: 7,
        cause: Failing("partial"),
    };
    let e = p.envelope().localized(&t, "de");
    let expected = r#"{"type":"about:blank","title":"Nicht gefunden","status":404,"code":"bad.display","id":7}"#;
    assert_eq!(text(&e.to_vec()), expected);
    assert_eq!(text(&serde_json::to_vec(&e).unwrap()), expected);
    assert_eq!(e.to_details().detail, None);
    assert_eq!(e.to_details().title.as_deref(), Some("Nicht gefunden"));
    for p in [Rfc::Exposed(Failing("x")), Rfc::Debug(FailingDebug)] {
        let e = p.envelope().localized(&t, "de");
        assert_eq!(e.to_details().detail, None, "{:?}", p.code());
        assert!(!text(&e.to_vec()).contains("detail"), "{:?}", p.code());
        assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
    }
    let flat = Flat::Display {
        id: 7,
        cause: Failing("partial"),
    };
    let e = flat.envelope().localized(&t, "de");
    let expected = r#"{"code":"bad.display","message":"Nicht gefunden","details":{"id":7}}"#;
    assert_eq!(text(&e.to_vec()), expected);
    assert_eq!(text(&serde_json::to_vec(&e).unwrap()), expected);
    // A translation that formats is used.
    let fine = Rfc::Fine(3).envelope().localized(&t, "de").to_details();
    assert_eq!(fine.detail.as_deref(), Some("gut 3"));
}

#[test]
fn framework_responses_leave_the_detail_out() {
    let p = Rfc::Display {
        id: 7,
        cause: Failing("partial"),
    };
    let expected = problem_core::to_vec(&p);
    assert!(!text(&expected).contains("partial"));
    // axum: the response's body is the same bytes.
    let response = p.clone().into_response();
    let body = futures_body(response);
    assert_eq!(text(&body), text(&expected));
    // actix-web: the rendered error.
    let actix = problem_core::actix::ProblemError::new(&p);
    assert_eq!(text(actix.body()), text(&expected));
    assert_eq!(actix.to_string(), "404 bad.display Not Found");
}

/// The bytes of an axum response body that is already in memory.
fn futures_body(response: axum::response::Response) -> Vec<u8> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .unwrap()
        .to_vec()
}

#[test]
fn a_transport_error_whose_display_fails() {
    let p = ProblemDetails::transport(Failing("half"));
    assert_eq!(p.code.as_deref(), Some("transport.error"));
    assert_eq!(p.status, Some(0));
    assert_eq!(p.detail, None);
    let ok = ProblemDetails::transport("refused");
    assert_eq!(ok.detail.as_deref(), Some("refused"));
}

/// A `Display` that fails every other time it is called: each path formats
/// a detail once, so each either has it whole or leaves it out, and nothing
/// panics (`serde_json`'s `collect_str` would, on a `Display` that fails).
#[derive(Debug, Default)]
struct Flaky(std::cell::Cell<u32>);

impl fmt::Display for Flaky {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.get();
        self.0.set(n + 1);
        if n % 2 == 1 {
            return Err(fmt::Error);
        }
        f.write_str(&"long ".repeat(80))
    }
}

#[derive(Debug, Problem)]
enum FlakyError {
    #[problem(code = "flaky", status = 400, detail = "it says {0}")]
    Flaky(Flaky),
}

#[test]
fn a_detail_is_formatted_once_per_path() {
    let p = FlakyError::Flaky(Flaky::default());
    let with = format!("it says {}", "long ".repeat(80));
    // Calls 0, 2, 4 succeed; 1, 3 fail.
    assert_eq!(p.detail().as_deref(), Some(with.as_str()));
    assert_eq!(p.detail(), None);
    let serde = serde_json::to_vec(&p.envelope()).unwrap();
    assert_eq!(
        ProblemDetails::from_response(400, None, &serde)
            .detail
            .as_deref(),
        Some(with.as_str()),
        "a detail longer than the serde sink's stack buffer"
    );
    let serde = serde_json::to_vec(&p.envelope()).unwrap();
    assert_eq!(
        ProblemDetails::from_response(400, None, &serde).detail,
        None
    );
}
