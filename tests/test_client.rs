//! The client side: lenient problem details, `from_response` on any response,
//! `transport`, `namespace`. Exact values and bytes.

use problem_core::{CONTENT_TYPE, FieldError, ProblemDetails, is_json_media_type};
use serde_json::{Value, json};

fn to_string(p: &ProblemDetails) -> String {
    serde_json::to_string(p).unwrap()
}

fn parse(json: &str) -> ProblemDetails {
    serde_json::from_str(json).unwrap()
}

// Lenient deserialization (RFC 9457 section 3.1).

#[test]
fn standard_members_of_the_wrong_type_are_dropped() {
    let body = r#"{"type":null,"title":5,"status":"404","detail":["d"],"instance":{"a":1},"code":7,
                   "request_id":true,"trace_id":1.5,"errors":"x"}"#;
    let p = parse(body);
    assert_eq!(p, ProblemDetails::default());
    assert_eq!(p.type_uri, "about:blank");
    assert!(
        p.extensions.is_empty(),
        "a dropped standard member is not an extension"
    );
    assert_eq!(to_string(&p), r#"{"type":"about:blank"}"#);

    // Through from_response, the missing status comes from HTTP.
    let p = ProblemDetails::from_response(404, Some(CONTENT_TYPE), body.as_bytes());
    assert_eq!(to_string(&p), r#"{"type":"about:blank","status":404}"#);
}

#[test]
fn each_standard_member_alone() {
    let cases: [(&str, &str); 14] = [
        (r#"{"type":"urn:x"}"#, r#"{"type":"urn:x"}"#),
        (r#"{"type":5}"#, r#"{"type":"about:blank"}"#),
        (r#"{"type":""}"#, r#"{"type":"about:blank"}"#),
        (r#"{"type":["urn:x"]}"#, r#"{"type":"about:blank"}"#),
        (r#"{"title":"T"}"#, r#"{"type":"about:blank","title":"T"}"#),
        (r#"{"title":false}"#, r#"{"type":"about:blank"}"#),
        (r#"{"detail":null}"#, r#"{"type":"about:blank"}"#),
        (r#"{"detail":""}"#, r#"{"type":"about:blank","detail":""}"#),
        (
            r#"{"instance":"/i"}"#,
            r#"{"type":"about:blank","instance":"/i"}"#,
        ),
        (r#"{"code":{}}"#, r#"{"type":"about:blank"}"#),
        (
            r#"{"request_id":"r","trace_id":"t"}"#,
            r#"{"type":"about:blank","request_id":"r","trace_id":"t"}"#,
        ),
        (
            r#"{"request_id":1,"trace_id":[]}"#,
            r#"{"type":"about:blank"}"#,
        ),
        (r#"{"errors":{}}"#, r#"{"type":"about:blank"}"#),
        (r#"{"errors":[]}"#, r#"{"type":"about:blank"}"#),
    ];
    for (input, output) in cases {
        assert_eq!(to_string(&parse(input)), output, "{input}");
    }
}

#[test]
fn status_must_be_an_integer_that_fits() {
    let cases: [(&str, Option<u16>); 14] = [
        ("404", Some(404)),
        ("0", Some(0)),
        ("65535", Some(65535)),
        ("65536", None),
        ("70000", None),
        ("-1", None),
        ("404.0", Some(404)),
        ("4.04e2", Some(404)),
        ("404.5", None),
        ("1e300", None),
        (r#""404""#, None),
        ("null", None),
        ("true", None),
        ("[404]", None),
    ];
    for (status, expected) in cases {
        let p = parse(&format!(r#"{{"status":{status}}}"#));
        assert_eq!(p.status, expected, "{status}");
        assert!(p.extensions.is_empty());
        // from_response fills the HTTP status only when the member is unusable.
        let p = ProblemDetails::from_response(
            503,
            None,
            format!(r#"{{"status":{status}}}"#).as_bytes(),
        );
        assert_eq!(p.status, Some(expected.unwrap_or(503)), "{status}");
    }
}

#[test]
fn malformed_field_errors_are_dropped_one_by_one() {
    let p = parse(
        r#"{"errors":[
            {"path":"/a","code":"required"},
            {"path":1,"code":"x"},
            "just a string",
            null,
            [],
            {"path":"/b"},
            {"code":"c"},
            {"path":"/c","code":"format","detail":5},
            {"path":"/d","code":"range","detail":"too big","extra":[1]},
            {"path":"","code":""}
        ]}"#,
    );
    assert_eq!(
        p.errors,
        vec![
            FieldError {
                path: "/a".into(),
                code: "required".into(),
                detail: None
            },
            FieldError {
                path: "/c".into(),
                code: "format".into(),
                detail: None
            },
            FieldError {
                path: "/d".into(),
                code: "range".into(),
                detail: Some("too big".into())
            },
            FieldError {
                path: String::new(),
                code: String::new(),
                detail: None
            },
        ]
    );
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","errors":[{"path":"/a","code":"required"},{"path":"/c","code":"format"},{"path":"/d","code":"range","detail":"too big"},{"path":"","code":""}]}"#
    );
}

#[test]
fn unknown_members_are_kept_and_written_back_unchanged() {
    // Keys in sorted order, so the bytes are the same whatever map order serde_json uses.
    let body = r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc","code":"billing.out_of_credit","accounts":["/account/12345","/account/67890"],"balance":30,"big":18446744073709551615,"empty":{},"flag":false,"neg":-9223372036854775808,"nested":{"a":[1,{"b":null}],"z":"é\u0000\"\\"},"nothing":null,"ratio":0.25,"retry_after":"soon"}"#;
    let p = ProblemDetails::from_response(403, Some(CONTENT_TYPE), body.as_bytes());
    assert_eq!(p.code.as_deref(), Some("billing.out_of_credit"));
    assert_eq!(p.extensions.len(), 10);
    assert_eq!(p.extension("balance"), Some(&json!(30)));
    assert_eq!(p.extension("big"), Some(&json!(u64::MAX)));
    assert_eq!(p.extension("neg"), Some(&json!(i64::MIN)));
    assert_eq!(p.extension("nothing"), Some(&Value::Null));
    assert_eq!(
        p.extension("nested"),
        Some(&json!({"a": [1, {"b": null}], "z": "é\u{0}\"\\"}))
    );
    // A `retry_after` that is not seconds is kept as it came, but is no retry-after.
    assert_eq!(p.extension("retry_after"), Some(&json!("soon")));
    assert_eq!(p.retry_after(), None);

    let written = serde_json::to_vec(&p).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&written).unwrap(),
        serde_json::from_str::<Value>(body).unwrap()
    );
    assert_eq!(String::from_utf8(written).unwrap(), body);
}

#[test]
fn numbers_beyond_64_bits_come_back_equal_in_value() {
    let body = br#"{"code":"a.b","huge":123456789012345678901234567890,"exp":1e2,"neg_zero":-0}"#;
    let p = ProblemDetails::from_response(400, Some(CONTENT_TYPE), body);
    let written = String::from_utf8(serde_json::to_vec(&p).unwrap()).unwrap();
    assert_eq!(
        written,
        r#"{"type":"about:blank","status":400,"code":"a.b","exp":100.0,"huge":1.2345678901234568e+29,"neg_zero":-0.0}"#
    );
}

#[test]
fn members_in_envelope_order_extensions_before_errors() {
    let p = parse(
        r#"{"errors":[{"path":"/p","code":"c"}],"zeta":1,"trace_id":"t","request_id":"r","code":"a.b","instance":"/i",
            "detail":"d","status":400,"title":"T","type":"urn:t","alpha":2}"#,
    );
    assert_eq!(
        to_string(&p),
        r#"{"type":"urn:t","title":"T","status":400,"detail":"d","instance":"/i","code":"a.b","request_id":"r","trace_id":"t","alpha":2,"zeta":1,"errors":[{"path":"/p","code":"c"}]}"#
    );
    assert_eq!(parse(&to_string(&p)), p);
}

#[test]
fn an_extension_named_like_a_standard_member_is_not_written_twice() {
    let mut p = ProblemDetails {
        title: Some("T".into()),
        ..ProblemDetails::default()
    };
    for name in [
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "request_id",
        "trace_id",
        "errors",
    ] {
        p.extensions.insert(name.into(), json!("shadow"));
    }
    p.extensions.insert("kept".into(), json!(1));
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","title":"T","kept":1}"#
    );
}

#[test]
fn deserializing_a_non_object_is_an_error() {
    for input in ["[]", "null", "1", r#""s""#] {
        assert!(
            serde_json::from_str::<ProblemDetails>(input).is_err(),
            "{input}"
        );
    }
    // Duplicate keys: the last wins, as serde_json's map does.
    assert_eq!(
        parse(r#"{"code":"a","code":"b"}"#).code.as_deref(),
        Some("b")
    );
}

// from_response: the media type.

#[test]
fn json_media_types_are_parsed() {
    let body = br#"{"type":"urn:t","title":"T","status":409,"code":"a.b"}"#;
    let parsed = r#"{"type":"urn:t","title":"T","status":409,"code":"a.b"}"#;
    for ct in [
        Some("application/problem+json"),
        Some("application/json"),
        Some("APPLICATION/JSON"),
        Some("Application/Problem+Json"),
        Some("application/problem+json; charset=utf-8"),
        Some("application/json;charset=\"UTF-8\""),
        Some("application/vnd.api+json"),
        Some("application/hal+JSON; profile=\"x\""),
        Some(" application/json "),
        Some("application/json ; q=0.9"),
        Some(""),
        Some("   "),
        None,
    ] {
        assert_eq!(
            to_string(&ProblemDetails::from_response(500, ct, body)),
            parsed,
            "{ct:?}"
        );
    }
}

#[test]
fn other_media_types_are_synthesised() {
    let body = br#"{"type":"urn:t","title":"T","status":409,"code":"a.b"}"#;
    let synthesised = r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"{\"type\":\"urn:t\",\"title\":\"T\",\"status\":409,\"code\":\"a.b\"}","code":"http.500"}"#;
    for ct in [
        "text/html",
        "text/plain; charset=utf-8",
        "text/json",
        "application/xml",
        "application/problem+xml",
        "application/jsonp",
        "application/json-seq",
        "application/x-json",
        "application/+json",
        "+json",
        "json",
        "application",
        "multipart/form-data; boundary=json",
        "text/plain; format=application/json",
        "application/octet-stream",
    ] {
        assert!(!is_json_media_type(ct), "{ct}");
        assert_eq!(
            to_string(&ProblemDetails::from_response(500, Some(ct), body)),
            synthesised,
            "{ct}"
        );
    }
}

// from_response: synthesised envelopes.

#[test]
fn html_from_a_load_balancer() {
    let body = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";
    let p = ProblemDetails::from_response(502, Some("text/html"), body);
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n","code":"http.502"}"#
    );
    assert_eq!(p.namespace(), Some("http"));
    assert!(p.extensions.is_empty() && p.errors.is_empty() && p.instance.is_none());
}

#[test]
fn empty_and_blank_bodies_have_no_detail() {
    for (ct, body) in [
        (None, &b""[..]),
        (Some(CONTENT_TYPE), b""),
        (Some("text/plain"), b""),
        (Some("text/plain"), b" \r\n\t "),
        (Some(CONTENT_TYPE), b"   "),
    ] {
        assert_eq!(
            to_string(&ProblemDetails::from_response(503, ct, body)),
            r#"{"type":"about:blank","title":"Service Unavailable","status":503,"code":"http.503"}"#,
            "{ct:?} {body:?}"
        );
    }
}

#[test]
fn titles_are_reason_phrases_or_http_error() {
    let title = |status| {
        ProblemDetails::from_response(status, Some("text/plain"), b"x")
            .title
            .unwrap()
    };
    assert_eq!(title(404), "Not Found");
    assert_eq!(title(413), "Content Too Large");
    assert_eq!(title(422), "Unprocessable Content");
    assert_eq!(title(200), "OK");
    for unknown in [0, 418, 499, 599, 999, u16::MAX] {
        assert_eq!(title(unknown), "HTTP error", "{unknown}");
    }
    let p = ProblemDetails::from_response(u16::MAX, None, b"oops");
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","title":"HTTP error","status":65535,"detail":"oops","code":"http.65535"}"#
    );
}

#[test]
fn json_that_is_not_an_object_is_synthesised() {
    for (body, detail) in [
        ("[1,2]", Some("[1,2]")),
        (r#"[{"code":"a.b"}]"#, Some(r#"[{"code":"a.b"}]"#)),
        ("42", Some("42")),
        ("-0.5", Some("-0.5")),
        (r#""not found""#, Some(r#""not found""#)),
        ("null", Some("null")),
        ("true", Some("true")),
        (
            r#"{"code":"a.b"} trailing"#,
            Some(r#"{"code":"a.b"} trailing"#),
        ),
        (r#"{"code":"a.b""#, Some(r#"{"code":"a.b""#)),
        ("{'code':'a.b'}", Some("{'code':'a.b'}")),
    ] {
        let p = ProblemDetails::from_response(400, Some(CONTENT_TYPE), body.as_bytes());
        let expected = ProblemDetails {
            title: Some("Bad Request".into()),
            status: Some(400),
            detail: detail.map(str::to_owned),
            code: Some("http.400".into()),
            ..ProblemDetails::default()
        };
        assert_eq!(p, expected, "{body}");
    }
}

#[test]
fn json_with_whitespace_and_a_byte_order_mark_is_parsed() {
    let p = ProblemDetails::from_response(400, None, b"\xEF\xBB\xBF \n{\"code\":\"a.b\"}\n");
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","status":400,"code":"a.b"}"#
    );
    // A mark that is not at the start is not skipped.
    let p = ProblemDetails::from_response(400, None, b" \xEF\xBB\xBF{\"code\":\"a.b\"}");
    assert_eq!(p.code.as_deref(), Some("http.400"));
}

#[test]
fn invalid_utf8_is_replaced() {
    let p = ProblemDetails::from_response(500, Some("text/plain"), b"ok \xff\xfe then \xc3");
    assert_eq!(
        p.detail.as_deref(),
        Some("ok \u{fffd}\u{fffd} then \u{fffd}")
    );
    // Invalid UTF-8 in a JSON body: not JSON, so synthesised.
    let p = ProblemDetails::from_response(500, Some(CONTENT_TYPE), b"{\"code\":\"\xff\"}");
    assert_eq!(p.code.as_deref(), Some("http.500"));
    assert_eq!(p.detail.as_deref(), Some("{\"code\":\"\u{fffd}\"}"));
    // Each invalid byte is one replacement character, and counts as one of the 500.
    let p = ProblemDetails::from_response(500, Some("text/plain"), &[0xff; 600]);
    assert_eq!(p.detail, Some("\u{fffd}".repeat(500)));
}

#[test]
fn detail_is_the_first_500_characters_cut_on_a_boundary() {
    let chars = |p: &ProblemDetails| p.detail.as_deref().unwrap().chars().count();
    // ASCII, two-, three- and four-byte characters.
    for unit in ["a", "é", "€", "🦀"] {
        let body = unit.repeat(501);
        let p = ProblemDetails::from_response(500, Some("text/plain"), body.as_bytes());
        assert_eq!(p.detail, Some(unit.repeat(500)), "{unit}");
        let body = unit.repeat(500);
        let p = ProblemDetails::from_response(500, Some("text/plain"), body.as_bytes());
        assert_eq!(p.detail.as_deref(), Some(body.as_str()));
    }
    // A multi-byte character that straddles the 500th position is whole or absent, never cut.
    let body = format!("{}€tail", "a".repeat(499));
    let p = ProblemDetails::from_response(500, Some("text/plain"), body.as_bytes());
    assert_eq!(p.detail, Some(format!("{}€", "a".repeat(499))));
    assert_eq!(chars(&p), 500);
    // Mixed widths: the limit is characters, not bytes.
    let body = "a€🦀é".repeat(200);
    let p = ProblemDetails::from_response(500, Some("text/plain"), body.as_bytes());
    assert_eq!(p.detail, Some("a€🦀é".repeat(125)));
    // A body truncated in the middle of a character: replaced, not a panic.
    let p = ProblemDetails::from_response(500, Some("text/plain"), &"€".as_bytes()[..2]);
    assert_eq!(p.detail.as_deref(), Some("\u{fffd}"));
}

#[test]
fn huge_bodies() {
    let ten_mb = 10 * 1024 * 1024;
    // HTML.
    let html = "<p>x</p>".repeat(ten_mb / 8);
    let p = ProblemDetails::from_response(503, Some("text/html"), html.as_bytes());
    assert_eq!(p.detail, Some("<p>x</p>".repeat(62) + "<p>x"));
    // Not-quite-JSON with a JSON media type: the parse fails at the end.
    let prefix = br#"{"code":"a.b","pad":""#;
    let mut broken = prefix.to_vec();
    broken.resize(ten_mb, b'x');
    let p = ProblemDetails::from_response(500, Some(CONTENT_TYPE), &broken);
    assert_eq!(p.code.as_deref(), Some("http.500"));
    assert_eq!(p.detail.as_deref().map(str::len), Some(500));
    // Valid JSON of 10 MB: parsed, the big member kept.
    let mut valid = broken.clone();
    valid.extend_from_slice(b"\"}");
    let p = ProblemDetails::from_response(500, Some(CONTENT_TYPE), &valid);
    assert_eq!(p.code.as_deref(), Some("a.b"));
    assert_eq!(
        p.extension("pad").and_then(Value::as_str).map(str::len),
        Some(ten_mb - prefix.len())
    );
    // Invalid UTF-8 throughout.
    let p = ProblemDetails::from_response(500, None, &vec![0x80; ten_mb]);
    assert_eq!(p.detail, Some("\u{fffd}".repeat(500)));
}

#[test]
fn deeply_nested_json_is_synthesised_not_a_stack_overflow() {
    for body in [
        "[".repeat(100_000),
        "{\"a\":".repeat(100_000),
        format!("{{\"code\":\"a.b\",\"deep\":{}", "[".repeat(100_000)),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{{\"x\":{}1{}}}", "[".repeat(200), "]".repeat(200)),
    ] {
        let p = ProblemDetails::from_response(400, Some(CONTENT_TYPE), body.as_bytes());
        assert_eq!(p.code.as_deref(), Some("http.400"));
        assert_eq!(p.detail.as_deref(), Some(&body[..body.len().min(500)]));
    }
    // Nesting the parser accepts is kept as an extension.
    let body = format!(
        "{{\"code\":\"a.b\",\"x\":{}1{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let p = ProblemDetails::from_response(400, Some(CONTENT_TYPE), body.as_bytes());
    assert_eq!(p.code.as_deref(), Some("a.b"));
    assert_eq!(
        serde_json::to_string(p.extension("x").unwrap()).unwrap(),
        format!("{}1{}", "[".repeat(100), "]".repeat(100))
    );
}

#[test]
fn a_missing_status_is_filled_from_http() {
    let p = ProblemDetails::from_response(503, Some(CONTENT_TYPE), br#"{"code":"a.b"}"#);
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","status":503,"code":"a.b"}"#
    );
    // The body's status wins over the HTTP one when both are there.
    let p =
        ProblemDetails::from_response(500, Some(CONTENT_TYPE), br#"{"status":429,"code":"a.b"}"#);
    assert_eq!(p.status, Some(429));
    // An empty object is problem details with nothing but the status.
    let p = ProblemDetails::from_response(404, Some(CONTENT_TYPE), b"{}");
    assert_eq!(to_string(&p), r#"{"type":"about:blank","status":404}"#);
}

#[test]
fn transport_errors() {
    let p = ProblemDetails::transport("connection refused");
    assert_eq!(
        to_string(&p),
        r#"{"type":"about:blank","title":"Transport error","status":0,"detail":"connection refused","code":"transport.error"}"#
    );
    let io = std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "deadline \"exceeded\" after 30s",
    );
    let p = ProblemDetails::transport(&io);
    assert_eq!(p.detail.as_deref(), Some("deadline \"exceeded\" after 30s"));
    assert_eq!(p.code.as_deref(), Some("transport.error"));
    assert_eq!(p.status, Some(0));
    assert_eq!(p.namespace(), Some("transport"));
    assert_eq!(ProblemDetails::transport("").detail.as_deref(), Some(""));
}

#[test]
fn namespaces() {
    let ns = |code: Option<&str>| {
        let p = ProblemDetails {
            code: code.map(str::to_owned),
            ..ProblemDetails::default()
        };
        p.namespace().map(str::to_owned)
    };
    assert_eq!(ns(Some("auth.api_key.expired")).as_deref(), Some("auth"));
    assert_eq!(ns(Some("scans.not_found")).as_deref(), Some("scans"));
    assert_eq!(ns(Some("internal")).as_deref(), Some("internal"));
    // As the catalog groups them.
    for code in [
        "SCAN_NOT_FOUND",
        "scans.not_found",
        "internal",
        "Mixed_Case",
    ] {
        assert_eq!(
            ns(Some(code)).as_deref(),
            Some(problem_core::namespace_of(code))
        );
    }
    assert_eq!(ns(Some("SCAN_NOT_FOUND")).as_deref(), Some("SCAN"));
    assert_eq!(ns(Some("_X")), None);
    assert_eq!(ns(Some("http.404")).as_deref(), Some("http"));
    assert_eq!(ns(Some("")), None);
    assert_eq!(ns(Some(".x")), None);
    assert_eq!(ns(None), None);
}

#[test]
fn parsed_details_survive_a_second_trip() {
    for (status, ct, body) in [
        (
            404,
            Some(CONTENT_TYPE),
            &br#"{"title":5,"code":"a.b","x":[1],"errors":[{"path":"/p","code":"c"},7]}"#[..],
        ),
        (502, Some("text/html"), b"<h1>down</h1>"),
        (500, None, b"\xff\xfe"),
    ] {
        let p = ProblemDetails::from_response(status, ct, body);
        let again = ProblemDetails::from_response(
            status,
            Some(CONTENT_TYPE),
            &serde_json::to_vec(&p).unwrap(),
        );
        assert_eq!(again, p);
    }
}
