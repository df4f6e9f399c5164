use problem_core::Problem;

#[derive(Debug, thiserror::Error, Problem)]
enum RepoError {
    #[error("repository {id} not found")]
    #[problem("repos.not_found", 404, display_detail, detail = "no repository {id}")]
    NotFound { id: u64 },
}

fn main() {}
