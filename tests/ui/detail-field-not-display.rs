use problem_core::Problem;

#[derive(Debug)]
struct ScanId(u64);

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404, detail = "scan {id} was not found")]
    NotFound { id: ScanId },
}

fn main() {}
