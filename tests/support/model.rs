//! The typed errors the client tests decode into: every field role, aliases,
//! transparent nesting two levels deep, a generic enum, variants that cannot
//! be rebuilt, and a type in each of the wrapped and flat envelope shapes.
//! Shared by `tests/test_roundtrip.rs`, `tests/test_client_fuzz.rs` and the
//! fuzz targets in `fuzz/`.
#![allow(dead_code)]

use std::time::Duration;

use problem_core::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// A structured extension value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
    #[serde(rename = "per")]
    pub unit: String,
    pub size: u32,
}

/// An extension type that cannot be deserialized: its variant is never rebuilt.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WriteOnly(pub u8);

#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(type_base = "https://errors.example.com/")]
pub enum ApiError {
    /// Extensions: plain, renamed, `Option`, structured; `retry_after` as `u64`; aliases.
    #[problem(
        code = "api.quota",
        status = 429,
        alias = "api.rate_limited",
        alias = "legacy.quota",
        detail = "limit {limit} reached"
    )]
    Quota {
        #[problem(extension)]
        limit: u32,
        #[problem(extension = "window")]
        window: Window,
        #[problem(extension)]
        scope: Option<String>,
        #[problem(retry_after)]
        retry_after: u64,
    },

    /// `errors`, a `String` instance, an extension also named in the detail.
    #[problem(
        code = "api.invalid",
        status = 422,
        detail = "{count} fields are invalid"
    )]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(instance)]
        instance: String,
        #[problem(extension)]
        count: usize,
    },

    /// A `u16` status field, a `Duration` retry-after, an `Option<String>` instance.
    #[problem(code = "api.upstream", status = 502)]
    Upstream {
        #[problem(status)]
        status: u16,
        #[problem(retry_after)]
        retry_after: Duration,
        #[problem(instance)]
        instance: Option<String>,
    },

    /// `Option` status and retry-after fields.
    #[problem(code = "api.maybe_upstream", status = 503)]
    MaybeUpstream {
        #[problem(status)]
        status: Option<u16>,
        #[problem(retry_after)]
        retry_after: Option<Duration>,
    },

    /// A tuple variant with renamed extensions of several JSON types.
    #[problem(code = "api.tuple", status = 400)]
    Tuple(
        #[problem(extension = "name")] String,
        #[problem(extension = "bytes")] Vec<u8>,
        #[problem(extension = "delta")] i64,
        #[problem(extension = "any")] serde_json::Value,
    ),

    /// No fields at all.
    #[problem(code = "api.unit", status = 404)]
    Unit,

    /// A field without a marker: never rebuilt.
    #[problem(code = "api.plain", status = 400, detail = "bad {what}")]
    Plain { what: String },

    /// One marked field and one unmarked: never rebuilt.
    #[problem(code = "api.mixed", status = 409)]
    Mixed {
        #[problem(extension)]
        id: u64,
        secret: String,
    },

    /// An extension that does not implement `Deserialize`: never rebuilt.
    #[problem(code = "api.write_only", status = 400)]
    WriteOnlyExt {
        #[problem(extension)]
        value: WriteOnly,
    },

    /// A borrowed extension: never rebuilt.
    #[problem(code = "api.borrowed", status = 400)]
    Borrowed {
        #[problem(extension)]
        name: &'static str,
    },

    #[problem(transparent)]
    Auth(AuthError),
}

#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(type_base = "https://errors.example.com/")]
pub enum AuthError {
    #[problem(code = "auth.forbidden", status = 403, alias = "auth.scope.missing")]
    Forbidden {
        #[problem(extension)]
        scope: String,
    },
    #[problem(transparent)]
    Token(TokenError),
}

#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(
    type_base = "https://errors.example.com/",
    code_prefix = "auth.token.",
    rename_all = "snake_case"
)]
pub enum TokenError {
    /// Code derived from the name: `auth.token.expired`.
    #[problem(status = 401, alias = "auth.jwt.expired")]
    Expired {
        #[problem(extension)]
        expired_at: u64,
    },
    /// `auth.token.malformed`.
    #[problem(status = 401)]
    Malformed,
}

/// A generic enum: an extension of a parameter type and a transparent parameter.
#[derive(Clone, Debug, PartialEq, Problem)]
pub enum Generic<T, E> {
    #[problem(code = "generic.value", status = 400)]
    Value {
        #[problem(extension)]
        value: T,
    },
    #[problem(transparent)]
    Inner(E),
}

/// A struct is one problem.
#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(
    code = "single.conflict",
    status = 409,
    detail = "version {version} is stale"
)]
pub struct Conflict {
    #[problem(extension)]
    pub version: u64,
    #[problem(instance)]
    pub instance: Option<String>,
}

/// The wrapped shape (`{"schema_version":1,"error":{..}}`): every field role
/// inside `error.details`, extensions named like the shape's own members
/// (`retryable`, `message`, `schema_version`: the `details` member wins over
/// `error`'s own), and an RFC 9457 type of the model wrapped transparently.
#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(envelope = "wrapped", type_base = "https://errors.example.com/")]
pub enum WrappedError {
    /// Extensions: plain, `Option`, structured; `retry_after` as `u64`; an alias.
    #[problem(
        code = "wrapped.quota",
        status = 429,
        alias = "wrapped.rate_limited",
        detail = "limit {limit} reached"
    )]
    Quota {
        #[problem(extension)]
        limit: u32,
        #[problem(extension)]
        scope: Option<String>,
        #[problem(extension = "window")]
        window: Window,
        #[problem(retry_after)]
        retry_after: u64,
    },

    /// `errors`, a `String` instance, an extension also named in the detail.
    #[problem(
        code = "wrapped.invalid",
        status = 422,
        detail = "{count} fields are invalid"
    )]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(instance)]
        instance: String,
        #[problem(extension)]
        count: usize,
    },

    /// A `u16` status field, an `Option<Duration>` retry-after, an `Option`
    /// instance, and a withheld 5xx detail (the message is the title).
    #[problem(
        code = "wrapped.upstream",
        status = 502,
        detail = "upstream {node} failed"
    )]
    Upstream {
        #[problem(status)]
        status: u16,
        #[problem(retry_after)]
        retry_after: Option<Duration>,
        #[problem(instance)]
        instance: Option<String>,
        #[problem(extension)]
        node: String,
    },

    /// Extensions named like members of the wrapped envelope.
    #[problem(code = "wrapped.shadow", status = 400)]
    Shadow {
        #[problem(extension = "retryable")]
        again: String,
        #[problem(extension = "schema_version")]
        version: Option<u32>,
        #[problem(extension = "message")]
        message: Option<String>,
    },

    /// No fields at all: `details` is `{}`.
    #[problem(code = "wrapped.unit", status = 404)]
    Unit,

    #[problem(transparent)]
    Auth(AuthError),
}

/// The flat shape (`{"code","message",..,"details"?}`): derived screaming
/// codes, every field role inside `details`, extensions named like the
/// shape's own members (`message`, `details`, `error`), and an RFC 9457 type
/// of the model wrapped transparently.
#[derive(Clone, Debug, PartialEq, Problem)]
#[problem(
    envelope = "flat",
    code_prefix = "FLAT_",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum FlatError {
    /// `FLAT_NOT_FOUND`: an extension named in the detail, an `Option` extension; an alias.
    #[problem(
        status = 404,
        alias = "SW_ROOM_NOT_FOUND",
        detail = "room {room} not found"
    )]
    NotFound {
        #[problem(extension)]
        room: u32,
        #[problem(extension)]
        hint: Option<String>,
    },

    /// `FLAT_INVALID`: `errors` and an `Option` instance.
    #[problem(status = 422, detail = "the booking is invalid")]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
        #[problem(instance)]
        instance: Option<String>,
    },

    /// `FLAT_BUSY`: an `Option` status field, a `Duration` retry-after, a
    /// withheld 5xx detail over an extension.
    #[problem(status = 503, detail = "node {2} is busy")]
    Busy(
        #[problem(status)] Option<u16>,
        #[problem(retry_after)] Duration,
        #[problem(extension = "node")] String,
    ),

    /// `FLAT_ECHO`: extensions named like members of the flat envelope.
    #[problem(status = 400)]
    Echo {
        #[problem(extension = "message")]
        message: String,
        #[problem(extension = "details")]
        details: Vec<u8>,
        #[problem(extension = "error")]
        error: Option<String>,
    },

    /// `FLAT_GONE`: no fields; the flat shape leaves out an empty `details`.
    #[problem(status = 410, retryable)]
    Gone,

    #[problem(transparent)]
    Conflict(Conflict),
}

/// Two field errors, one with a detail and one without.
pub fn field_errors() -> Vec<FieldError> {
    vec![
        FieldError {
            path: "/email".into(),
            code: "format".into(),
            detail: Some("not an email".into()),
        },
        FieldError {
            path: "/age".into(),
            code: "required".into(),
            detail: None,
        },
    ]
}
