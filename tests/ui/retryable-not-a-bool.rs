use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.busy", status = 409, retryable = "yes")]
    Busy,
}

fn main() {}
