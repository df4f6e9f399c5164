use problem_core::{Catalog, Problem, ProblemDetails};

// `Problem` by hand, without `FromProblem`.
#[derive(Debug)]
struct Legacy;

impl Problem for Legacy {
    const CATALOG: Catalog = Catalog::EMPTY;
    fn code(&self) -> &'static str {
        "legacy.failed"
    }
    fn status(&self) -> u16 {
        500
    }
    fn type_uri(&self) -> &'static str {
        "about:blank"
    }
    fn title(&self) -> &'static str {
        "Internal Server Error"
    }
    fn retryable(&self) -> bool {
        false
    }
    fn detail(&self) -> Option<String> {
        None
    }
}

// Compiles: `ApiError` is a `Problem`; it is not `FromProblem`...
#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Legacy(Legacy),
}

fn main() {
    let _ = problem_core::to_vec(&ApiError::Legacy(Legacy));
    // ...so decoding it is the error.
    let _ = ProblemDetails::transport("down").decode::<ApiError>();
}
