//! The compact form: `#[problem("scans.not_found", 404, ..)]` means
//! `#[problem(code = "scans.not_found", status = 404, ..)]`, on a variant or a
//! struct; a leading integer alone is the status (with codes derived by
//! `rename_all`).

use problem_core::{FieldError, FromProblem, Problem};

#[derive(Debug, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum Compact {
    /// One.
    #[problem("scans.not_found", 404, title = "Scan not found", detail = "scan {id}")]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    /// Two.
    #[problem("scans.invalid", 422, alias = "scans.bad")]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem("scans.busy", 503, retryable = false)]
    Busy,
}

#[derive(Debug, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum Named {
    /// One.
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id}"
    )]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    /// Two.
    #[problem(code = "scans.invalid", status = 422, alias = "scans.bad")]
    Invalid {
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem(code = "scans.busy", status = 503, retryable = false)]
    Busy,
}

#[test]
fn the_same_problems_as_the_named_keys() {
    assert_eq!(
        Compact::CATALOG.iter().collect::<Vec<_>>(),
        Named::CATALOG.iter().collect::<Vec<_>>()
    );
    let errors = vec![FieldError {
        path: "/name".into(),
        code: "required".into(),
        detail: None,
    }];
    for (compact, named) in [
        (Compact::NotFound { id: 7 }, Named::NotFound { id: 7 }),
        (
            Compact::Invalid {
                errors: errors.clone(),
            },
            Named::Invalid { errors },
        ),
        (Compact::Busy, Named::Busy),
    ] {
        assert_eq!(problem_core::to_vec(&compact), problem_core::to_vec(&named));
        assert_eq!(Compact::from_problem(&named.to_details()), Some(compact));
    }
}

/// The status alone, with derived codes.
#[derive(Debug, Problem)]
#[problem(rename_all = "snake_case", code_prefix = "jobs.")]
enum Derived {
    #[problem(404)]
    NotFound,
    #[problem(409, title = "Already running")]
    Running,
}

/// A struct is one problem.
#[derive(Debug, Problem)]
#[problem("uploads.too_large", 413, detail = "{size} bytes is too large")]
struct TooLarge {
    size: u64,
}

#[test]
fn the_status_alone_and_structs() {
    assert_eq!(Derived::NotFound.code(), "jobs.not_found");
    assert_eq!(Derived::NotFound.status(), 404);
    assert_eq!(Derived::Running.title(), "Already running");
    let e = TooLarge { size: 9 };
    assert_eq!((e.code(), e.status()), ("uploads.too_large", 413));
    assert_eq!(e.detail().as_deref(), Some("9 bytes is too large"));
}
