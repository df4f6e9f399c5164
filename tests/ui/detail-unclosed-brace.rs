use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404, detail = "scan {id was not found")]
    NotFound { id: u64 },
}

fn main() {}
