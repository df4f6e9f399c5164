use problem_core::Problem;

#[derive(Debug)]
struct Timeout;

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Timeout(Timeout),
}

fn main() {}
