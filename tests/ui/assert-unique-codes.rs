use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.denied", status = 403)]
    Denied,
}

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404, alias = "auth.denied")]
    NotFound,
}

problem_core::assert_unique_codes!(AuthError, ScanError);

fn main() {}
