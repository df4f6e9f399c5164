//! The link-time registry (`registry` feature) across crates that never meet:
//! the fixture crates of `tests/registry/` (`registry-auth`, `registry-scans`,
//! which wraps the auth crate's type and a generic type, and
//! `registry-billing`) name nothing of each other's except that one wrapper.
//! Here, under `cargo test`, and in the `registry-fixture` binary, which
//! links the same crates, every type is registered once, the binary's
//! catalog and site hold every code once, and the codes are unique.
//!
//! This file derives no type of its own, so that its registry is the
//! binary's: the fixture crates' types and problem_core's `RequestProblem`.
//! `tests/test_registry_clash.rs` links a crate that reuses their codes.

use std::collections::BTreeSet;
use std::process::Command;

#[path = "support/temp.rs"]
mod temp;

use temp::{TempDir, files};

use problem_core::testing::{Change, SnapshotError, SnapshotMode, check_catalog_snapshot};
use problem_core::{Catalog, Problem, RequestProblem, registry};
use registry_auth::{AuthError, SessionError};
use registry_billing::{BillingError, QuotaError};
use registry_scans::{PageError, ScanError};

/// Every code of the given catalogs, each once, sorted.
fn codes_of(catalogs: &[Catalog]) -> BTreeSet<&'static str> {
    catalogs
        .iter()
        .flat_map(Catalog::iter)
        .map(|s| s.code)
        .collect()
}

/// The codes of the types linked into this binary, from their own catalogs.
fn expected_codes() -> BTreeSet<&'static str> {
    codes_of(&[
        AuthError::CATALOG,
        SessionError::<'static>::CATALOG,
        ScanError::CATALOG,
        BillingError::CATALOG,
        RequestProblem::CATALOG,
    ])
}

#[test]
fn every_derived_type_of_every_linked_crate_is_registered_once() {
    let names: Vec<&str> = registry::catalogs()
        .iter()
        .map(registry::TypeCatalog::type_name)
        .collect();
    // Sorted by name; the generic `PageError` and `QuotaError` cannot register.
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(
        names[0].starts_with("problem_core::") && names[0].ends_with("::RequestProblem"),
        "{names:?}"
    );
    assert_eq!(
        names[1..],
        [
            "registry_auth::AuthError",
            // A lifetime-only type, registered as `SessionError<'static>`.
            "registry_auth::SessionError",
            "registry_billing::BillingError",
            "registry_scans::ScanError",
        ]
    );
    // Each entry is the type's `CATALOG`: the wrapper's includes the types it wraps.
    let by_name = |suffix: &str| {
        registry::catalogs()
            .iter()
            .find(|t| t.type_name().ends_with(suffix))
            .map(|t| codes_of(&[*t.catalog()]))
            .unwrap()
    };
    assert_eq!(by_name("::ScanError"), codes_of(&[ScanError::CATALOG]));
    assert_eq!(
        by_name("::ScanError"),
        BTreeSet::from([
            "auth.api_key.invalid",
            "auth.scope.missing",
            "page.out_of_range",
            "scans.not_found"
        ])
    );
    assert_eq!(by_name("::AuthError"), codes_of(&[AuthError::CATALOG]));
    assert_eq!(
        by_name("::SessionError"),
        codes_of(&[SessionError::<'static>::CATALOG])
    );
    // The same slice every time.
    assert!(std::ptr::eq(registry::catalogs(), registry::catalogs()));
}

#[test]
fn the_binary_catalog_has_every_problem_once() {
    let catalog = registry::catalog();
    let codes: Vec<&str> = catalog.iter().map(|s| s.code).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    // `AuthError` is registered and wrapped by `ScanError`: listed once.
    assert_eq!(codes.len(), unique.len(), "{codes:?}");
    assert_eq!(unique, expected_codes());
    assert_eq!(catalog.len(), unique.len());
    // Through a transparent wrapper, through a generic type, and on its own.
    for code in [
        "auth.forbidden",
        "page.out_of_range",
        "billing.out_of_credit",
        "resource.not_found",
    ] {
        assert!(catalog.find(code).is_some(), "{code}");
    }
    // The limit: a generic type that no registered type wraps is not seen.
    let quota = QuotaError::<u8>::CATALOG.iter().next().unwrap().code;
    assert!(catalog.find(quota).is_none());
    // `PageError<u32>` is seen through `ScanError`; on its own it is not registered.
    assert_eq!(PageError::<u32>::CATALOG.len(), 1);
    assert_eq!(
        catalog.type_base().as_deref(),
        Some("https://docs.example.com/errors/")
    );
}

#[test]
fn types_that_never_meet_are_compared_and_are_unique_here() {
    // `ScanError` and the `AuthError` it wraps share codes: one problem each,
    // not a duplicate.
    assert_eq!(registry::check_unique_codes(), Ok(()));
    problem_core::testing::assert_unique_codes_in_binary();
}

#[test]
fn markdown_and_json_of_the_binary_have_every_code() {
    let markdown = registry::to_markdown();
    assert_eq!(markdown, registry::catalog().to_markdown());
    for code in expected_codes() {
        assert_eq!(
            markdown.matches(&format!("`{code}`")).count(),
            1,
            "{code} in\n{markdown}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&registry::to_json()).unwrap();
    let codes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    // Sorted by code, each once.
    assert_eq!(codes, expected_codes().into_iter().collect::<Vec<_>>());
}

// ---- the site ----------------------------------------------------------------

#[test]
fn the_binary_site_has_a_page_for_every_code() {
    let dir = TempDir::new("registry-site");
    registry::write_html(&dir.0).unwrap();
    let mut expected: Vec<String> = expected_codes()
        .into_iter()
        .map(|code| format!("{code}/index.html"))
        .collect();
    expected.push("index.html".to_owned());
    expected.sort();
    assert_eq!(files(&dir.0), expected);
    let read = |path: &str| std::fs::read_to_string(dir.0.join(path)).unwrap();
    let index = read("index.html");
    for code in expected_codes() {
        assert!(
            index.contains(&format!(
                "<a href=\"{code}/index.html\"><code>{code}</code></a>"
            )),
            "{code}"
        );
    }
    assert!(read("auth.scope.missing/index.html").contains(
        "<link rel=\"canonical\" href=\"https://docs.example.com/errors/auth.scope.missing\">"
    ));
}

// ---- the snapshot contract -------------------------------------------------------

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/registry.json");

#[test]
fn the_binary_catalog_matches_its_snapshot() {
    problem_core::testing::assert_catalog_snapshot(registry::catalog(), SNAPSHOT);
}

#[test]
fn a_code_gone_from_any_crate_breaks_the_binary_contract() {
    // A snapshot recorded when the billing crate had one more code.
    let dir = TempDir::new("registry-snapshot");
    let path = dir.0.join("registry.json");
    let mut snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SNAPSHOT).unwrap()).unwrap();
    snapshot["problems"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "code": "billing.refunded",
            "namespace": "billing",
            "status": 409,
            "title": "Refunded",
            "type": "https://docs.example.com/errors/billing.refunded",
            "retryable": false,
            "aliases": [],
            "description": ""
        }));
    std::fs::write(&path, serde_json::to_string_pretty(&snapshot).unwrap()).unwrap();
    let err = check_catalog_snapshot(registry::catalog(), &path, SnapshotMode::Check).unwrap_err();
    let SnapshotError::Broken { changes, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(
        changes,
        [Change::Removed {
            code: "billing.refunded".to_owned(),
            status: 409,
            type_uri: "https://docs.example.com/errors/billing.refunded".to_owned(),
            alias_of: None,
        }]
    );
}

// ---- in a binary -------------------------------------------------------------

/// Runs the `registry-fixture` binary (built by cargo for this test).
fn fixture(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_registry-fixture"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_binary_linking_the_same_crates_has_the_same_registry() {
    let types: String = registry::catalogs()
        .iter()
        .map(|t| format!("{} {}\n", t.type_name(), t.catalog().len()))
        .collect();
    assert_eq!(fixture(&["types"]), (true, types, String::new()));
    assert_eq!(
        fixture(&["markdown"]),
        (true, registry::to_markdown(), String::new())
    );
    assert_eq!(
        fixture(&["json"]),
        (true, registry::to_json(), String::new())
    );
    assert_eq!(
        fixture(&["check"]),
        (true, "ok\n".to_owned(), String::new())
    );

    let dir = TempDir::new("registry-fixture-site");
    let (ours, theirs) = (dir.0.join("test"), dir.0.join("bin"));
    registry::write_html(&ours).unwrap();
    let (ok, _, stderr) = fixture(&["html", theirs.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let paths = files(&ours);
    assert_eq!(files(&theirs), paths);
    for path in paths {
        assert_eq!(
            std::fs::read(theirs.join(&path)).unwrap(),
            std::fs::read(ours.join(&path)).unwrap(),
            "{path}"
        );
    }
}
