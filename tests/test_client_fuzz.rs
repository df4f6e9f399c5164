//! Generated inputs through `from_response` and `from_problem`, in the normal
//! test suite: mutated envelopes, random bytes and random problem objects,
//! with random statuses and content types. A fixed seed makes every run the
//! same. The fuzz targets in `fuzz/` run the same checks for as long as one
//! wants (see `fuzz/README.md`).

#[path = "support/model.rs"]
mod model;
#[path = "support/oracle.rs"]
mod oracle;

use std::time::Duration;

use model::{ApiError, AuthError, Conflict, Generic, TokenError, Window};
use oracle::{Counts, STANDARD, check};
use problem_core::{CONTENT_TYPE, FieldError, ProblemDetails};
use serde_json::{Map, Value};

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }
}

/// Codes and aliases the decoders know, and some they do not.
const CODES: &[&str] = &[
    "api.quota",
    "api.rate_limited",
    "legacy.quota",
    "api.invalid",
    "api.upstream",
    "api.maybe_upstream",
    "api.tuple",
    "api.unit",
    "api.plain",
    "api.mixed",
    "api.write_only",
    "api.borrowed",
    "auth.forbidden",
    "auth.scope.missing",
    "auth.token.expired",
    "auth.jwt.expired",
    "auth.token.malformed",
    "generic.value",
    "single.conflict",
    "http.404",
    "transport.error",
    "",
    "API.QUOTA",
    "api.quota ",
];

/// Member names the decoders read.
const MEMBERS: &[&str] = &[
    "limit",
    "window",
    "scope",
    "retry_after",
    "count",
    "name",
    "bytes",
    "delta",
    "any",
    "id",
    "value",
    "expired_at",
    "version",
    "per",
    "size",
    "path",
];

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some(CONTENT_TYPE),
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("APPLICATION/PROBLEM+JSON"),
    Some("application/vnd.api+json"),
    Some(""),
    Some(" "),
    Some("text/html"),
    Some("text/plain"),
    Some("application/xml"),
    Some("application/jsonx"),
    Some("+json"),
    Some(";"),
    Some("/"),
    Some("application/"),
    Some("é/ü+json"),
    Some("application/json\0"),
];

/// Fragments a mutation inserts: JSON structure, known names, awkward values.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "null",
    "true",
    "-",
    "0",
    "1e999",
    "-1",
    "18446744073709551616",
    "4.04e2",
    "\"code\"",
    "\"api.quota\"",
    "\"status\"",
    "\"errors\"",
    "\"retry_after\"",
    "\"limit\"",
    "\"window\"",
    "\"type\"",
    "\"\"",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "🦀",
    "\u{0}",
    "\n",
    "  ",
    "{\"path\":\"/a\",\"code\":\"c\"}",
];

fn samples() -> Vec<Vec<u8>> {
    let errors = vec![
        FieldError {
            path: "/a".into(),
            code: "required".into(),
            detail: None,
        },
        FieldError {
            path: "/b/0".into(),
            code: "format".into(),
            detail: Some("bad \"b\"".into()),
        },
    ];
    let mut out: Vec<Vec<u8>> = vec![
        problem_core::to_vec(&ApiError::Quota {
            limit: 10,
            window: Window {
                unit: "minute".into(),
                size: 1,
            },
            scope: Some("org".into()),
            retry_after: 30,
        }),
        problem_core::to_vec(&ApiError::Invalid {
            errors: errors.clone(),
            instance: "/signup".into(),
            count: 2,
        }),
        problem_core::to_vec(&ApiError::Upstream {
            status: 503,
            retry_after: Duration::from_secs(4),
            instance: None,
        }),
        problem_core::to_vec(&ApiError::MaybeUpstream {
            status: Some(504),
            retry_after: Some(Duration::from_secs(1)),
        }),
        problem_core::to_vec(&ApiError::Tuple(
            "n".into(),
            vec![1, 2],
            -3,
            serde_json::json!({"k": [1.5, null]}),
        )),
        problem_core::to_vec(&ApiError::Unit),
        problem_core::to_vec(&ApiError::Plain { what: "x".into() }),
        problem_core::to_vec(&ApiError::Auth(AuthError::Forbidden {
            scope: "admin".into(),
        })),
        problem_core::to_vec(&ApiError::Auth(AuthError::Token(TokenError::Expired {
            expired_at: 99,
        }))),
        problem_core::to_vec(&Generic::<Vec<u8>, TokenError>::Value { value: vec![7] }),
        problem_core::to_vec(&Conflict {
            version: 3,
            instance: Some("/d".into()),
        }),
        serde_json::to_vec(&ProblemDetails::transport("refused")).unwrap(),
    ];
    out.extend(
        [
            &b"<html><body><h1>502 Bad Gateway</h1></body></html>"[..],
            b"",
            b"{}",
            b"[]",
            b"null",
            br#"{"title":5,"status":"404","errors":"x","type":null,"extra":{"a":[1,2,{}]}}"#,
            br#"{"errors":[{"path":1},{"path":"/p","code":"c","detail":false},"s"]}"#,
            "\u{feff}{\"code\":\"api.unit\"}".as_bytes(),
        ]
        .map(<[u8]>::to_vec),
    );
    out
}

fn mutate(rng: &mut Rng, mut body: Vec<u8>) -> Vec<u8> {
    for _ in 0..=rng.below(4) {
        let at = rng.below(body.len() + 1);
        match rng.below(7) {
            0 if !body.is_empty() => {
                let i = rng.below(body.len());
                body[i] = rng.byte();
            }
            1 => body.insert(at, rng.byte()),
            2 => {
                let end = (at + rng.below(16)).min(body.len());
                body.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(32)).min(body.len());
                let copy = body[at..end].to_vec();
                let to = rng.below(body.len() + 1);
                body.splice(to..to, copy);
            }
            4 => body.truncate(at),
            5 => {
                // Deep nesting, more or less than the parser allows.
                let depth = *rng.pick(&[64, 127, 129, 5_000]);
                let open = if rng.chance(2) { "[" } else { "{\"a\":" };
                body.splice(at..at, open.repeat(depth).into_bytes());
            }
            _ => {
                let token = rng.pick(TOKENS).as_bytes().to_vec();
                body.splice(at..at, token);
            }
        }
    }
    body
}

fn random_text(rng: &mut Rng) -> String {
    let alphabet = [
        "a", "Z", "0", ".", "/", "_", " ", "\"", "\\", "é", "🦀", "\u{0}", "\n",
    ];
    (0..rng.below(8)).map(|_| *rng.pick(&alphabet)).collect()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(rng.next() >> rng.below(64)),
        3 => Value::from(-i64::try_from(rng.next() >> 1).unwrap()),
        4 => Value::from(*rng.pick(&[0.5, -1.25, 404.0, 1e300, f64::MIN_POSITIVE])),
        5 => Value::from(*rng.pick(CODES)),
        6 => Value::from(random_text(rng)),
        7 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(random_object(rng, depth - 1)),
    }
}

fn random_object(rng: &mut Rng, depth: usize) -> Map<String, Value> {
    let mut obj = Map::new();
    for _ in 0..rng.below(6) {
        let key = match rng.below(3) {
            0 => (*rng.pick(&STANDARD)).to_owned(),
            1 => (*rng.pick(MEMBERS)).to_owned(),
            _ => random_text(rng),
        };
        obj.insert(key, random_value(rng, depth));
    }
    obj
}

/// A problem object aimed at the decoders: a known code, and members with the
/// right names and random types, sometimes the right ones.
fn random_problem(rng: &mut Rng) -> Vec<u8> {
    let mut obj = random_object(rng, 2);
    if !rng.chance(8) {
        obj.insert("code".into(), Value::from(*rng.pick(CODES)));
    }
    if rng.chance(2) {
        obj.insert(
            "status".into(),
            Value::from(*rng.pick(&[400, 404, 429, 502, 503, 504, 0, 65535, 70000])),
        );
    }
    for name in MEMBERS {
        if rng.chance(3) {
            let value = match rng.below(5) {
                0 => Value::from(rng.next() % 1000),
                1 => Value::from(random_text(rng)),
                2 => serde_json::json!({"per": random_text(rng), "size": rng.next() % 10}),
                3 => Value::Array(
                    (0..rng.below(3))
                        .map(|_| Value::from(rng.next() % 300))
                        .collect(),
                ),
                _ => random_value(rng, 1),
            };
            obj.insert((*name).into(), value);
        }
    }
    if rng.chance(3) {
        let entries = (0..rng.below(4))
            .map(|_| {
                if rng.chance(4) {
                    random_value(rng, 1)
                } else {
                    serde_json::json!({"path": random_text(rng), "code": random_text(rng)})
                }
            })
            .collect();
        obj.insert("errors".into(), Value::Array(entries));
    }
    let mut bytes = serde_json::to_vec(&Value::Object(obj)).unwrap();
    if rng.chance(4) {
        bytes = mutate(rng, bytes);
    }
    bytes
}

/// A valid envelope with one to three members removed, replaced by a random
/// value, or added: near misses for the decoders.
fn mutate_members(rng: &mut Rng, sample: &[u8]) -> Vec<u8> {
    let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(sample) else {
        return sample.to_vec();
    };
    for _ in 0..=rng.below(3) {
        let keys: Vec<String> = obj.keys().cloned().collect();
        match rng.below(4) {
            0 if !keys.is_empty() => {
                obj.remove(rng.pick(&keys));
            }
            1 if !keys.is_empty() => {
                let key = rng.pick(&keys).clone();
                let value = random_value(rng, 2);
                obj.insert(key, value);
            }
            2 => {
                obj.insert("code".into(), Value::from(*rng.pick(CODES)));
            }
            _ => {
                let value = random_value(rng, 1);
                obj.insert((*rng.pick(MEMBERS)).into(), value);
            }
        }
    }
    serde_json::to_vec(&obj).unwrap()
}

#[test]
fn ten_thousand_generated_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let samples = samples();
    let mut counts = Counts::default();
    let statuses = [
        400,
        401,
        404,
        418,
        429,
        500,
        502,
        503,
        0,
        200,
        999,
        u16::MAX,
    ];
    for i in 0..12_000 {
        let status = if rng.chance(4) {
            u16::try_from(rng.next() & 0xFFFF).unwrap()
        } else {
            *rng.pick(&statuses)
        };
        let random_ct: String;
        let content_type = if rng.chance(2) {
            *rng.pick(&CONTENT_TYPES[..6])
        } else if rng.chance(10) {
            random_ct = String::from_utf8_lossy(
                &(0..rng.below(24)).map(|_| rng.byte()).collect::<Vec<_>>(),
            )
            .into_owned();
            Some(random_ct.as_str())
        } else {
            *rng.pick(CONTENT_TYPES)
        };
        let body = match i % 4 {
            0 => {
                let sample = rng.pick(&samples).clone();
                mutate(&mut rng, sample)
            }
            1 => random_problem(&mut rng),
            2 => {
                let sample = rng.pick(&samples).clone();
                mutate_members(&mut rng, &sample)
            }
            _ if rng.chance(2) => (0..rng.below(300)).map(|_| rng.byte()).collect(),
            // Random bytes behind a valid start, so the parser gets further.
            _ => {
                let mut b = b"{\"code\":\"api.quota\",".to_vec();
                b.extend((0..rng.below(64)).map(|_| rng.byte()));
                b
            }
        };
        check(status, content_type, &body, &mut counts);
    }
    assert_eq!(counts.inputs, 12_000);
    eprintln!(
        "{} inputs: {} parsed, {} synthesised, {} decoded",
        counts.inputs, counts.parsed, counts.synthesised, counts.decoded
    );
    // The generators reach every path: parsed, synthesised and decoded.
    assert!(counts.parsed > 2_000, "parsed {}", counts.parsed);
    assert!(
        counts.synthesised > 2_000,
        "synthesised {}",
        counts.synthesised
    );
    assert!(counts.decoded > 600, "decoded {}", counts.decoded);
}
