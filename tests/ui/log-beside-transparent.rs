use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem("auth.denied", 403)]
    Denied,
}

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent, log = "warn", grpc_code = "permission_denied")]
    Auth(AuthError),
}

fn main() {}
