//! Phase 4, the model as code, one file per thing generated: the table of
//! heads and the catalog (`table.rs`), `__write` (`write.rs`),
//! `from_problem` (`decode.rs`), translated-detail arguments (`i18n.rs`),
//! and the where clauses they need (`bounds.rs`).
//!
//! Everything goes into one `const _: () = { .. };` block that names the
//! runtime once, `use ::problem_core::__private as __p;`, so that each
//! runtime item costs three tokens rather than seven.

mod bounds;
mod decode;
#[cfg(feature = "i18n")]
mod i18n;
mod table;
mod write;

use proc_macro2::TokenStream;
use quote::quote;
use syn::WherePredicate;

use crate::ast::{Field, Kind, Model, Style, Variant};
use bounds::{Bounds, where_clause};

/// `Type::Variant`, or `Type` for a struct: named by the type's name, which
/// the compiler resolves with the crate's names, rather than `Self::..`,
/// which it resolves when type-checking each arm (a fifth of the time to
/// check a thousand-arm match).
fn path(v: &Variant) -> TokenStream {
    let (owner, ident) = (&v.owner, &v.ident);
    match v.kind {
        Kind::Variant => quote!(#owner::#ident),
        Kind::Struct => quote!(#owner),
    }
}

/// A pattern binding the given fields to their `__f_` locals.
fn pattern<'a>(v: &Variant, fields: impl IntoIterator<Item = &'a Field>) -> TokenStream {
    let path = path(v);
    let binds: Vec<TokenStream> = fields
        .into_iter()
        .map(|f| {
            let (member, binding) = (&f.member, &f.binding);
            quote!(#member: #binding)
        })
        .collect();
    match (v.style, binds.is_empty()) {
        (Style::Unit, _) => path,
        (_, true) => quote!(#path { .. }),
        (_, false) => quote!(#path { #(#binds,)* .. }),
    }
}

pub fn expand(model: &Model) -> TokenStream {
    let ident = &model.ident;
    let (impl_generics, ty_generics, own_where) = model.generics.split_for_impl();
    let mut bounds = Bounds::new(model);

    let items = table::items(model);
    let catalog = table::catalog(model);
    let uniqueness = table::uniqueness(model);
    let register = register(model);
    let write = write::body(model, &mut bounds);
    let decode = decode::body(model, &mut bounds);
    #[cfg(feature = "i18n")]
    let detail_arg = i18n::method(model);
    #[cfg(not(feature = "i18n"))]
    let detail_arg = TokenStream::new();
    bounds.dedup();

    let envelope = match model.envelope {
        crate::ast::Shape::Rfc9457 => quote!(),
        shape => {
            let shape = table::shape_path(shape);
            quote!(const ENVELOPE: __p::EnvelopeShape = #shape;)
        }
    };
    let problem_where = where_clause(&bounds.problem);
    let from_where = where_clause(&bounds.from);
    let integration_where = own_where.into_iter().flat_map(|w| &w.predicates);

    // An impl that requires nothing is kept out of the compiler's lists of
    // "other types that implement the trait", which only distract from a
    // mistake elsewhere. An impl with bounds stays visible: it explains
    // why a type that misses one is not a `Problem`.
    let unconditional = model
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(l) if l.bounds.is_empty()));
    let hide = |bounds: &[WherePredicate]| {
        if unconditional && bounds.is_empty() {
            quote!(#[diagnostic::do_not_recommend])
        } else {
            quote!()
        }
    };
    let problem_hide = hide(&bounds.problem);
    let from_hide = hide(&bounds.from);

    quote! {
        #[allow(unused_qualifications)]
        const _: () = {
            use ::problem_core::__private as __p;

            #items

            #[automatically_derived]
            #problem_hide
            #[allow(non_snake_case, clippy::match_same_arms, clippy::too_many_lines)]
            impl #impl_generics __p::Problem for #ident #ty_generics #problem_where {
                const CATALOG: __p::Catalog = #catalog;
                #envelope
                // Each read back from `__write`, the one place that knows the
                // variants. `#[inline]`: compiled where they are used, not
                // with the type.
                #[inline]
                fn code(&self) -> &'static str { __p::head_of(self).code }
                #[inline]
                fn status(&self) -> u16 { __p::status_of(self) }
                #[inline]
                fn type_uri(&self) -> &'static str { __p::head_of(self).type_uri }
                #[inline]
                fn title(&self) -> &'static str { __p::head_of(self).title }
                #[inline]
                fn retryable(&self) -> bool { __p::retryable_of(self) }
                #[inline]
                fn detail(&self) -> __p::Option<__p::String> { __p::detail_of(self) }
                #[inline]
                fn retry_after(&self) -> __p::Option<u64> { __p::retry_after_of(self) }
                fn __write<__S: __p::Sink>(&self, __s: &mut __S) -> __p::Result<(), __S::Error> {
                    #write
                }
                #detail_arg
            }

            #[automatically_derived]
            #from_hide
            #[allow(clippy::match_same_arms, clippy::too_many_lines)]
            impl #impl_generics __p::FromProblem for #ident #ty_generics #from_where {
                #[inline]
                fn from_problem(__d: &__p::ProblemDetails) -> __p::Option<Self> {
                    #[allow(unused_imports)]
                    use __p::{RebuildErrors as _, RebuildErrorsFallback as _, RebuildExtension as _, RebuildExtensionFallback as _};
                    #decode
                }
            }

            // Framework integrations: `problem_core` defines this macro per
            // feature (axum, actix-web, utoipa); it expands to nothing without them.
            ::problem_core::__impl_integrations! { {#impl_generics} {#ident #ty_generics} {#(#integration_where,)*} }
        };

        #uniqueness
        #register
    }
}

/// The link-time registration of the type's catalog (`registry` feature):
/// `problem_core` defines `__register!`, which expands to nothing without
/// the feature. Not for generic types (one catalog per instantiation has no
/// place in a static list), nor for `problem_core`'s own derived types, which
/// its registry lists directly: a registration is a `#[link_section]` static,
/// which that crate's `forbid(unsafe_code)` rejects.
fn register(model: &Model) -> TokenStream {
    let only_lifetimes = model
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    if !only_lifetimes || compiling_problem_core() {
        return TokenStream::new();
    }
    let ident = &model.ident;
    let statics = model.generics.lifetimes().map(|_| quote!('static));
    let this = if model.generics.params.is_empty() {
        quote!(#ident)
    } else {
        quote!(#ident<#(#statics),*>)
    };
    quote!(::problem_core::__register! { #this })
}

/// Whether the crate being compiled is `problem_core` itself: cargo names
/// the crate of every rustc run in `CARGO_CRATE_NAME`. Its doctests inherit
/// that name, and rustdoc marks their compilation with
/// `UNSTABLE_RUSTDOC_TEST_PATH`: they are other crates, which register.
fn compiling_problem_core() -> bool {
    std::env::var("CARGO_CRATE_NAME").is_ok_and(|name| name == "problem_core")
        && std::env::var_os("UNSTABLE_RUSTDOC_TEST_PATH").is_none()
}
