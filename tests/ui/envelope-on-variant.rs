use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404, envelope = "flat")]
    NotFound,
}

fn main() {}
