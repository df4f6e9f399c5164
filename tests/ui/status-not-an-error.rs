use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.done", status = 200)]
    Done,
}

fn main() {}
