use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(404, "scans.not_found")]
    NotFound,
}

fn main() {}
