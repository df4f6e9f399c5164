use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(log = "warning")]
enum ScanError {
    #[problem("scans.not_found", 404)]
    NotFound,
}

fn main() {}
