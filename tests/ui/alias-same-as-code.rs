use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.forbidden", status = 403, alias = "auth.forbidden")]
    Forbidden,
}

fn main() {}
