use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem("scans.not_found", 404, code = "scans.missing")]
    NotFound,
}

fn main() {}
