//! Codes shared by types that never meet are found at run time: the gateway
//! team's crate (`tests/registry/clash`) reuses a code and an alias of the
//! auth team's `AuthError` and the code of the scan team's generic
//! `PageError`. Nothing combines these types, so no compile-time check
//! compares them; `assert_unique_codes_in_binary` does, naming each code and
//! the types that use it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use problem_core::Problem;
use problem_core::registry::{self, CodeUse};
// Nothing else of the gateway's crate is named: this line links it, and so
// registers its type (without it, the compiler would leave the crate out).
use registry_clash as _;
use registry_scans::ScanError;

/// A use of a duplicate: (type, whether it is the problem's code, wrapped).
type Use = (&'static str, bool, bool);

/// The duplicates, as (code, uses).
fn duplicates() -> Vec<(&'static str, Vec<Use>)> {
    let err = registry::check_unique_codes().unwrap_err();
    err.duplicates()
        .iter()
        .map(|d| {
            let uses = d
                .uses
                .iter()
                .map(|u: &CodeUse| (u.type_name, u.problem.code == d.code, u.wrapped))
                .collect();
            (d.code, uses)
        })
        .collect()
}

#[test]
fn types_that_never_meet_are_compared() {
    // `ScanError` wraps `AuthError`, so it brings the auth codes too: they
    // are still counted once, under `AuthError`.
    assert_eq!(ScanError::CATALOG.len(), 4);
    assert_eq!(
        duplicates(),
        [
            (
                "auth.forbidden",
                vec![
                    ("registry_auth::AuthError", false, false),
                    ("registry_clash::GateError", false, false),
                ]
            ),
            (
                "auth.scope.missing",
                vec![
                    ("registry_auth::AuthError", true, false),
                    ("registry_clash::GateError", true, false),
                ]
            ),
            (
                // The generic `PageError<u32>` is named by the type that wraps it.
                "page.out_of_range",
                vec![
                    ("registry_clash::GateError", true, false),
                    ("registry_scans::ScanError", true, true),
                ]
            ),
        ]
    );
}

#[test]
fn the_assertion_names_every_duplicate_and_the_types_that_use_it() {
    let panic = catch_unwind(AssertUnwindSafe(
        problem_core::testing::assert_unique_codes_in_binary,
    ))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        message,
        "3 problem codes used more than once in this binary; every code and alias must be \
         unique, so rename all uses but one:\n  \
         `auth.forbidden`: alias of `auth.scope.missing` in `registry_auth::AuthError`, \
         alias of `gate.closed` in `registry_clash::GateError`\n  \
         `auth.scope.missing`: code in `registry_auth::AuthError`, code in `registry_clash::GateError`\n  \
         `page.out_of_range`: code in `registry_clash::GateError`, code in a generic type \
         wrapped by `registry_scans::ScanError`"
    );
    assert_eq!(
        registry::check_unique_codes().unwrap_err().to_string(),
        *message
    );
}

#[test]
fn the_binary_site_lists_both_uses_of_a_shared_code() {
    let catalog = registry::catalog();
    let uses = catalog
        .iter()
        .filter(|s| s.code == "auth.scope.missing")
        .count();
    assert_eq!(uses, 2);
}
