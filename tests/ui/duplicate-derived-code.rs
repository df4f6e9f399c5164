use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(rename_all = "snake_case", code_prefix = "scans.")]
enum ScanError {
    #[problem(status = 404)]
    NotFound,
    #[problem(code = "scans.not_found", status = 410)]
    Gone,
}

fn main() {}
