use problem_core::Problem;

#[derive(Debug, Problem)]
#[problem(rename_all = "snake_case")]
enum PaymentError {
    #[problem(status = 402)]
    CaféClosed,
}

fn main() {}
