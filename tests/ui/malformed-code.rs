use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans/not found", status = 404)]
    NotFound,
}

fn main() {}
