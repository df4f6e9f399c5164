use problem_core::Problem;

#[derive(Debug, Problem)]
enum FormError {
    #[problem(code = "form.invalid", status = 422)]
    Invalid {
        #[problem(errors)]
        errors: Vec<String>,
    },
}

fn main() {}
