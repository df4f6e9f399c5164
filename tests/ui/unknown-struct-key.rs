use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(code = "scans.not_found", stauts = 404)]
struct ScanNotFound {
    id: u64,
}

fn main() {}
