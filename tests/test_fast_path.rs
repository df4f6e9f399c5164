//! The fast path (`to_vec`, `to_writer`, `Envelope::write_into`) writes exactly
//! the bytes `serde_json` writes for the envelope, for every shape, with every
//! string that needs escaping in every place a string can appear.

use std::collections::BTreeMap;
use std::io;

use problem_core::{Catalog, Envelope, FieldError, Problem};
use serde::Serialize;

/// Every character class the JSON escaper treats differently: quote,
/// backslash, the short escapes, other control characters (NUL, 0x1f), DEL
/// (not escaped), `/` (not escaped), U+2028/U+2029 (not escaped by
/// `serde_json`), two- three- and four-byte UTF-8.
const NASTY: &str = "q\"b\\s/n\nr\rt\tb\u{8}f\u{c}z\u{0}u\u{1f}d\u{7f}ls\u{2028}ps\u{2029}é€😀";

/// The JSON text of [`NASTY`], as `serde_json` writes it.
const NASTY_JSON: &str =
    "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\fz\\u0000u\\u001fd\u{7f}ls\u{2028}ps\u{2029}é€😀\"";

/// U+2028 LINE SEPARATOR, which `serde_json` writes unescaped.
const LS: char = '\u{2028}';

/// Renders the envelope every way there is, asserts that all agree with
/// `serde_json`, and returns the text.
fn render<P: Problem + ?Sized>(env: Envelope<'_, P>) -> String {
    let serde = serde_json::to_vec(&env).expect("serde serializes the envelope");
    let fast = env.to_vec();
    assert_eq!(
        String::from_utf8_lossy(&fast),
        String::from_utf8_lossy(&serde),
        "to_vec differs from serde_json::to_vec(&envelope)"
    );

    let mut appended = b"prefix:".to_vec();
    env.write_into(&mut appended);
    assert_eq!(&appended[..7], b"prefix:", "write_into appends");
    assert_eq!(appended[7..], fast[..], "write_into differs from to_vec");

    let mut written = Vec::new();
    env.to_writer(&mut written)
        .expect("a Vec accepts everything");
    assert_eq!(written, fast, "to_writer differs from to_vec");

    // The output is valid JSON, and parses back to what `to_details` builds.
    let parsed: problem_core::ProblemDetails =
        serde_json::from_slice(&fast).expect("the fast path writes valid JSON");
    assert_eq!(env.to_details(), parsed);

    String::from_utf8(fast).expect("JSON text is UTF-8")
}

fn json<P: Problem>(p: &P) -> String {
    let text = render(p.envelope());
    assert_eq!(problem_core::to_vec(p), text.as_bytes());
    let mut written = Vec::new();
    problem_core::to_writer(&mut written, p).unwrap();
    assert_eq!(written, text.as_bytes());
    text
}

#[test]
fn nasty_constant_matches_serde() {
    assert_eq!(serde_json::to_string(NASTY).unwrap(), NASTY_JSON);
}

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum Shapes {
    #[problem(code = "shapes.static", status = 404)]
    Static,
    #[problem(
        code = "shapes.detail",
        status = 400,
        title = "Bad thing",
        detail = "thing {id} is bad"
    )]
    Detail { id: u64 },
    #[problem(
        code = "shapes.literal_detail",
        status = 400,
        detail = "no placeholders at all"
    )]
    LiteralDetail,
    #[problem(code = "shapes.extensions", status = 409, detail = "{name} conflicts")]
    Extensions {
        name: String,
        #[problem(extension)]
        scan_id: u64,
        #[problem(extension = "owner")]
        owner_name: &'static str,
        #[problem(extension)]
        tags: Vec<&'static str>,
    },
    #[problem(code = "shapes.errors", status = 422, title = "Invalid request")]
    Errors {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem(code = "shapes.everything", status = 429, detail = "slow down, {who}")]
    Everything {
        who: String,
        #[problem(instance)]
        instance: Option<String>,
        #[problem(extension)]
        limit: u32,
        #[problem(retry_after)]
        retry_after: u64,
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem(
        code = "shapes.dynamic",
        status = 502,
        detail = "upstream {0} failed",
        expose_detail
    )]
    Dynamic(String, #[problem(status)] u16),
    #[problem(code = "shapes.withheld", status = 500, detail = "secret {0}")]
    Withheld(String),
    #[problem(transparent)]
    Inner(Inner),
}

#[derive(Debug, Problem)]
#[problem(type_base = "urn:inner:")]
enum Inner {
    #[problem(code = "inner.thing", status = 410, detail = "inner {0}")]
    Thing(u8),
}

fn three_errors() -> Vec<FieldError> {
    vec![
        FieldError {
            path: "/name".into(),
            code: "required".into(),
            detail: None,
        },
        FieldError {
            path: "/age".into(),
            code: "range".into(),
            detail: Some("must be in 0..=150".into()),
        },
        FieldError {
            path: "/tags/0".into(),
            code: "format".into(),
            detail: Some("not a tag".into()),
        },
    ]
}

#[test]
fn every_shape_matches_serde() {
    assert_eq!(
        json(&Shapes::Static),
        r#"{"type":"https://docs.example.com/errors/shapes.static","title":"Not Found","status":404,"code":"shapes.static"}"#
    );
    assert_eq!(
        json(&Shapes::Detail { id: 7 }),
        r#"{"type":"https://docs.example.com/errors/shapes.detail","title":"Bad thing","status":400,"detail":"thing 7 is bad","code":"shapes.detail"}"#
    );
    assert_eq!(
        json(&Shapes::LiteralDetail),
        r#"{"type":"https://docs.example.com/errors/shapes.literal_detail","title":"Bad Request","status":400,"detail":"no placeholders at all","code":"shapes.literal_detail"}"#
    );
    assert_eq!(
        json(&Shapes::Extensions {
            name: "scan-1".into(),
            scan_id: 42,
            owner_name: "ada",
            tags: vec!["a", "b"],
        }),
        r#"{"type":"https://docs.example.com/errors/shapes.extensions","title":"Conflict","status":409,"detail":"scan-1 conflicts","code":"shapes.extensions","scan_id":42,"owner":"ada","tags":["a","b"]}"#
    );
    assert_eq!(
        json(&Shapes::Errors {
            errors: three_errors()
        }),
        r#"{"type":"https://docs.example.com/errors/shapes.errors","title":"Invalid request","status":422,"code":"shapes.errors","errors":[{"path":"/name","code":"required"},{"path":"/age","code":"range","detail":"must be in 0..=150"},{"path":"/tags/0","code":"format","detail":"not a tag"}]}"#
    );
    assert_eq!(
        json(&Shapes::Errors { errors: Vec::new() }),
        r#"{"type":"https://docs.example.com/errors/shapes.errors","title":"Invalid request","status":422,"code":"shapes.errors"}"#,
        "an empty errors list is left out"
    );
    assert_eq!(
        json(&Shapes::Everything {
            who: "ada".into(),
            instance: Some("/scans/1".into()),
            limit: 10,
            retry_after: 30,
            errors: three_errors()[..1].to_vec(),
        }),
        r#"{"type":"https://docs.example.com/errors/shapes.everything","title":"Too Many Requests","status":429,"detail":"slow down, ada","instance":"/scans/1","code":"shapes.everything","limit":10,"retry_after":30,"errors":[{"path":"/name","code":"required"}]}"#
    );
    assert_eq!(
        json(&Shapes::Dynamic("db".into(), 503)),
        r#"{"type":"https://docs.example.com/errors/shapes.dynamic","title":"Bad Gateway","status":503,"detail":"upstream db failed","code":"shapes.dynamic"}"#,
        "a status field changes the status, not the declared title"
    );
    assert_eq!(
        json(&Shapes::Withheld("password".into())),
        r#"{"type":"https://docs.example.com/errors/shapes.withheld","title":"Internal Server Error","status":500,"code":"shapes.withheld"}"#
    );
    assert_eq!(
        json(&Shapes::Inner(Inner::Thing(3))),
        r#"{"type":"urn:inner:inner.thing","title":"Gone","status":410,"detail":"inner 3","code":"inner.thing"}"#
    );
}

#[test]
fn context_members_match_serde() {
    let e = Shapes::Detail { id: 1 };
    assert_eq!(
        render(
            e.envelope()
                .instance("/a")
                .request_id("req-1")
                .trace_id("trace-1")
        ),
        r#"{"type":"https://docs.example.com/errors/shapes.detail","title":"Bad thing","status":400,"detail":"thing 1 is bad","instance":"/a","code":"shapes.detail","request_id":"req-1","trace_id":"trace-1"}"#
    );
    assert_eq!(
        render(Shapes::Static.envelope().trace_id("t")),
        r#"{"type":"https://docs.example.com/errors/shapes.static","title":"Not Found","status":404,"code":"shapes.static","trace_id":"t"}"#
    );
    // An instance field with a value wins over the envelope's; without one,
    // the envelope's is written.
    let with_field = Shapes::Everything {
        who: "x".into(),
        instance: Some("/field".into()),
        limit: 1,
        retry_after: 1,
        errors: Vec::new(),
    };
    assert!(render(with_field.envelope().instance("/ctx")).contains(r#""instance":"/field""#));
    let without = Shapes::Everything {
        who: "x".into(),
        instance: None,
        limit: 1,
        retry_after: 1,
        errors: Vec::new(),
    };
    assert!(render(without.envelope().instance("/ctx")).contains(r#""instance":"/ctx""#));
    // Context reaches through a transparent variant.
    assert_eq!(
        render(Shapes::Inner(Inner::Thing(1)).envelope().request_id("r")),
        r#"{"type":"urn:inner:inner.thing","title":"Gone","status":410,"detail":"inner 1","code":"inner.thing","request_id":"r"}"#
    );
}

// ---- strings that need escaping, everywhere a string goes --------------------

#[derive(Debug, Serialize)]
struct Nested {
    label: &'static str,
    #[serde(rename = "we\"ird")]
    weird: Vec<Option<f64>>,
}

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/e\"r\\r/é😀/")]
enum Escapes {
    #[problem(
        code = "esc.title",
        status = 400,
        title = "A \"quoted\" \\ title\twith\u{1}controls, é, \u{2028} and 😀"
    )]
    Title,
    #[problem(
        code = "esc.detail",
        status = 400,
        detail = "template \"quotes\" \\ {{braces}} {text} / {text:?} / {n:>6} / {ch:?}"
    )]
    Detail { text: String, n: i32, ch: char },
    #[problem(
        code = "esc.literal",
        status = 400,
        detail = "literal \"q\" \\ \t\u{0} é 😀 \u{2028}"
    )]
    Literal,
    #[problem(code = "esc.everywhere", status = 409, type_uri = "urn:x:\"\\é")]
    Everywhere {
        #[problem(instance)]
        instance: String,
        #[problem(extension = "key \"with\" \\ and \u{2028}\n")]
        odd_key: String,
        #[problem(extension)]
        nested: Nested,
        #[problem(extension)]
        map: BTreeMap<String, i64>,
        #[problem(extension)]
        numbers: (i8, u64, f32, f64, bool),
        #[problem(extension)]
        nothing: (),
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
}

#[test]
fn title_and_type_need_escaping() {
    assert_eq!(
        json(&Escapes::Title),
        format!(
            r#"{{"type":"https://docs.example.com/e\"r\\r/é😀/esc.title","title":"A \"quoted\" \\ title\twith\u0001controls, é, {LS} and 😀","status":400,"code":"esc.title"}}"#
        )
    );
}

#[test]
fn detail_needs_escaping() {
    let e = Escapes::Detail {
        text: NASTY.to_owned(),
        n: -42,
        ch: '\'',
    };
    let text = json(&e);
    let inner = &NASTY_JSON[1..NASTY_JSON.len() - 1];
    let debug = serde_json::to_string(&format!("{NASTY:?}")).unwrap();
    let debug = &debug[1..debug.len() - 1];
    assert_eq!(
        text,
        format!(
            r#"{{"type":"https://docs.example.com/e\"r\\r/é😀/esc.detail","title":"Bad Request","status":400,"detail":"template \"quotes\" \\ {{braces}} {inner} / {debug} /    -42 / '\\''","code":"esc.detail"}}"#
        )
    );
    assert_eq!(
        json(&Escapes::Literal),
        format!(
            r#"{{"type":"https://docs.example.com/e\"r\\r/é😀/esc.literal","title":"Bad Request","status":400,"detail":"literal \"q\" \\ \t\u0000 é 😀 {LS}","code":"esc.literal"}}"#
        )
    );
}

#[test]
fn instance_extensions_errors_and_context_need_escaping() {
    let mut map = BTreeMap::new();
    map.insert(NASTY.to_owned(), -1);
    map.insert("plain".to_owned(), 2);
    let e = Escapes::Everywhere {
        instance: NASTY.to_owned(),
        odd_key: NASTY.to_owned(),
        nested: Nested {
            label: NASTY,
            weird: vec![Some(1.5), None, Some(f64::NAN), Some(f64::INFINITY)],
        },
        map,
        numbers: (-128, u64::MAX, 0.5, 1e300, true),
        nothing: (),
        errors: vec![
            FieldError {
                path: NASTY.to_owned(),
                code: NASTY.to_owned(),
                detail: Some(NASTY.to_owned()),
            },
            FieldError {
                path: String::new(),
                code: String::new(),
                detail: Some(String::new()),
            },
        ],
    };
    let n = NASTY_JSON;
    let expected = format!(
        r#"{{"type":"urn:x:\"\\é","title":"Conflict","status":409,"instance":{n},"code":"esc.everywhere","key \"with\" \\ and {LS}\n":{n},"nested":{{"label":{n},"we\"ird":[1.5,null,null,null]}},"map":{{"plain":2,{n}:-1}},"numbers":[-128,18446744073709551615,0.5,1e+300,true],"nothing":null,"errors":[{{"path":{n},"code":{n},"detail":{n}}},{{"path":"","code":"","detail":""}}]}}"#
    );
    assert_eq!(json(&e), expected);

    // Per-request context that needs escaping; the instance field wins.
    let with_ctx = render(
        e.envelope()
            .instance("/ignored")
            .request_id(NASTY)
            .trace_id(NASTY),
    );
    assert!(with_ctx.contains(&format!(
        r#""code":"esc.everywhere","request_id":{n},"trace_id":{n},"#
    )));
    assert_eq!(
        render(Escapes::Title.envelope().instance(NASTY)),
        format!(
            r#"{{"type":"https://docs.example.com/e\"r\\r/é😀/esc.title","title":"A \"quoted\" \\ title\twith\u0001controls, é, {LS} and 😀","status":400,"instance":{n},"code":"esc.title"}}"#
        )
    );
}

// ---- a hand-written implementation takes the default `__write` ----------------

/// Implements `Problem` by hand: no pre-rendered JSON, so the writer renders
/// every member at run time.
struct Manual;

impl Problem for Manual {
    const CATALOG: Catalog = Catalog::EMPTY;
    fn code(&self) -> &'static str {
        "manual.code"
    }
    fn status(&self) -> u16 {
        503
    }
    fn type_uri(&self) -> &'static str {
        "urn:manual:\"x\""
    }
    fn title(&self) -> &'static str {
        "Manual \\ \"title\" \u{2028}"
    }
    fn retryable(&self) -> bool {
        true
    }
    fn detail(&self) -> Option<String> {
        Some(format!("detail {NASTY}"))
    }
    fn retry_after(&self) -> Option<u64> {
        Some(u64::MAX)
    }
}

#[test]
fn hand_written_impl_matches_serde() {
    let n = &NASTY_JSON[1..NASTY_JSON.len() - 1];
    assert_eq!(
        render(Manual.envelope().request_id("r")),
        format!(
            r#"{{"type":"urn:manual:\"x\"","title":"Manual \\ \"title\" {LS}","status":503,"detail":"detail {n}","code":"manual.code","request_id":"r","retry_after":18446744073709551615}}"#
        )
    );
}

// ---- failures -----------------------------------------------------------------

struct Unserializable;

impl Serialize for Unserializable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("cannot"))
    }
}

#[derive(Problem)]
#[problem(code = "fails.ext", status = 400)]
struct FailingExtension {
    #[problem(extension)]
    before: u8,
    #[problem(extension)]
    broken: Unserializable,
    #[problem(extension)]
    after: u8,
}

#[test]
fn failing_extension_is_left_out_whole() {
    let e = FailingExtension {
        before: 1,
        broken: Unserializable,
        after: 2,
    };
    assert!(serde_json::to_vec(&e.envelope()).is_err());
    assert_eq!(
        String::from_utf8(problem_core::to_vec(&e)).unwrap(),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"code":"fails.ext","before":1,"after":2}"#
    );
}

/// A writer that counts `write` calls and can fail.
struct Counting {
    writes: usize,
    fail: bool,
    data: Vec<u8>,
}

impl io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        if self.fail {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
        }
        self.data.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn to_writer_writes_once_and_reports_errors() {
    let e = Shapes::Everything {
        who: NASTY.into(),
        instance: None,
        limit: 1,
        retry_after: 2,
        errors: three_errors(),
    };
    let mut w = Counting {
        writes: 0,
        fail: false,
        data: Vec::new(),
    };
    problem_core::to_writer(&mut w, &e).unwrap();
    assert_eq!(w.writes, 1, "the envelope goes to the writer in one write");
    assert_eq!(w.data, problem_core::to_vec(&e));

    let mut broken = Counting {
        writes: 0,
        fail: true,
        data: Vec::new(),
    };
    let err = e.envelope().to_writer(&mut broken).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
}
