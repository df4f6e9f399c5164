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
pub fn body(model: &Model, bounds: &mut Bounds) -> TokenStream {
    if model.variants.is_empty() {
        return quote!(match *self {});
    }
    let mut index = 0usize;
    let arms = model.variants.iter().map(|v| {
        if v.is_transparent() {
            transparent_arm(v, bounds)
        } else {
            index += 1;
            arm(v, index - 1, bounds)
        }
    });
    let arms: Vec<TokenStream> = arms.collect();
    if display_is_used(model) && !model.generics.params.is_empty() {
        // `Display` of a generic type holds under bounds of its own.
        let ident = &model.ident;
        let (_, ty_generics, _) = model.generics.split_for_impl();
        bounds
            .problem
            .push(syn::parse_quote!(#ident #ty_generics: __p::DisplayDetail));
    }
    quote!(match self { #(#arms)* })
}

fn display_is_used(model: &Model) -> bool {
    model
        .variants
        .iter()
        .any(|v| v.detail_from == DetailFrom::Display)
}

/// A transparent variant: everything is the wrapped problem's. Every use
/// names `<T as Problem>`, so that a type that is not a `Problem` gets one
/// error, on the field's type.
fn transparent_arm(v: &Variant, bounds: &mut Bounds) -> TokenStream {
    let Some(f) = v.fields.first() else {
        return quote!();
    };
    let ty = &f.ty;
    if bounds.mentions(ty) {
        bounds.problem.push(syn::parse_quote!(#ty: __p::Problem));
    }
    let pat = pattern(v, [f]);
    let b = &f.binding;
    quote!(#pat => <#ty as __p::Problem>::__write(#b, __s),)
}

/// An arm of a variant with a head of its own, at `index` in the table.
fn arm(v: &Variant, index: usize, bounds: &mut Bounds) -> TokenStream {
    let status_field = v.field(&Role::Status);
    let instance_field = v.field(&Role::Instance);
    // The fields the arm reads, in field order.
    let template = match v.detail_from {
        DetailFrom::Template => v.detail.as_ref(),
        DetailFrom::Nothing | DetailFrom::Display => None,
    };
    let named = template
        .map(|d| v.fields_named(&d.template))
        .unwrap_or_default();
    let read = v
        .fields
        .iter()
        .filter(|f| f.role != Role::Plain || named.iter().any(|n| std::ptr::eq(*n, *f)));

    // Fields read through a helper trait of the runtime: a generic one needs it as a bound.
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
                    .push(syn::parse_quote!(#ty: ::core::fmt::#tr));
            }
        }
    }

    let display_span = v
        .display_detail
        .or(v.detail.as_ref().map(|d| d.span))
        .unwrap_or_else(|| v.ident.span());
    let detail = template.map(|d| {
        let lit = LitStr::new(&d.template.format, d.span);
        quote!(__p::format_args!(#lit))
    });
    let start = if status_field.is_none() && instance_field.is_none() {
        match (v.detail_from, detail) {
            (DetailFrom::Template, Some(args)) => {
                quote!(__p::start_detail(__s, &__HEADS, #index, #args))
            }
            // The value's `Display`: spanned on the key that asks for it,
            // where a type without `Display` is reported.
            (DetailFrom::Display, _) => {
                quote_spanned!(display_span=> __p::start_display(__s, &__HEADS, #index, self))
            }
            _ => quote!(__p::start(__s, &__HEADS, #index)),
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
            (DetailFrom::Display, _) => quote_spanned! {display_span=>
                __p::start_display_with(__s, &__HEADS, #index, #status, self, #instance)
            },
            (_, detail) => {
                let detail = detail.map_or_else(|| quote!(__p::None), |d| quote!(__p::Some(#d)));
                quote!(__p::start_with(__s, &__HEADS, #index, #status, #detail, #instance))
            }
        }
    };

    let writes = members(v, bounds);
    let pat = pattern(v, read);
    if writes.is_empty() {
        quote!(#pat => #start,)
    } else {
        // One `Result` threaded through the arm rather than a `?` per
        // member: with a thousand variants, `?` in this generic function
        // doubles the time to type-check the crate.
        quote! {
            #pat => {
                let mut __r = #start;
                #(#writes)*
                __r
            }
        }
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
