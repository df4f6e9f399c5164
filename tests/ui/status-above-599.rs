use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.broken", status = 600)]
    Broken,
}

fn main() {}
