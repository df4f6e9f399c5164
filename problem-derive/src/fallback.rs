//! What is emitted beside compile errors: both traits implemented with
//! nothing in them (and the framework integrations over them), so that code
//! using the type does not fail with unrelated "trait not implemented"
//! errors while the attribute is being fixed.

use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(input: &syn::DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let integration_where = where_clause.into_iter().flat_map(|w| &w.predicates);
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::problem_core::__private::Problem for #ident #ty_generics #where_clause {
            const CATALOG: ::problem_core::__private::Catalog = ::problem_core::__private::Catalog::EMPTY;
            fn code(&self) -> &'static str { "" }
            fn status(&self) -> u16 { 500 }
            fn type_uri(&self) -> &'static str { "about:blank" }
            fn title(&self) -> &'static str { "" }
            fn retryable(&self) -> bool { false }
            fn detail(&self) -> ::problem_core::__private::core::option::Option<::problem_core::__private::std::string::String> { ::problem_core::__private::core::option::Option::None }
        }

        #[automatically_derived]
        #[allow(unused_qualifications)]
        impl #impl_generics ::problem_core::__private::FromProblem for #ident #ty_generics #where_clause {
            fn from_problem(_: &::problem_core::__private::ProblemDetails) -> ::problem_core::__private::core::option::Option<Self> {
                ::problem_core::__private::core::option::Option::None
            }
        }

        ::problem_core::__impl_integrations! { {#impl_generics} {#ident #ty_generics} {#(#integration_where,)*} }
    }
}
