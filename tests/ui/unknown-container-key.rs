use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(type_bse = "https://docs.example.com/errors/")]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound,
}

fn main() {}
