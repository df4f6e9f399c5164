use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.rate_limited", status = 429)]
    RateLimited {
        #[problem(retry_after)]
        wait: f64,
    },
}

fn main() {}
