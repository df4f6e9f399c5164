use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem("scans.not_found", "404")]
    NotFound,
}

fn main() {}
