use problem_core::Problem;

const NOT_FOUND: u16 = 404;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = NOT_FOUND)]
    NotFound,
}

fn main() {}
