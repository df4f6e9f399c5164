use problem_core::{FromProblem, Problem, ProblemDetails};

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 200)]
    NotFound,
}

fn respond<P: Problem>(problem: &P) -> Vec<u8> {
    problem_core::to_vec(problem)
}

fn main() {
    let _ = respond(&ScanError::NotFound);
    let _ = ScanError::CATALOG.len();
    let _ = ScanError::from_problem(&ProblemDetails::default());
}
