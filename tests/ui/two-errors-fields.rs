use problem_core::{FieldError, Problem};

#[derive(Debug, Problem)]
enum FormError {
    #[problem(code = "form.invalid", status = 422)]
    Invalid {
        #[problem(errors)]
        fields: Vec<FieldError>,
        #[problem(errors)]
        more: Vec<FieldError>,
    },
}

fn main() {}
