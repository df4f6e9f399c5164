use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(rename_all = "snake")]
enum ScanError {
    #[problem(status = 404)]
    NotFound,
}

fn main() {}
