use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(rename_all = "lowercase")]
enum ScanError {
    #[problem(status = 404)]
    NotFound,
    #[problem(status = 410)]
    Notfound,
}

fn main() {}
