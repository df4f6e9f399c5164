//! proptest strategies for the typed errors of `support/model.rs`: values
//! that survive a round trip (`tests/test_roundtrip.rs` over JSON,
//! `tests/test_tonic.rs` over gRPC).
#![allow(dead_code)]

use std::time::Duration;

use problem_core::FieldError;
use proptest::prelude::*;

use crate::model::{ApiError, AuthError, TokenError, Window};

pub fn text() -> impl Strategy<Value = String> {
    // Any chars, including quotes, backslashes, controls and non-ASCII.
    proptest::collection::vec(any::<char>(), 0..12).prop_map(|c| c.into_iter().collect())
}

pub fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        text().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

pub fn field_error() -> impl Strategy<Value = FieldError> {
    (text(), text(), proptest::option::of(text())).prop_map(|(path, code, detail)| FieldError {
        path,
        code,
        detail,
    })
}

pub fn token_error() -> impl Strategy<Value = TokenError> {
    prop_oneof![
        any::<u64>().prop_map(|expired_at| TokenError::Expired { expired_at }),
        Just(TokenError::Malformed)
    ]
}

pub fn auth_error() -> impl Strategy<Value = AuthError> {
    prop_oneof![
        text().prop_map(|scope| AuthError::Forbidden { scope }),
        token_error().prop_map(AuthError::Token)
    ]
}

/// Every variant of `ApiError` that can be rebuilt, with values that survive
/// the wire: whole-second durations, an `Option` status other than the declared one.
pub fn api_error() -> impl Strategy<Value = ApiError> {
    let quota = (
        any::<u32>(),
        text(),
        any::<u32>(),
        proptest::option::of(text()),
        any::<u64>(),
    )
        .prop_map(|(limit, unit, size, scope, retry_after)| ApiError::Quota {
            limit,
            window: Window { unit, size },
            scope,
            retry_after,
        });
    let invalid = (
        proptest::collection::vec(field_error(), 0..4),
        text(),
        any::<usize>(),
    )
        .prop_map(|(errors, instance, count)| ApiError::Invalid {
            errors,
            instance,
            count,
        });
    // A status field round-trips when it holds an error status; any other
    // value is ignored (the declared status), see tests/test_status_field.rs.
    let upstream = (400u16..600, any::<u64>(), proptest::option::of(text())).prop_map(
        |(status, secs, instance)| ApiError::Upstream {
            status,
            retry_after: Duration::from_secs(secs),
            instance,
        },
    );
    let maybe = (
        proptest::option::of((400u16..600).prop_filter("declared", |s| *s != 503)),
        proptest::option::of(any::<u64>()),
    )
        .prop_map(|(status, secs)| ApiError::MaybeUpstream {
            status,
            retry_after: secs.map(Duration::from_secs),
        });
    let tuple = (
        text(),
        proptest::collection::vec(any::<u8>(), 0..8),
        any::<i64>(),
        json_value(),
    )
        .prop_map(|(a, b, c, d)| ApiError::Tuple(a, b, c, d));
    prop_oneof![
        quota,
        invalid,
        upstream,
        maybe,
        tuple,
        Just(ApiError::Unit),
        auth_error().prop_map(ApiError::Auth)
    ]
}
