use problem_core::Problem;

#[derive(Debug, Problem)]
enum LookupError<'a> {
    #[problem(code = "lookup.missing", status = 404, detail = "{key} is missing")]
    Missing { key: &'a str },
}

// Only lifetimes: the codes are the same for every `'a`, so the check runs
// (as `ApiError<'static>`).
#[derive(Debug, Problem)]
enum ApiError<'a> {
    #[problem(code = "lookup.missing", status = 404)]
    Gone,
    #[problem(transparent)]
    Lookup(LookupError<'a>),
}

fn main() {}
