use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(type_base = "docs.example.com/errors/", rename_al = "snake_case")]
enum ScanError {
    #[problem(code = "scans.not_found", status = 200)]
    NotFound,
    #[problem(code = "scans.not_found", status = 410)]
    Gone,
    #[problem(code = "scans.busy", stauts = 409)]
    Busy,
    #[problem(code = "scans.failed", status = 500, detail = "scan {id} failed")]
    Failed { scan: u64 },
    #[problem(code = "scans.invalid", status = 400)]
    Invalid {
        #[problem(extension = "type")]
        kind: String,
    },
}

fn main() {}
