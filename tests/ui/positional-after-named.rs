use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(title = "Scan not found", "scans.not_found", 404)]
    NotFound,
}

fn main() {}
