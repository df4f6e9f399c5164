use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem("scans.not_found", 404)]
enum ScanError {
    NotFound,
}

fn main() {}
