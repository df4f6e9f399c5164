use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound {
        #[problem(extension)]
        request_id: String,
    },
}

fn main() {}
