use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404, type_uri = "/errors/scans/not-found")]
    NotFound,
}

fn main() {}
