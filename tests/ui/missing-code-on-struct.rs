use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(status = 404)]
struct NotFound;

fn main() {}
