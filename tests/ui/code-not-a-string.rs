use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = 404, status = 404)]
    NotFound,
}

fn main() {}
