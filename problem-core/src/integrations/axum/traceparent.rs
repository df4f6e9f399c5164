//! The trace id of a request, from its W3C `traceparent` header.

use ::axum::http::HeaderMap;

/// The trace id of a W3C `traceparent` header (`00-<trace id>-<span id>-<flags>`).
/// Version `00` has exactly these four fields; a later version may add
/// fields after them; `ff` is invalid. The trace id and the parent (span) id
/// must not be all zeros.
pub(crate) fn trace_id_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("traceparent")?.to_str().ok()?;
    let mut parts = value.trim().split('-');
    let (version, trace, span, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let nonzero = |s: &str| s.bytes().any(|b| b != b'0');
    let valid = hex(version, 2)
        && version != "ff"
        && (version != "00" || parts.next().is_none())
        && hex(trace, 32)
        && nonzero(trace)
        && hex(span, 16)
        && nonzero(span)
        && hex(flags, 2);
    valid.then(|| trace.to_owned())
}

#[cfg(test)]
mod tests {
    use ::axum::http::HeaderValue;

    use super::*;

    #[test]
    fn traceparent() {
        let mut headers = HeaderMap::new();
        assert_eq!(trace_id_of(&headers), None);
        headers.insert(
            "traceparent",
            HeaderValue::from_static("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        // A later version may have more fields.
        headers.insert(
            "traceparent",
            HeaderValue::from_static("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"),
        );
        assert_eq!(
            trace_id_of(&headers).as_deref(),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "garbage",
        ] {
            headers.insert("traceparent", HeaderValue::from_static(bad));
            assert_eq!(trace_id_of(&headers), None, "{bad}");
        }
    }
}
