use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "common.rate_limited", status = 429)]
    RateLimited,
}

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "common.rate_limited", status = 429)]
    TooManyScans,
}

#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Auth(AuthError),
    #[problem(transparent)]
    Scan(ScanError),
}

fn main() {}
