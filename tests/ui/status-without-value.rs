use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status)]
    NotFound,
}

fn main() {}
