//! The fast path allocates nothing but its output buffer: counted by a global
//! allocator. Counts are kept per thread, so the test harness's other threads
//! do not disturb them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use problem_core::{FieldError, Problem};

/// Counts the current thread's allocations and reallocations.
struct Counting;

thread_local! {
    // `const` and without a destructor: reading it never allocates.
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static GROWS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// plain thread-local cells.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = GROWS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What `f` allocated on this thread: (allocations, reallocations), and its result.
fn counted<T>(f: impl FnOnce() -> T) -> ((usize, usize), T) {
    let (a0, g0) = (ALLOCS.get(), GROWS.get());
    let out = std::hint::black_box(f());
    ((ALLOCS.get() - a0, GROWS.get() - g0), out)
}

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ApiError {
    #[problem(
        code = "scans.quota_exceeded",
        status = 429,
        title = "Scan quota exceeded"
    )]
    Static,
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} of project {project} was not found"
    )]
    NotFound { id: u64, project: String },
    #[problem(
        code = "validation.failed",
        status = 422,
        title = "Invalid request",
        detail = "{count} fields of {what} are invalid"
    )]
    Invalid {
        count: usize,
        what: &'static str,
        #[problem(extension)]
        scan_id: u64,
        #[problem(errors)]
        errors: Vec<FieldError>,
    },
    #[problem(code = "internal", status = 500, detail = "db said {0}")]
    Internal(String),
}

fn three_errors() -> Vec<FieldError> {
    vec![
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
            path: "/tags/0".into(),
            code: "format".into(),
            detail: Some("a tag is lowercase letters".into()),
        },
    ]
}

// All assertions in one test: the numbers are per thread anyway, but one
// function keeps the story in one place.
#[test]
fn fast_path_allocates_only_its_output() {
    // Warm up anything lazily initialised on first use (nothing should be).
    let _ = problem_core::to_vec(&ApiError::Static);

    // A variant without dynamic members: the output Vec, never grown.
    let ((allocs, grows), out) = counted(|| problem_core::to_vec(&ApiError::Static));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"type":"https://docs.example.com/errors/scans.quota_exceeded","title":"Scan quota exceeded","status":429,"code":"scans.quota_exceeded"}"#
    );
    assert_eq!(
        (allocs, grows),
        (1, 0),
        "static variant: one allocation, no growth"
    );

    // Per-request context adds nothing but bytes.
    let ((allocs, grows), _) = counted(|| {
        ApiError::Static
            .envelope()
            .instance("/scans/42")
            .request_id("req-8f14e45f")
            .trace_id("4bf92f3577b34da6a3ce929d0e0e4736")
            .to_vec()
    });
    assert_eq!((allocs, grows), (1, 0), "static variant with context");

    // The detail is formatted straight into the output: no String.
    let e = ApiError::NotFound {
        id: 42,
        project: "apollo".into(),
    };
    let ((allocs, grows), out) = counted(|| problem_core::to_vec(&e));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 42 of project apollo was not found","code":"scans.not_found"}"#
    );
    assert_eq!(
        (allocs, grows),
        (1, 0),
        "detail variant: one allocation, no growth"
    );

    // A typical validation failure: detail, an extension and three field
    // errors. Larger than the initial 256 bytes, so the buffer grows once.
    let e = ApiError::Invalid {
        count: 3,
        what: "the person",
        scan_id: 7,
        errors: three_errors(),
    };
    let ((allocs, grows), out) = counted(|| problem_core::to_vec(&e));
    assert_eq!(out, serde_json::to_vec(&e.envelope()).unwrap());
    assert!(out.len() > 256, "the example exercises a growth");
    assert_eq!(allocs, 1, "typical variant: only the output buffer");
    assert!(
        grows <= 1,
        "typical variant: at most one growth, got {grows}"
    );

    // A 5xx whose detail is withheld does not even format it.
    let e = ApiError::Internal("connection refused".into());
    let ((allocs, grows), _) = counted(|| problem_core::to_vec(&e));
    assert_eq!((allocs, grows), (1, 0), "withheld detail");

    // Into a caller's buffer with room: nothing at all.
    let mut buf = Vec::with_capacity(1024);
    let ((allocs, grows), ()) = counted(|| {
        buf.clear();
        e.envelope().write_into(&mut buf);
        ApiError::Static.envelope().write_into(&mut buf);
    });
    assert_eq!((allocs, grows), (0, 0), "write_into a buffer with room");

    // to_writer: the output buffer only, then one write.
    let mut sink = Vec::with_capacity(1024);
    let ((allocs, grows), res) = counted(|| problem_core::to_writer(&mut sink, &ApiError::Static));
    res.unwrap();
    assert_eq!((allocs, grows), (1, 0), "to_writer");

    // The serde path, for contrast, allocates the detail String (the
    // `detail()` accessor) but serializes the envelope without one.
    let e = ApiError::NotFound {
        id: 1,
        project: "p".into(),
    };
    let ((allocs, _), _) = counted(|| e.detail());
    assert_eq!(allocs, 1, "detail() builds a String");
    let ((allocs, _), _) = counted(|| serde_json::to_vec(&e.envelope()).unwrap());
    assert_eq!(allocs, 1, "the envelope allocates nothing itself");
}
