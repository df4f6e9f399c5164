use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(status = 404)]
enum ScanError {
    #[problem(code = "scans.not_found")]
    NotFound,
}

fn main() {}
