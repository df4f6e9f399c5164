use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound,
    #[problem(code = "scans.not_found", status = 410)]
    Gone,
}

fn main() {}
