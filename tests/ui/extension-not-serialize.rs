use problem_core::Problem;

#[derive(Debug)]
struct ScanId(u64);

#[derive(Debug, Problem)]
enum ScanError {
    #[problem(code = "scans.not_found", status = 404)]
    NotFound {
        #[problem(extension)]
        scan: ScanId,
    },
}

fn main() {}
