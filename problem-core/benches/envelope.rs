//! The fast path against serde and the peers, over four shapes of envelope.
//!
//! Each contender starts from the same error value and ends with the JSON
//! bytes of its envelope, as a service does on every failed request:
//!
//! - `problem_core::to_vec`: the fast path (pre-rendered constant members,
//!   the detail formatted straight into the buffer).
//! - `serde_json::to_vec(&e.envelope())`: the same bytes through serde.
//! - `hand_written`: a `#[derive(Serialize)]` struct per shape with
//!   `&'static str` constant members (and a `format!`ted detail), built from
//!   the error and serialized with `serde_json::to_writer` into a
//!   `Vec::with_capacity(256)`, the buffer `to_vec` starts with: the same
//!   bytes.
//! - `http_api_problem`: an `HttpApiProblem` built from the error (`code` and
//!   the other members as `value(..)` fields), then `json_bytes()`.
//! - `problem_details`: a `ProblemDetails<Ext>` built from the error (a
//!   `Uri` type, a `Serialize` extension struct flattened), then
//!   `serde_json::to_vec`.
//!
//! The peers write the same members, in their own order; the setup checks
//! that every contender's output parses to the same JSON value.
//!
//! Run: `cargo bench -p problem_core --bench envelope` (criterion options
//! after `--`, e.g. `-- --warm-up-time 1 --measurement-time 3`).
//!
//! Measured on an AMD EPYC (Zen 4) KVM guest with 2 vCPUs, rustc 1.95.0,
//! `-- --warm-up-time 1 --measurement-time 3`: criterion's estimate of the
//! time per envelope, the median of three runs, and in parentheses the
//! contender's time over `to_vec`'s. "Its `json_bytes` alone" serializes a
//! prebuilt `HttpApiProblem`, without building it from the error. The
//! machine is shared: single runs moved by up to 30%.
//!
//! | shape | `to_vec` | serde envelope | hand-written struct | http-api-problem | (its `json_bytes` alone) | problem_details |
//! |---|---|---|---|---|---|---|
//! | static | 29 ns | 141 ns (4.8x) | 117 ns (4.0x) | 292 ns (10.0x) | 155 ns (5.3x) | 351 ns (12.0x) |
//! | detail | 65 ns | 215 ns (3.3x) | 196 ns (3.0x) | 355 ns (5.4x) | 178 ns (2.7x) | 416 ns (6.4x) |
//! | extensions | 83 ns | 280 ns (3.4x) | 223 ns (2.7x) | 493 ns (5.9x) | 228 ns (2.7x) | 419 ns (5.0x) |
//! | errors | 186 ns | 490 ns (2.6x) | 475 ns (2.6x) | 1.35 µs (7.3x) | 424 ns (2.3x) | 668 ns (3.6x) |
//!
//! Targets: `to_vec` at most 0.7x the hand-written struct on the static
//! shape (measured 0.25x), and at least 3x faster than http-api-problem on
//! every shape (measured 5.4x to 10.0x; no single run below 4.9x).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use problem_core::{FieldError, Problem};
use serde::Serialize;

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ApiError {
    /// Static: no dynamic member.
    #[problem(
        code = "scans.quota_exceeded",
        status = 429,
        title = "Scan quota exceeded"
    )]
    Static,
    /// With a detail.
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    Detail { id: u64 },
    /// With a detail and extension members.
    #[problem(
        code = "scans.conflict",
        status = 409,
        title = "Scan already running",
        detail = "scan {scan_id} is already running"
    )]
    Extensions {
        #[problem(extension)]
        scan_id: u64,
        #[problem(extension)]
        state: &'static str,
    },
    /// With a detail and a 3-entry errors list.
    #[problem(
        code = "validation.failed",
        status = 422,
        title = "Invalid request",
        detail = "{count} fields are invalid"
    )]
    Errors {
        count: usize,
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
}

fn shapes() -> [(&'static str, ApiError); 4] {
    [
        ("static", ApiError::Static),
        ("detail", ApiError::Detail { id: 42 }),
        (
            "extensions",
            ApiError::Extensions {
                scan_id: 42,
                state: "running",
            },
        ),
        (
            "errors",
            ApiError::Errors {
                count: 3,
                errors: vec![
                    FieldError {
                        path: "/name".into(),
                        code: "required".into(),
                        detail: None,
                    },
                    FieldError {
                        path: "/age".into(),
                        code: "range".into(),
                        detail: Some("must be between 0 and 150".into()),
                    },
                    FieldError {
                        path: "/email".into(),
                        code: "format".into(),
                        detail: Some("not an email address".into()),
                    },
                ],
            },
        ),
    ]
}

// ---- hand-written serde structs, one per shape ---------------------------------

#[derive(Serialize)]
struct HandStatic {
    #[serde(rename = "type")]
    type_uri: &'static str,
    title: &'static str,
    status: u16,
    code: &'static str,
}

#[derive(Serialize)]
struct HandDetail {
    #[serde(rename = "type")]
    type_uri: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
    code: &'static str,
}

#[derive(Serialize)]
struct HandExtensions {
    #[serde(rename = "type")]
    type_uri: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
    code: &'static str,
    scan_id: u64,
    state: &'static str,
}

#[derive(Serialize)]
struct HandErrors<'a> {
    #[serde(rename = "type")]
    type_uri: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
    code: &'static str,
    errors: &'a [FieldError],
}

/// What a service without a derive writes: one struct per shape, serialized
/// into the same 256-byte initial buffer `to_vec` starts from (so both make
/// one allocation for the static shape; `serde_json::to_vec` would start
/// from 128 bytes and grow it once here).
fn hand_written(e: &ApiError) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let result = match e {
        ApiError::Static => serde_json::to_writer(
            &mut out,
            &HandStatic {
                type_uri: "https://docs.example.com/errors/scans.quota_exceeded",
                title: "Scan quota exceeded",
                status: 429,
                code: "scans.quota_exceeded",
            },
        ),
        ApiError::Detail { id } => serde_json::to_writer(
            &mut out,
            &HandDetail {
                type_uri: "https://docs.example.com/errors/scans.not_found",
                title: "Scan not found",
                status: 404,
                detail: format!("scan {id} was not found"),
                code: "scans.not_found",
            },
        ),
        ApiError::Extensions { scan_id, state } => serde_json::to_writer(
            &mut out,
            &HandExtensions {
                type_uri: "https://docs.example.com/errors/scans.conflict",
                title: "Scan already running",
                status: 409,
                detail: format!("scan {scan_id} is already running"),
                code: "scans.conflict",
                scan_id: *scan_id,
                state,
            },
        ),
        ApiError::Errors { count, errors } => serde_json::to_writer(
            &mut out,
            &HandErrors {
                type_uri: "https://docs.example.com/errors/validation.failed",
                title: "Invalid request",
                status: 422,
                detail: format!("{count} fields are invalid"),
                code: "validation.failed",
                errors,
            },
        ),
    };
    result.expect("plain structs serialize");
    out
}

// ---- the constant members, as a service without a derive keeps them ------------

/// Status, type URI, title and code of a variant, as literals: what the
/// peers are built from, so that they are not charged for this crate's
/// accessors.
fn constants(e: &ApiError) -> (u16, &'static str, &'static str, &'static str) {
    match e {
        ApiError::Static => (
            429,
            "https://docs.example.com/errors/scans.quota_exceeded",
            "Scan quota exceeded",
            "scans.quota_exceeded",
        ),
        ApiError::Detail { .. } => (
            404,
            "https://docs.example.com/errors/scans.not_found",
            "Scan not found",
            "scans.not_found",
        ),
        ApiError::Extensions { .. } => (
            409,
            "https://docs.example.com/errors/scans.conflict",
            "Scan already running",
            "scans.conflict",
        ),
        ApiError::Errors { .. } => (
            422,
            "https://docs.example.com/errors/validation.failed",
            "Invalid request",
            "validation.failed",
        ),
    }
}

// ---- http-api-problem ----------------------------------------------------------

fn http_api_problem(e: &ApiError) -> http_api_problem::HttpApiProblem {
    use http_api_problem::{HttpApiProblem, StatusCode};
    let (status, type_uri, title, code) = constants(e);
    let p = HttpApiProblem::new(StatusCode::from_u16(status).expect("a valid status"))
        .type_url(type_uri)
        .title(title);
    match e {
        ApiError::Static => p.value("code", &code),
        ApiError::Detail { id } => p
            .detail(format!("scan {id} was not found"))
            .value("code", &code),
        ApiError::Extensions { scan_id, state } => p
            .detail(format!("scan {scan_id} is already running"))
            .value("code", &code)
            .value("scan_id", scan_id)
            .value("state", state),
        ApiError::Errors { count, errors } => p
            .detail(format!("{count} fields are invalid"))
            .value("code", &code)
            .value("errors", errors),
    }
}

// ---- problem_details -----------------------------------------------------------

#[derive(Serialize)]
struct CodeExt {
    code: &'static str,
}

#[derive(Serialize)]
struct ConflictExt {
    code: &'static str,
    scan_id: u64,
    state: &'static str,
}

#[derive(Serialize)]
struct ErrorsExt<'a> {
    code: &'static str,
    errors: &'a [FieldError],
}

fn problem_details(e: &ApiError) -> Vec<u8> {
    use problem_details::ProblemDetails;
    let (status, type_uri, title, code) = constants(e);
    let status = http::StatusCode::from_u16(status).expect("a valid status");
    let p = ProblemDetails::new()
        .with_type(http::Uri::from_static(type_uri))
        .with_title(title)
        .with_status(status);
    let result = match e {
        ApiError::Static => serde_json::to_vec(&p.with_extensions(CodeExt { code })),
        ApiError::Detail { id } => serde_json::to_vec(
            &p.with_detail(format!("scan {id} was not found"))
                .with_extensions(CodeExt { code }),
        ),
        ApiError::Extensions { scan_id, state } => serde_json::to_vec(
            &p.with_detail(format!("scan {scan_id} is already running"))
                .with_extensions(ConflictExt {
                    code,
                    scan_id: *scan_id,
                    state,
                }),
        ),
        ApiError::Errors { count, errors } => serde_json::to_vec(
            &p.with_detail(format!("{count} fields are invalid"))
                .with_extensions(ErrorsExt { code, errors }),
        ),
    };
    result.expect("problem details serialize")
}

// ---- the benchmark -------------------------------------------------------------

/// Every contender writes the same envelope: the same bytes, or (for the
/// peers, whose member order differs) the same JSON value.
fn check_outputs(e: &ApiError) {
    assert_eq!(
        constants(e),
        (e.status(), e.type_uri(), e.title(), e.code())
    );
    let fast = problem_core::to_vec(e);
    assert_eq!(fast, serde_json::to_vec(&e.envelope()).unwrap());
    assert_eq!(fast, hand_written(e), "the hand-written struct differs");
    let value = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    assert_eq!(
        value(&fast),
        value(&http_api_problem(e).json_bytes()),
        "http-api-problem differs"
    );
    assert_eq!(
        value(&fast),
        value(&problem_details(e)),
        "problem_details differs"
    );
}

fn envelope(c: &mut Criterion) {
    for (shape, e) in shapes() {
        check_outputs(&e);
        let mut group = c.benchmark_group(shape);
        group.bench_function("problem_core::to_vec", |b| {
            b.iter(|| problem_core::to_vec(black_box(&e)));
        });
        group.bench_function("serde_json::to_vec(envelope)", |b| {
            b.iter(|| serde_json::to_vec(&black_box(&e).envelope()).unwrap());
        });
        group.bench_function("hand-written struct", |b| {
            b.iter(|| hand_written(black_box(&e)));
        });
        group.bench_function("http-api-problem", |b| {
            b.iter(|| http_api_problem(black_box(&e)).json_bytes());
        });
        let prebuilt = http_api_problem(&e);
        group.bench_function("http-api-problem (prebuilt, json_bytes only)", |b| {
            b.iter(|| black_box(&prebuilt).json_bytes());
        });
        group.bench_function("problem_details", |b| {
            b.iter(|| problem_details(black_box(&e)));
        });
        group.finish();
    }
}

// ---- the other envelope shapes ---------------------------------------------------

/// The `extensions` variant in the two other shapes.
#[derive(Debug, Problem)]
#[problem(envelope = "wrapped")]
enum WrappedError {
    #[problem(
        code = "scans.conflict",
        status = 409,
        title = "Scan already running",
        detail = "scan {scan_id} is already running"
    )]
    Conflict {
        #[problem(extension)]
        scan_id: u64,
        #[problem(extension)]
        state: &'static str,
    },
}

#[derive(Debug, Problem)]
#[problem(envelope = "flat")]
enum FlatError {
    #[problem(
        code = "scans.conflict",
        status = 409,
        title = "Scan already running",
        detail = "scan {scan_id} is already running"
    )]
    Conflict {
        #[problem(extension)]
        scan_id: u64,
        #[problem(extension)]
        state: &'static str,
    },
}

#[derive(Serialize)]
struct HandFlat {
    code: &'static str,
    message: String,
    details: HandConflictDetails,
}

#[derive(Serialize)]
struct HandConflictDetails {
    scan_id: u64,
    state: &'static str,
}

/// The flat shape written by a hand-written struct, into the same buffer.
fn hand_written_flat(scan_id: u64, state: &'static str) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    serde_json::to_writer(
        &mut out,
        &HandFlat {
            code: "scans.conflict",
            message: format!("scan {scan_id} is already running"),
            details: HandConflictDetails { scan_id, state },
        },
    )
    .expect("plain structs serialize");
    out
}

fn other_shapes(c: &mut Criterion) {
    let wrapped = WrappedError::Conflict {
        scan_id: 42,
        state: "running",
    };
    let flat = FlatError::Conflict {
        scan_id: 42,
        state: "running",
    };
    assert_eq!(
        problem_core::to_vec(&wrapped),
        serde_json::to_vec(&wrapped.envelope()).unwrap()
    );
    assert_eq!(
        problem_core::to_vec(&flat),
        hand_written_flat(42, "running")
    );
    let mut group = c.benchmark_group("extensions, other shapes");
    group.bench_function("wrapped: problem_core::to_vec", |b| {
        b.iter(|| problem_core::to_vec(black_box(&wrapped)));
    });
    group.bench_function("wrapped: serde_json::to_vec(envelope)", |b| {
        b.iter(|| serde_json::to_vec(&black_box(&wrapped).envelope()).unwrap());
    });
    group.bench_function("flat: problem_core::to_vec", |b| {
        b.iter(|| problem_core::to_vec(black_box(&flat)));
    });
    group.bench_function("flat: serde_json::to_vec(envelope)", |b| {
        b.iter(|| serde_json::to_vec(&black_box(&flat).envelope()).unwrap());
    });
    group.bench_function("flat: hand-written struct", |b| {
        b.iter(|| hand_written_flat(black_box(42), black_box("running")));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = envelope, other_shapes
}
criterion_main!(benches);
