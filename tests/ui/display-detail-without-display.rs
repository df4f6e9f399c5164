use problem_core::Problem;

#[derive(Debug, Problem)]
enum RepoError {
    #[problem("repos.not_found", 404, display_detail)]
    NotFound { id: u64 },
}

fn main() {}
