//! `__detail_arg`, for translated details (only with `problem_core`'s
//! `i18n` feature, which turns on this crate's): each argument of a
//! variant's detail template, formatted as the template formats it, so that
//! a translation can place it. A detail taken from `Display` has its
//! arguments read from thiserror's `#[error("..")]`, when the variant has one.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, LitStr};

use super::pattern;
use crate::ast::{DetailFrom, Message, Model, Role, Variant};

/// The method of `problem_core::__private::Arg` for a formatting trait.
fn arg_method(trait_name: &str) -> &'static str {
    match trait_name {
        "Debug" => "debug",
        "LowerHex" => "lower_hex",
        "UpperHex" => "upper_hex",
        "Octal" => "octal",
        "Binary" => "binary",
        "LowerExp" => "lower_exp",
        "UpperExp" => "upper_exp",
        "Pointer" => "pointer",
        _ => "display",
    }
}

/// The message whose arguments a translation places.
fn message(v: &Variant) -> Option<&Message> {
    match v.detail_from {
        DetailFrom::Template => v.detail.as_ref(),
        DetailFrom::Display => v.display_message.as_ref(),
        DetailFrom::Nothing => None,
    }
}

/// The `__detail_arg` method, or nothing when no variant has arguments.
pub fn method(model: &Model) -> TokenStream {
    let mut arms = Vec::new();
    for v in &model.variants {
        if v.is_transparent() {
            let Some(f) = v.fields.first() else { continue };
            let (ty, b) = (&f.ty, &f.binding);
            let pat = pattern(v, [f]);
            arms.push(quote!(#pat => <#ty as __p::Problem>::__detail_arg(#b, __name, __f),));
            continue;
        }
        // A withheld detail is never translated.
        let shown = v.field(&Role::Status).is_some()
            || v.expose_detail.is_some()
            || v.status.is_some_and(|s| s < 500);
        let Some(message) = message(v).filter(|_| shown) else {
            continue;
        };
        let t = &message.template;
        // Every argument the message names must be a field (thiserror
        // reports the others).
        if !t.names().all(|n| v.fields.iter().any(|f| f.name == n)) {
            continue;
        }
        let mut names: Vec<&str> = Vec::new();
        let mut name_arms = Vec::new();
        for p in &t.placeholders {
            if p.arg.is_empty() || names.contains(&p.arg.as_str()) {
                continue;
            }
            names.push(&p.arg);
            let name = &p.arg;
            // A placeholder without flags, width or precision is its
            // formatting trait called on the field; others are formatted
            // by their spec.
            let write = if p.plain {
                let binding = quote::format_ident!("__f_{}", p.arg);
                let method = Ident::new(arg_method(p.trait_name), Span::call_site());
                quote!((&__p::Arg(#binding)).#method(__f))
            } else {
                let lit = LitStr::new(&p.format, message.span);
                quote!(__p::Some(__f.write_fmt(__p::format_args!(#lit))))
            };
            name_arms.push(quote!(#name => #write,));
        }
        if !name_arms.is_empty() {
            let pat = pattern(v, v.fields_named(t));
            arms.push(quote! {
                #pat => match __name {
                    #(#name_arms)*
                    _ => __p::None,
                },
            });
        }
    }
    if arms.is_empty() {
        return quote!();
    }
    quote! {
        #[allow(unreachable_patterns)]
        fn __detail_arg(
            &self,
            __name: &str,
            __f: &mut __p::core::fmt::Formatter<'_>,
        ) -> __p::Option<__p::core::fmt::Result> {
            #[allow(unused_imports)]
            use __p::{
                ArgBinary as _, ArgBinaryFallback as _, ArgDebug as _, ArgDebugFallback as _,
                ArgDisplay as _, ArgDisplayFallback as _, ArgLowerExp as _, ArgLowerExpFallback as _,
                ArgLowerHex as _, ArgLowerHexFallback as _, ArgOctal as _, ArgOctalFallback as _,
                ArgPointer as _, ArgPointerFallback as _, ArgUpperExp as _, ArgUpperExpFallback as _,
                ArgUpperHex as _, ArgUpperHexFallback as _,
            };
            match self {
                #(#arms)*
                _ => __p::None,
            }
        }
    }
}
