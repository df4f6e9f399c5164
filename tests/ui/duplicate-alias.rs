use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.forbidden", status = 403)]
    Forbidden,
    #[problem(code = "auth.scope_missing", status = 403, alias = "auth.forbidden")]
    ScopeMissing,
}

fn main() {}
