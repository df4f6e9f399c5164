//! The text of `google.rpc.ErrorInfo.metadata`: the members of a problem that
//! have no field of their own in a gRPC status, one string each, both ways.
//!
//! The keys are the members' names. `type`, `status`, `title`, `instance` and
//! `trace_id` are written as they are (`status` in decimal); each extension
//! member is written by [`value_text`] and read back by [`value_from_text`].

use serde_json::Value;

/// The `type` URI.
pub(crate) const TYPE: &str = "type";
/// The HTTP status, in decimal.
pub(crate) const STATUS: &str = "status";
/// The title: what the message is when it is not the detail.
pub(crate) const TITLE: &str = "title";
/// The `instance` URI, when there is one.
pub(crate) const INSTANCE: &str = "instance";
/// The `trace_id`, when there is one.
pub(crate) const TRACE_ID: &str = "trace_id";

/// An extension value as metadata text: a string as itself, anything else as
/// its JSON text. A string that would read back as another JSON value
/// (`"42"`, `"true"`, `"null"`, `"[1]"`, `"\"quoted\""`) is written as its
/// JSON text too, quoted, so that [`value_from_text`] reads every value back
/// as it was.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) if !reads_as_json(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A metadata text as the extension value it stands for: its JSON value when
/// it is JSON text, else the text as a string.
pub(crate) fn value_from_text(text: &str) -> Value {
    may_be_json(text)
        .then(|| serde_json::from_str(text).ok())
        .flatten()
        .unwrap_or_else(|| Value::String(text.to_owned()))
}

/// Whether [`value_from_text`] reads `text` as JSON (the same test and the
/// same parser, so that the two agree on every text).
fn reads_as_json(text: &str) -> bool {
    may_be_json(text) && serde_json::from_str::<Value>(text).is_ok()
}

/// Whether `text` can be JSON at all: its first character after whitespace
/// starts a JSON value. Most strings do not, and skip the parser.
fn may_be_json(text: &str) -> bool {
    matches!(
        text.trim_start().bytes().next(),
        Some(b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' | b'[' | b'{')
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn strings_are_themselves_unless_they_look_like_json() {
        assert_eq!(value_text(&json!("scans:write")), "scans:write");
        assert_eq!(value_text(&json!("")), "");
        assert_eq!(value_text(&json!("42")), r#""42""#);
        assert_eq!(value_text(&json!(" true ")), r#"" true ""#);
        assert_eq!(value_text(&json!(r#""q""#)), r#""\"q\"""#);
        assert_eq!(value_text(&json!(42)), "42");
        assert_eq!(value_text(&json!({"a": [1, null]})), r#"{"a":[1,null]}"#);
    }

    #[test]
    fn every_value_reads_back_as_it_was() {
        for value in [
            json!("scans:write"),
            json!(""),
            json!("42"),
            json!("null"),
            json!("[1]"),
            json!(r#""q""#),
            json!("1e400"),
            json!("{"),
            json!(42),
            json!(-1.5),
            json!(u64::MAX),
            json!(true),
            json!(null),
            json!([1, "a", {"b": null}]),
            json!({"limit": 100, "unit": "scans"}),
        ] {
            assert_eq!(value_from_text(&value_text(&value)), value, "{value}");
        }
    }

    #[test]
    fn any_text_reads_as_a_value() {
        assert_eq!(
            value_from_text("pubsub.googleapis.com"),
            json!("pubsub.googleapis.com")
        );
        assert_eq!(value_from_text("100"), json!(100));
        let deep = "[".repeat(10_000);
        assert_eq!(value_from_text(&deep), json!(deep));
    }
}
