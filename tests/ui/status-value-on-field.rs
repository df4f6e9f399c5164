use problem_core::Problem;

#[derive(Debug, Problem)]
enum UpstreamError {
    #[problem(code = "upstream.unavailable", status = 503)]
    Unavailable {
        #[problem(status = 502)]
        status: u16,
    },
}

fn main() {}
