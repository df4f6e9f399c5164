use problem_core::Problem;

#[derive(Debug, Problem)]
enum AuthError {
    #[problem(code = "auth.denied", status = 403)]
    Denied,
}

// Generic: its own cross-type check is skipped...
#[derive(Debug, Problem)]
enum Wrapper<T> {
    #[problem(code = "wrapper.rejected", status = 400, detail = "{0}")]
    Rejected(T),
    #[problem(transparent)]
    Auth(AuthError),
}

// ...but a concrete type wrapping `Wrapper<u8>` is checked with it.
#[derive(Debug, Problem)]
enum ApiError {
    #[problem(transparent)]
    Auth(AuthError),
    #[problem(transparent)]
    Wrapped(Wrapper<u8>),
}

fn main() {}
