use problem_core::Problem;

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound {
        #[problem(extension = "scan")]
        id: u64,
        #[problem(extension = "scan")]
        name: String,
    },
}

fn main() {}
