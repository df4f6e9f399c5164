use problem_core::Problem;

#[derive(Problem)]
#[problem(code = "raw.error", status = 500)]
union RawError {
    code: u32,
    bits: f32,
}

fn main() {}
