//! `__write`: the one `match` over the variants. Each arm names its head
//! in the table by position and hands the sink what varies per occurrence:
//! the detail, a status or instance field, then the extension members,
//! `retry_after` and `errors`. A transparent arm delegates to the wrapped
//! problem. `code()`, `status()`, `detail()` and the other accessors read
//! the occurrence back from this match (through the runtime's facts sink),
//! so that a large enum is matched once when the crate is type-checked.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::bounds::{Bounds, option_inner, peel_shared_refs};
use super::pattern;
use crate::ast::{DetailFrom, Model, Role, Variant};
use crate::json;

/// The body of `__write`.
///
/// An arm whose variant has nothing that varies per occurrence but, maybe,
/// its `Display` (no template, no status, instance or member field) only
/// picks its head, `Self::A { .. } => 3,`, and one call after the match
/// starts them all: for a type whose details are its `Display` (thiserror's
/// `#[error]`), the match is a list of numbers. The other arms return from
/// the match.
pub fn body(model: &Model, bounds: &mut Bounds) -> TokenStream {
    if model.variants.is_empty() {
        return quote!(match *self {});
    }
    let display = model
        .variants
        .iter()
        .find(|v| v.detail_from == DetailFrom::Display);
    if display.is_some() && !model.generics.params.is_empty() {
        // `Display` of a generic type holds under bounds of its own.
        let ident = &model.ident;
        let (_, ty_generics, _) = model.generics.split_for_impl();
        bounds
            .problem
            .push(syn::parse_quote!(#ident #ty_generics: __p::DisplayDetail));
    }
    let mut arms = Vec::new();
    let mut index = 0usize;
    for v in &model.variants {
        if v.is_transparent() {
            arms.extend(transparent_arm(v, bounds));
        } else {
            arms.push(arm(v, index, bounds));
            index += 1;
        }
    }
    // The table, borrowed once (a promoted constant) rather than in every arm.
    let heads = if index == 0 {
        quote!()
    } else {
        quote!(let __h: &'static [__p::Head] = &__HEADS;)
    };
    if !arms.iter().any(|a| matches!(a.body, Body::Picks(_))) {
        let arms = arms.iter().map(|Arm { pat, body }| match body {
            Body::Writes(write) => quote!(#pat => #write,),
            Body::Picks(_) => quote!(),
        });
        return quote!(#heads match self { #(#arms)* });
    }
    let arms = arms.iter().map(|Arm { pat, body }| match body {
        Body::Picks(index) => quote!(#pat => #index,),
        Body::Writes(write) => quote!(#pat => return #write,),
    });
    // Spanned on the key that asks for `Display`, where a type without it
    // is reported.
    let start = match display {
        Some(v) => {
            let span = display_span(v);
            quote_spanned!(span=> __p::start_display_if(__s, __h, __i, <Self as __p::DisplayDetail>::display_detail(self)))
        }
        None => quote!(__p::start(__s, __h, __i)),
    };
    quote! {
        #heads
        let __i: usize = match self { #(#arms)* };
        #start
    }
}

/// An arm of `__write`'s match.
struct Arm {
    pat: TokenStream,
    body: Body,
}

enum Body {
    /// The position of the variant's head, started after the match.
    Picks(usize),
    /// What writes the occurrence: a `Result`.
    Writes(TokenStream),
}

/// The span a missing `Display` is reported on.
fn display_span(v: &Variant) -> Span {
    v.display_detail
        .or(v.detail.as_ref().map(|d| d.span))
        .unwrap_or_else(|| v.ident.span())
}

/// A transparent variant: everything is the wrapped problem's. Every use
/// names `<T as Problem>`, so that a type that is not a `Problem` gets one
/// error, on the field's type.
fn transparent_arm(v: &Variant, bounds: &mut Bounds) -> Option<Arm> {
    let f = v.fields.first()?;
    let ty = &f.ty;
    if bounds.mentions(ty) {
        bounds.problem.push(syn::parse_quote!(#ty: __p::Problem));
    }
    let b = &f.binding;
    Some(Arm {
        pat: pattern(v, [f]),
        body: Body::Writes(quote!(<#ty as __p::Problem>::__write(#b, __s))),
    })
}

/// The arm of a variant with a head of its own, at `index` in the table.
fn arm(v: &Variant, index: usize, bounds: &mut Bounds) -> Arm {
    let status_field = v.field(&Role::Status);
    let instance_field = v.field(&Role::Instance);
    let template = match v.detail_from {
        DetailFrom::Template => v.detail.as_ref(),
        DetailFrom::Nothing | DetailFrom::Display => None,
    };
    // Fields read through a helper trait of the runtime, and those the
    // template formats: a generic one needs the trait as a bound.
    for f in &v.fields {
        let tr = match f.role {
            Role::Status => quote!(StatusField),
            Role::Instance => quote!(InstanceField),
            Role::RetryAfter => quote!(RetryAfterField),
            _ => continue,
        };
        if bounds.mentions(&f.ty) {
            let ty = &f.ty;
            bounds.problem.push(syn::parse_quote!(#ty: __p::#tr));
        }
    }
    if let Some(d) = template {
        for p in &d.template.placeholders {
            if let Some(f) = v.fields.iter().find(|f| f.name == p.arg)
                && bounds.mentions(&f.ty)
            {
                let ty = &f.ty;
                let tr = Ident::new(p.trait_name, Span::call_site());
                bounds
                    .problem
                    .push(syn::parse_quote!(#ty: __p::core::fmt::#tr));
            }
        }
    }
    let writes = members(v, bounds);
    let simple = template.is_none()
        && status_field.is_none()
        && instance_field.is_none()
        && writes.is_empty();
    if simple {
        return Arm {
            pat: pattern(v, []),
            body: Body::Picks(index),
        };
    }

    // The fields the arm reads, in field order.
    let named = template
        .map(|d| v.fields_named(&d.template))
        .unwrap_or_default();
    let read = v
        .fields
        .iter()
        .filter(|f| f.role != Role::Plain || named.iter().any(|n| std::ptr::eq(*n, *f)));
    let detail = template.map(|d| {
        let lit = LitStr::new(&d.template.format, d.span);
        quote!(__p::format_args!(#lit))
    });
    let start = if status_field.is_none() && instance_field.is_none() {
        match (v.detail_from, detail) {
            (_, Some(args)) => quote!(__p::start_detail(__s, __h, #index, #args)),
            (DetailFrom::Display, None) => {
                let span = display_span(v);
                quote_spanned!(span=> __p::start_display(__s, __h, #index, <Self as __p::DisplayDetail>::display_detail(self)))
            }
            (_, None) => quote!(__p::start(__s, __h, #index)),
        }
    } else {
        let status = status_field.map_or_else(
            || quote!(__p::None),
            |f| {
                let (ty, b) = (&f.ty, &f.binding);
                quote_spanned!(f.span=> <#ty as __p::StatusField>::get(#b))
            },
        );
        let instance = instance_field.map_or_else(
            || quote!(__p::None),
            |f| {
                let (ty, b) = (&f.ty, &f.binding);
                quote_spanned!(f.span=> <#ty as __p::InstanceField>::get(#b))
            },
        );
        match (v.detail_from, detail) {
            (DetailFrom::Display, _) => {
                let span = display_span(v);
                quote_spanned! {span=>
                    __p::start_display_with(__s, __h, #index, #status, <Self as __p::DisplayDetail>::display_detail(self), #instance)
                }
            }
            (_, detail) => {
                let detail = detail.map_or_else(|| quote!(__p::None), |d| quote!(__p::Some(#d)));
                quote!(__p::start_with(__s, __h, #index, #status, #detail, #instance))
            }
        }
    };
    let body = if writes.is_empty() {
        start
    } else {
        // One `Result` threaded through the arm rather than a `?` per
        // member: with a thousand variants, `?` in this generic function
        // doubles the time to type-check the crate.
        quote! {{
            let mut __r = #start;
            #(#writes)*
            __r
        }}
    };
    Arm {
        pat: pattern(v, read),
        body: Body::Writes(body),
    }
}

/// The members written after the start: extensions and `retry_after` in
/// field order, then `errors`.
fn members(v: &Variant, bounds: &mut Bounds) -> Vec<TokenStream> {
    let mut writes = Vec::new();
    for f in &v.fields {
        let (ty, b) = (&f.ty, &f.binding);
        match &f.role {
            Role::Extension(name) => {
                if bounds.mentions(ty) {
                    // An `Option<T>` writes its `T` (and nothing for
                    // `None`): the bound is on what is serialized.
                    let serialized = option_inner(ty).unwrap_or(ty);
                    bounds
                        .problem
                        .push(syn::parse_quote!(#serialized: __p::serde::Serialize));
                }
                let key = format!(",{}:", json::string(name));
                // The value's type is named, on the field's type, so that a
                // type that is not `Serialize` is reported there.
                writes.push(if let Some(inner) = option_inner(ty) {
                    quote_spanned! {inner.span()=>
                        if let __p::Some(__value) = #b {
                            if __r.is_ok() { __r = __s.extension::<#inner>(#name, #key, __value); }
                        }
                    }
                } else {
                    quote_spanned!(ty.span()=> if __r.is_ok() { __r = __s.extension::<#ty>(#name, #key, #b); })
                });
            }
            Role::RetryAfter => writes.push(quote_spanned! {f.span=>
                if let __p::Some(__secs) = <#ty as __p::RetryAfterField>::get(#b) {
                    if __r.is_ok() { __r = __s.retry_after(__secs); }
                }
            }),
            _ => {}
        }
    }
    if let Some(f) = v.field(&Role::Errors) {
        let (ty, b) = (&f.ty, &f.binding);
        // A `&[FieldError]` field is written as the slice it borrows.
        let (field_ty, depth) = peel_shared_refs(ty);
        if bounds.mentions(ty) {
            bounds
                .problem
                .push(syn::parse_quote!(#field_ty: __p::ErrorsField));
        }
        let derefs = (0..depth).map(|_| quote!(*));
        // Named on the field's type, so that a type that cannot hold field
        // errors is reported there.
        writes.push(quote_spanned! {ty.span()=>
            if __r.is_ok() {
                __r = <#field_ty as __p::ErrorsField>::write_errors(#(#derefs)* #b, __s);
            }
        });
    }
    writes
}
