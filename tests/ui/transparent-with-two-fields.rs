use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.denied", status = 403)]
    Denied,
}

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Auth(AuthError, u64),
}

fn main() {}
