use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.denied", status = 403, alias = "api.forbidden")]
    Denied,
}

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Auth(AuthError),
    #[problem(code = "api.forbidden", status = 403)]
    Forbidden,
}

fn main() {}
