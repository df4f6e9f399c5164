use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(envelope = flat)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound,
}

fn main() {}
