use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(code_prefix = "scans.")]
enum ScanError {
    #[problem(code = "not_found", status = 404)]
    NotFound,
}

fn main() {}
