use problem_core::Problem;

#[derive(Debug, Problem)]
enum UpstreamError {
    #[problem(code = "upstream.unavailable", status = 503)]
    Unavailable {
        #[problem(status)]
        status: String,
    },
}

fn main() {}
