use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(grpc_code = "not_found")]
enum ScanError {
    #[problem("scans.not_found", 404)]
    NotFound,
}

fn main() {}
