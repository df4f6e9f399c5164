use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem]
    NotFound,
}

fn main() {}
