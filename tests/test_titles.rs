//! The derive's default titles agree with `problem_core::reason_phrase` for
//! every 4xx and 5xx status (the macro carries its own copy of the table).

use problem_core::Problem;

macro_rules! statuses {
    ($($status:literal => $variant:ident),* $(,)?) => {
        #[derive(Debug, Problem)]
        #[problem(rename_all = "snake_case", code_prefix = "status.")]
        enum AllStatuses {
            $(#[problem(status = $status)] $variant,)*
        }
        const ALL: &[(u16, AllStatuses)] = &[$(($status, AllStatuses::$variant)),*];
    };
}

statuses! {
    400 => S400, 401 => S401, 402 => S402, 403 => S403, 404 => S404, 405 => S405, 406 => S406,
    407 => S407, 408 => S408, 409 => S409, 410 => S410, 411 => S411, 412 => S412, 413 => S413,
    414 => S414, 415 => S415, 416 => S416, 417 => S417, 418 => S418, 421 => S421, 422 => S422,
    423 => S423, 424 => S424, 425 => S425, 426 => S426, 428 => S428, 429 => S429, 431 => S431,
    451 => S451, 499 => S499, 500 => S500, 501 => S501, 502 => S502, 503 => S503, 504 => S504,
    505 => S505, 506 => S506, 507 => S507, 508 => S508, 510 => S510, 511 => S511, 599 => S599,
}

#[test]
fn default_titles_are_reason_phrases() {
    for (status, problem) in ALL {
        let expected = problem_core::reason_phrase(*status).unwrap_or(if *status >= 500 {
            "Server Error"
        } else {
            "Client Error"
        });
        assert_eq!(problem.title(), expected, "status {status}");
        assert_eq!(problem.status(), *status);
        assert_eq!(
            problem.retryable(),
            matches!(status, 429 | 502 | 503 | 504),
            "status {status}"
        );
    }
    assert_eq!(problem_core::reason_phrase(413), Some("Content Too Large"));
    assert_eq!(
        problem_core::reason_phrase(422),
        Some("Unprocessable Content")
    );
}
