//! [`ProblemDetails`], the owned form of any problem, and [`FieldError`]:
//! plain data, read leniently from JSON (any of the three envelope shapes)
//! and serialized in the envelope's member order.

use serde::Serialize;
use serde::de::{Deserialize, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};
#[cfg(any(feature = "http", feature = "tonic"))]
use std::borrow::Cow;

/// Whether `status` is an error status (400..=599), as
/// `status::error_status` says: a leaf in the same layer as this one, which
/// `protocol` (a layer up) reads.
#[cfg(any(feature = "http", feature = "actix-web", feature = "tonic"))]
fn is_error_status(status: Option<u16>) -> bool {
    status.is_some_and(|status| (400..=599).contains(&status))
}

/// One entry of the `errors` member: what is wrong with one input field.
///
/// ```
/// use problem_core::FieldError;
///
/// let e = FieldError { path: "/email".into(), code: "format".into(), detail: Some("not an email address".into()) };
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"path":"/email","code":"format","detail":"not an email address"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Where the error is, as a JSON Pointer into the request (`/items/0/name`)
    /// or a parameter name.
    pub path: String,
    /// A machine-readable code for this field's error, such as `required`.
    pub code: String,
    /// A human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl FieldError {
    /// Reads a field error from JSON leniently: `path` and `code` must be
    /// strings; a `detail` of another type is dropped.
    fn from_value(value: &Value) -> Option<Self> {
        let obj = value.as_object()?;
        Some(FieldError {
            path: obj.get("path")?.as_str()?.to_owned(),
            code: obj.get("code")?.as_str()?.to_owned(),
            detail: obj.get("detail").and_then(Value::as_str).map(str::to_owned),
        })
    }
}

/// RFC 9457 problem details from any source, owned: what a client parses,
/// and what [`Problem::to_details`](crate::Problem::to_details) gives.
///
/// Deserialization is lenient, as RFC 9457 section 3.1 asks: a standard member
/// of the wrong JSON type is ignored, and every member this struct does not
/// name is kept in [`extensions`](ProblemDetails::extensions) and serialized
/// back. Serialization writes the members in the envelope's order, with the
/// extensions flattened at the top level (in `serde_json::Map` order: sorted by
/// key, unless `serde_json`'s `preserve_order` feature is on) and `None`
/// members and an empty `errors` left out. An entry of `extensions` named like
/// a standard member (`type`, `title`, `status`, `detail`, `instance`, `code`,
/// `request_id`, `trace_id`, `errors`) is not written: the field is.
///
/// Unknown members are kept as [`serde_json::Value`]s, so they come back
/// equal in value but not always in spelling: an integer that fits 64 bits
/// is exact, a larger or fractional number is an `f64` (`1e2` is written
/// back as `100.0`, `123456789012345678901234567890` as
/// `1.2345678901234568e+29`, `-0` as `-0.0`), and strings, booleans, arrays and objects are
/// unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemDetails {
    /// The `type` URI; `about:blank` when absent.
    pub type_uri: String,
    /// The `title` member.
    pub title: Option<String>,
    /// The `status` member.
    pub status: Option<u16>,
    /// The `detail` member.
    pub detail: Option<String>,
    /// The `instance` member.
    pub instance: Option<String>,
    /// The `code` member.
    pub code: Option<String>,
    /// The `request_id` member.
    pub request_id: Option<String>,
    /// The `trace_id` member.
    pub trace_id: Option<String>,
    /// The `errors` member.
    pub errors: Vec<FieldError>,
    /// Every other member.
    pub extensions: Map<String, Value>,
}

impl Default for ProblemDetails {
    fn default() -> Self {
        ProblemDetails {
            type_uri: ABOUT_BLANK.to_owned(),
            title: None,
            status: None,
            detail: None,
            instance: None,
            code: None,
            request_id: None,
            trace_id: None,
            errors: Vec::new(),
            extensions: Map::new(),
        }
    }
}

pub(crate) const ABOUT_BLANK: &str = "about:blank";

/// The members [`ProblemDetails`] has a field for, never written from `extensions`.
pub(crate) const STANDARD_MEMBERS: [&str; 9] = [
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "request_id",
    "trace_id",
    "errors",
];

impl ProblemDetails {
    /// Reads problem details from a JSON object, leniently (see the type's docs).
    ///
    /// Each standard member is taken out of the object when it has its JSON
    /// type and dropped when it has another (RFC 9457 section 3.1): `type`,
    /// `title`, `detail`, `instance`, `code`, `request_id` and `trace_id` must
    /// be strings (an empty `type` counts as absent: `about:blank`); `status`
    /// an integer in `0..=65535` (`404.0` counts, `"404"` does not); `errors`
    /// an array, whose entries that are not objects with string `path` and
    /// `code` are dropped. Every other member is kept, unchanged, in
    /// [`extensions`](ProblemDetails::extensions).
    ///
    /// The two other [envelope shapes](crate::EnvelopeShape) are recognised
    /// and read as the RFC 9457 members they carry:
    ///
    /// - **wrapped**: an object without `type`, `title`, `detail` and
    ///   `code`, whose `error` member is an object with a string `code`. The
    ///   members of `error` are read as those of a flat envelope (below),
    ///   then the other top-level members beside `error` (a member of `error`
    ///   wins over a top-level one of the same name; `schema_version` is
    ///   dropped); `retryable` becomes an extension.
    /// - **flat**: an object without `type`, `title` and `detail`, with a
    ///   string `code` and a `message`. `message` becomes `detail`, and each
    ///   member of a `details` object becomes a member of its own (`instance`,
    ///   `errors`, `retry_after`, extensions), winning over one of the same
    ///   name beside `details`; those named like another standard member
    ///   (`code`, `title`, ...), which would overwrite the envelope's own,
    ///   stay together as the extension `details`. A `details` that is not an
    ///   object is kept as the extension `details`.
    ///
    /// ```
    /// use problem_core::ProblemDetails;
    ///
    /// let flat: ProblemDetails = serde_json::from_str(
    ///     r#"{"code":"SW_ROOM_NOT_FOUND","message":"room 7 not found","request_id":"r-1","details":{"room":7}}"#,
    /// )
    /// .unwrap();
    /// assert_eq!(flat.code.as_deref(), Some("SW_ROOM_NOT_FOUND"));
    /// assert_eq!(flat.detail.as_deref(), Some("room 7 not found"));
    /// assert_eq!(flat.request_id.as_deref(), Some("r-1"));
    /// assert_eq!(flat.extension("room"), Some(&serde_json::json!(7)));
    /// ```
    ///
    /// ```
    /// use problem_core::ProblemDetails;
    /// use serde_json::json;
    ///
    /// let Ok(serde_json::Value::Object(obj)) =
    ///     serde_json::from_str(r#"{"title":5,"status":"404","code":"a.b","limit":3}"#)
    /// else {
    ///     unreachable!()
    /// };
    /// let p = ProblemDetails::from_json_object(obj);
    /// assert_eq!((p.title, p.status, p.code.as_deref()), (None, None, Some("a.b")));
    /// assert_eq!(p.extensions.get("limit"), Some(&json!(3)));
    /// ```
    #[must_use]
    pub fn from_json_object(obj: Map<String, Value>) -> Self {
        let mut obj = unwrap_shape(obj);
        fn string(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
            match obj.remove(key)? {
                Value::String(s) => Some(s),
                _ => None,
            }
        }
        fn status(value: &Value) -> Option<u16> {
            let Value::Number(n) = value else { return None };
            if let Some(n) = n.as_u64() {
                return u16::try_from(n).ok();
            }
            // An integral float such as `404.0` is the same JSON number.
            let f = n.as_f64()?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            (f.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(&f)).then_some(f as u16)
        }
        let mut details = ProblemDetails {
            type_uri: string(&mut obj, "type")
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| ABOUT_BLANK.to_owned()),
            title: string(&mut obj, "title"),
            status: obj.remove("status").as_ref().and_then(status),
            detail: string(&mut obj, "detail"),
            instance: string(&mut obj, "instance"),
            code: string(&mut obj, "code"),
            request_id: string(&mut obj, "request_id"),
            trace_id: string(&mut obj, "trace_id"),
            errors: Vec::new(),
            extensions: Map::new(),
        };
        if let Some(Value::Array(items)) = obj.remove("errors") {
            details.errors = items.iter().filter_map(FieldError::from_value).collect();
        }
        details.extensions = obj;
        details
    }

    /// The extension member `name`, if present.
    #[must_use]
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.extensions.get(name)
    }

    /// Fits the details to be sent (as a response or a gRPC status):
    /// details whose `status` is absent or not an error status (a client's
    /// transport error's 0) are sent as a 500, and, as any 5xx detail the
    /// library renders, their detail is withheld: it was written for the
    /// client's side (a transport error's URL, token and all). Returns the
    /// detail withheld, for the logs. Details with an error status are sent
    /// as they are: they are what a server chose to send.
    #[cfg(any(feature = "http", feature = "actix-web", feature = "tonic"))]
    pub(crate) fn fit_to_send(&mut self) -> Option<String> {
        if is_error_status(self.status) {
            return None;
        }
        self.status = Some(500);
        self.detail.take()
    }

    /// The details fitted to be sent ([`fit_to_send`](Self::fit_to_send)),
    /// copied only when fitting changes them, and the detail withheld.
    #[cfg(any(feature = "http", feature = "tonic"))]
    pub(crate) fn fitted(&self) -> (Cow<'_, ProblemDetails>, Option<String>) {
        if is_error_status(self.status) {
            return (Cow::Borrowed(self), None);
        }
        let mut fit = self.clone();
        let withheld = fit.fit_to_send();
        (Cow::Owned(fit), withheld)
    }

    /// The details as JSON bytes, as a response body.
    #[cfg(any(feature = "http", feature = "actix-web"))]
    pub(crate) fn to_json(&self) -> Vec<u8> {
        // Serializing a `ProblemDetails` (strings, integers and `serde_json`
        // values) into a `Vec` cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The `retry_after` member in seconds, if present and a non-negative integer.
    #[must_use]
    pub fn retry_after(&self) -> Option<u64> {
        self.extensions.get("retry_after").and_then(Value::as_u64)
    }
}

impl Serialize for ProblemDetails {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &self.type_uri)?;
        if let Some(v) = &self.title {
            map.serialize_entry("title", v)?;
        }
        if let Some(v) = &self.status {
            map.serialize_entry("status", v)?;
        }
        for (key, value) in [
            ("detail", &self.detail),
            ("instance", &self.instance),
            ("code", &self.code),
            ("request_id", &self.request_id),
            ("trace_id", &self.trace_id),
        ] {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        for (key, value) in &self.extensions {
            // A standard member's name in `extensions` (only code that fills
            // the map by hand can put one there) would write the key twice.
            if !STANDARD_MEMBERS.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        if !self.errors.is_empty() {
            map.serialize_entry("errors", &self.errors)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ProblemDetails {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let obj = Map::<String, Value>::deserialize(deserializer)?;
        Ok(ProblemDetails::from_json_object(obj))
    }
}

/// A wrapped or flat envelope as the RFC 9457 members it carries; any other
/// object as it is. See [`ProblemDetails::from_json_object`].
fn unwrap_shape(mut obj: Map<String, Value>) -> Map<String, Value> {
    // Members only an RFC 9457 envelope has.
    let rfc = ["type", "title", "detail"]
        .iter()
        .any(|key| obj.contains_key(*key));
    if rfc {
        return obj;
    }
    let wrapped = !obj.contains_key("code")
        && obj
            .get("error")
            .and_then(Value::as_object)
            .is_some_and(|error| error.get("code").is_some_and(Value::is_string));
    if wrapped {
        let Some(Value::Object(error)) = obj.remove("error") else {
            return obj;
        };
        obj.remove("schema_version");
        let mut out = lift(error);
        for (key, value) in obj {
            out.entry(key).or_insert(value);
        }
        return out;
    }
    let flat = obj.get("code").is_some_and(Value::is_string) && obj.contains_key("message");
    if flat { lift(obj) } else { obj }
}

/// The members of a flat envelope (or of a wrapped envelope's `error`) as
/// RFC 9457 members: `message` is the detail, and `details` members stand
/// on their own.
fn lift(mut obj: Map<String, Value>) -> Map<String, Value> {
    if let Some(message) = obj.remove("message") {
        obj.insert("detail".to_owned(), message);
    }
    match obj.remove("details") {
        Some(Value::Object(details)) => {
            // Members named like the envelope's own would overwrite them:
            // they stay together as the extension `details`.
            let mut rest = Map::new();
            for (key, value) in details {
                let own = matches!(key.as_str(), "instance" | "errors");
                if own || !STANDARD_MEMBERS.contains(&key.as_str()) {
                    obj.insert(key, value);
                } else {
                    rest.insert(key, value);
                }
            }
            if !rest.is_empty() {
                obj.insert("details".to_owned(), Value::Object(rest));
            }
        }
        Some(other) => {
            obj.insert("details".to_owned(), other);
        }
        None => {}
    }
    obj
}
