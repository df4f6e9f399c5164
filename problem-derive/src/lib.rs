//! The derive macro behind [`problem_core`](https://docs.rs/problem_core):
//! `#[derive(Problem)]` turns an error enum into RFC 9457 problem details.
//!
//! Use it through `problem_core`, which re-exports it (default feature `derive`):
//!
//! ```
//! use problem_core::Problem;
//!
//! #[derive(Debug, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     /// The scan id does not exist, or is not visible to the caller.
//!     #[problem("scans.not_found", 404, title = "Scan not found")]
//!     #[problem(detail = "scan {id} was not found")]
//!     NotFound { id: u64 },
//!
//!     /// Too many scans were started; wait before starting another.
//!     #[problem("scans.rate_limited", 429)]
//!     RateLimited {
//!         #[problem(retry_after)]
//!         retry_after: u64,
//!     },
//! }
//!
//! let err = ScanError::NotFound { id: 42 };
//! assert_eq!(err.status(), 404);
//! assert_eq!(
//!     String::from_utf8(problem_core::to_vec(&err)).unwrap(),
//!     r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan not found","status":404,"detail":"scan 42 was not found","code":"scans.not_found"}"#
//! );
//! assert!(ScanError::RateLimited { retry_after: 30 }.retryable());
//! assert_eq!(ScanError::CATALOG.len(), 2);
//! ```
//!
//! The pipeline, one phase per file: `attr` reads the attributes as
//! written (darling), `ast` resolves them into the model, `valid` checks the
//! rules between values, `expand/` generates the code, and `fallback` is
//! emitted beside errors. Every error of a build is reported at once, each
//! on the narrowest token.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod attr;
mod case;
mod expand;
mod fallback;
mod fmt;
mod json;
mod span;
mod status;
mod valid;

use proc_macro::TokenStream;

/// Derives `problem_core::Problem` and `problem_core::FromProblem`; see the
/// `problem_core` documentation for the attributes.
#[proc_macro_derive(Problem, attributes(problem))]
pub fn derive_problem(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let mut errors = darling::Error::accumulator();
    let model = ast::Model::from_syn(input, &mut errors);
    if let Some(model) = &model {
        valid::validate(model, &mut errors);
    }
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => expand::expand(&model),
        (result, _) => {
            // In source order, whichever check found them.
            let errors = result.err().map(|e| {
                let mut all: Vec<darling::Error> = e.into_iter().collect();
                all.sort_by_key(|e| span::position_of(e.span()));
                darling::Error::multiple(all).write_errors()
            });
            let fallback = match input.data {
                syn::Data::Union(_) => quote::quote!(),
                _ => fallback::expand(input),
            };
            quote::quote!(#errors #fallback)
        }
    }
}
