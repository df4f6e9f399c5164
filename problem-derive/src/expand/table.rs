//! The type's table and its catalog: one `const` array of heads (every
//! constant of each variant, with its pre-rendered JSON), from which const
//! evaluation computes the catalog's specs; the hash table of its codes,
//! computed here and written as a byte-string literal; the `CATALOG`
//! with the catalogs of the types the transparent variants wrap; and the
//! const check that their codes do not collide.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{DetailFrom, LogLevel, Model, Shape, Variant};
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
    let mut head = match v.detail_from {
        DetailFrom::Display => {
            quote!(__p::display_head(#code, #status, #title, #type_uri, #doc, #open, #next))
        }
        DetailFrom::Nothing | DetailFrom::Template => {
            quote!(__p::head(#code, #status, #title, #type_uri, #doc, #open, #next))
        }
    };
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

/// `problem_core`'s `code_hash` (catalog.rs): the hash of a code in the
/// catalog's table. The two must agree: `tests/test_catalog_table.rs`
/// checks that a derived table is the one the runtime computes.
fn code_hash(code: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let b = code.as_bytes();
    let mut h = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let mut word = 0u64;
    for (i, byte) in chunks.remainder().iter().enumerate() {
        word |= u64::from(*byte) << (8 * i);
    }
    h = (h.rotate_left(23) ^ word).wrapping_mul(K);
    h ^ (h >> 32)
}

/// The catalog's hash table over the codes and aliases, as
/// `Catalog::__slots` lays it out: a power of two of four-byte slots (at
/// least twice the names), each the little-endian position of a spec (low 24
/// bits) and which of its names it is (above), `u32::MAX` when unused.
/// Computed here, not in const evaluation, where a thousand codes cost the
/// compiler about as much as the rest of the derive. Empty (the catalog
/// then compares every name) past the layout's limits.
fn slots(model: &Model) -> Vec<u8> {
    let specs: Vec<&Variant> = own(model).collect();
    if specs.len() >= 1 << 24 || specs.iter().any(|v| v.aliases.len() >= 255) {
        return Vec::new();
    }
    let names: usize = specs.iter().map(|v| 1 + v.aliases.len()).sum();
    let n = (2 * names).next_power_of_two();
    let mut slots = vec![u32::MAX; n];
    for (s, v) in specs.iter().enumerate() {
        let code = v
            .code
            .as_ref()
            .map(|c| c.value.as_str())
            .unwrap_or_default();
        let all = std::iter::once(code).chain(v.aliases.iter().map(|a| a.value.as_str()));
        for (name, text) in all.enumerate() {
            let mut i = usize::try_from(code_hash(text) & (n as u64 - 1)).unwrap_or(0);
            while slots[i] != u32::MAX {
                i = (i + 1) & (n - 1);
            }
            // Both below the limits checked above.
            #[allow(clippy::cast_possible_truncation)]
            {
                slots[i] = s as u32 | (name as u32) << 24;
            }
        }
    }
    slots.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// The table and the type's own catalog, as items of the `const _` block:
/// `__HEADS` (written, a `static`), `__SPECS` (const evaluation) and
/// `__OWN` (the catalog without nested ones, which `from_problem` searches,
/// with its hash table as a literal).
pub fn items(model: &Model) -> TokenStream {
    let heads: Vec<TokenStream> = own(model).map(|v| head(model, v)).collect();
    let n = heads.len();
    let slots = proc_macro2::Literal::byte_string(&slots(model));
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
    // A `static`: `__write` borrows it once (`__h`) without copying it. A
    // `const` array would be copied into a promoted constant by each borrow,
    // evaluated and checked again; a `const` reference costs more to check
    // than the static's object code costs to emit (measured).
    quote! {
        static __HEADS: [__p::Head; #n] = #heads;
        const __SPECS: [__p::ProblemSpec; #n] = __p::specs(&__HEADS);
        const __OWN: __p::Catalog = __p::Catalog::__new(&__SPECS).__with_slots(#slots)#type_base;
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
