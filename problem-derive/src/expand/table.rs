//! The type's table and its catalog: one `const` array of heads (every
//! constant of each variant, with its pre-rendered JSON), from which const
//! evaluation computes the catalog's specs and hash table; the `CATALOG`
//! with the catalogs of the types the transparent variants wrap; and the
//! const check that their codes do not collide.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{LogLevel, Model, Shape, Variant};
use crate::json;

/// The variants with a head of their own (not transparent), in table order.
pub fn own(model: &Model) -> impl Iterator<Item = &Variant> {
    model.variants.iter().filter(|v| !v.is_transparent())
}

/// The runtime's name of a shape.
pub fn shape_path(shape: Shape) -> TokenStream {
    match shape {
        Shape::Rfc9457 => quote!(__p::EnvelopeShape::Rfc9457),
        Shape::Wrapped => quote!(__p::EnvelopeShape::Wrapped),
        Shape::Flat => quote!(__p::EnvelopeShape::Flat),
    }
}

/// The JSON a head pre-renders: the opening up to the first dynamic
/// member, and what follows the detail (see `problem_core`'s `Head`).
fn json_of(shape: Shape, v: &Variant, code: &str) -> (String, String) {
    match shape {
        Shape::Rfc9457 => (
            format!(
                "{{\"type\":{},\"title\":{},\"status\":",
                json::string(&v.type_uri),
                json::string(&v.title)
            ),
            format!(",\"code\":{}", json::string(code)),
        ),
        Shape::Wrapped => (
            format!(
                "{{\"schema_version\":1,\"error\":{{\"code\":{}",
                json::string(code)
            ),
            format!(",\"message\":{}", json::string(&v.title)),
        ),
        Shape::Flat => (
            format!("{{\"code\":{}", json::string(code)),
            format!(",\"message\":{}", json::string(&v.title)),
        ),
    }
}

/// One variant's head: `__p::head(..)` and the keys it rarely has.
fn head(model: &Model, v: &Variant) -> TokenStream {
    let code = v
        .code
        .as_ref()
        .map(|c| c.value.as_str())
        .unwrap_or_default();
    let status = v.status.unwrap_or(500);
    let (title, type_uri, doc) = (&v.title, &v.type_uri, &v.doc);
    let (open, next) = json_of(model.envelope, v, code);
    let mut head = quote!(__p::head(#code, #status, #title, #type_uri, #doc, #open, #next));
    if !v.aliases.is_empty() {
        let aliases = v.aliases.iter().map(|a| &a.value);
        head.extend(quote!(.with_aliases(&[#(#aliases),*])));
    }
    if let Some(retryable) = v.retryable {
        head.extend(quote!(.with_retryable(#retryable)));
    }
    if v.expose_detail.is_some() {
        head.extend(quote!(.with_expose_detail()));
    }
    if let Some(level) = v.log {
        let level = match level {
            LogLevel::Off => quote!(Off),
            LogLevel::Error => quote!(Error),
            LogLevel::Warn => quote!(Warn),
            LogLevel::Info => quote!(Info),
            LogLevel::Debug => quote!(Debug),
            LogLevel::Trace => quote!(Trace),
        };
        head.extend(quote!(.with_log(__p::LogLevel::#level)));
    }
    if let Some(code) = v.grpc_code {
        head.extend(quote!(.with_grpc_code(#code)));
    }
    head
}

/// The table and the type's own catalog, as items of the `const _` block:
/// `__HEADS` (written), `__SPECS` and `__SLOTS` (const evaluation),
/// `__OWN` (the catalog without nested ones, which `from_problem` searches).
pub fn items(model: &Model) -> TokenStream {
    let heads: Vec<TokenStream> = own(model).map(|v| head(model, v)).collect();
    let n = heads.len();
    let names: usize = own(model).map(|v| 1 + v.aliases.len()).sum();
    // `Catalog::__slot_count`, computed here so that the array's length is a literal.
    let slots = (2 * names).next_power_of_two();
    let heads = match model.envelope {
        Shape::Rfc9457 => quote!([#(#heads),*]),
        shape => {
            let shape = shape_path(shape);
            quote!(__p::shaped([#(#heads),*], #shape))
        }
    };
    let type_base = model.type_base.as_ref().map(|base| {
        let base = &base.value;
        quote!(.__with_type_base(#base))
    });
    quote! {
        const __HEADS: [__p::Head; #n] = #heads;
        const __SPECS: [__p::ProblemSpec; #n] = __p::specs(&__HEADS);
        const __SLOTS: [u32; #slots] = __p::Catalog::__slots(&__SPECS);
        const __OWN: __p::Catalog = __p::Catalog::__new(&__SPECS).__with_slots(&__SLOTS)#type_base;
    }
}

/// The `CATALOG`: the own catalog, with the catalogs of the types the
/// transparent variants wrap.
pub fn catalog(model: &Model) -> TokenStream {
    let nested: Vec<TokenStream> = model
        .variants
        .iter()
        .filter(|v| v.is_transparent())
        .filter_map(|v| v.fields.first())
        .map(|f| {
            let ty = &f.ty;
            quote!(<#ty as __p::Problem>::CATALOG)
        })
        .collect();
    if nested.is_empty() {
        quote!(__OWN)
    } else {
        quote!(__OWN.__with_nested(&[#(#nested),*]))
    }
}

/// A type with transparent variants fails to build when the codes of the
/// types it wraps collide with each other or with its own.
///
/// A type with type or const parameters has a catalog per instance, and
/// cannot be checked in a `const _`. Lifetimes do not change the catalog,
/// and `'static` satisfies every outlives bound: a type whose only
/// parameters are lifetimes is checked as `Type<'static, ..>`.
pub fn uniqueness(model: &Model) -> TokenStream {
    let only_lifetimes = model
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    if !only_lifetimes || !model.variants.iter().any(Variant::is_transparent) {
        return quote!();
    }
    let ident = &model.ident;
    let msg = format!(
        "it is used more than once by `{ident}` and the types its transparent variants wrap"
    );
    let statics = model.generics.lifetimes().map(|_| quote!('static));
    let this = if model.generics.params.is_empty() {
        quote!(#ident)
    } else {
        quote!(#ident<#(#statics),*>)
    };
    // A `const _` of its own, beside the impls' (where the compiler would
    // call it `_::_`).
    quote! {
        const _: () = {
            use ::problem_core::__private as __p;
            const __N: usize = <#this as __p::Problem>::CATALOG.code_count();
            __p::assert_unique::<__N>(
                __p::collect_codes::<__N>(&[<#this as __p::Problem>::CATALOG]),
                #msg,
            );
        };
    }
}
