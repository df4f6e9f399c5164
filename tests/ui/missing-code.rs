use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(status = 404)]
    NotFound,
}

fn main() {}
