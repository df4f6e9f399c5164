use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem("scans.exists", 409, grpc_code = "ok")]
    Exists,
}

fn main() {}
