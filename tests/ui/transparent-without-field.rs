use problem_core::Problem;

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Auth,
}

fn main() {}
