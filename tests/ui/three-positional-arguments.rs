use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem("scans.not_found", 404, "Scan not found")]
    NotFound,
}

fn main() {}
