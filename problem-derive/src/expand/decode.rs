//! `FromProblem::from_problem`: the code (or an alias) is looked up in the
//! type's own catalog (its hash table, which the derive writes), and a
//! `match` on the position rebuilds the variants whose fields all travel;
//! then each transparent variant asks the type it wraps.

use proc_macro2::TokenStream;
use quote::quote;

use super::bounds::{Bounds, borrows};
use super::path;
use crate::ast::{Model, Role, Style, Variant};

/// The body of `from_problem`, over `__d: &ProblemDetails`.
pub fn body(model: &Model, bounds: &mut Bounds) -> TokenStream {
    let mut index = 0usize;
    let mut arms = Vec::new();
    let mut transparent = Vec::new();
    for v in &model.variants {
        if v.is_transparent() {
            transparent.extend(delegate(v, bounds));
            continue;
        }
        let at = index;
        index += 1;
        if let Some(value) = rebuild(v, bounds) {
            arms.push(quote!(#at => __p::Some(#value),));
        }
        for f in &v.fields {
            let ty = &f.ty;
            if let Role::Extension(_) = f.role
                && bounds.mentions(ty)
            {
                bounds
                    .from
                    .push(syn::parse_quote!(#ty: __p::serde::de::DeserializeOwned));
            }
        }
    }
    // A code of the type's own that cannot be rebuilt is `None`, not a
    // question for the wrapped types.
    let own = if arms.is_empty() && (index == 0 || transparent.is_empty()) {
        quote!()
    } else if arms.is_empty() {
        quote!(if __p::variant_of(&__OWN, __d).is_some() {
            return __p::None;
        })
    } else {
        quote! {
            if let __p::Some(__i) = __p::variant_of(&__OWN, __d) {
                return match __i { #(#arms)* _ => __p::None };
            }
        }
    };
    if own.is_empty() && transparent.is_empty() {
        return quote!(let _ = __d; __p::None);
    }
    quote!(#own #(#transparent)* __p::None)
}

/// A transparent variant: the wrapped type's `from_problem`.
fn delegate(v: &Variant, bounds: &mut Bounds) -> Option<TokenStream> {
    let f = v.fields.first()?;
    let ty = &f.ty;
    if bounds.mentions(ty) {
        bounds.from.push(syn::parse_quote!(#ty: __p::FromProblem));
    } else {
        // Also a bound for a concrete type, where it is not checked when
        // the impl is defined (a bound under `for<..>` is not "trivially"
        // false): a type that is not a `Problem` is then reported once, by
        // the `Problem` impl, and one that is a `Problem` without
        // `FromProblem` makes this type not `FromProblem`, reported where
        // that is needed.
        bounds
            .from
            .push(syn::parse_quote!(for<'__a> #ty: __p::FromProblem));
    }
    let (p, member) = (path(v), &f.member);
    Some(quote! {
        if let __p::Some(__inner) = <#ty as __p::FromProblem>::from_problem(__d) {
            return __p::Some(#p { #member: __inner });
        }
    })
}

/// The variant built from the details, when every field travels: a plain
/// field never does, and a borrowed extension or `errors` field cannot be
/// rebuilt from owned details.
fn rebuild(v: &Variant, bounds: &mut Bounds) -> Option<TokenStream> {
    let rebuildable = v.fields.iter().all(|f| match f.role {
        Role::Plain => false,
        Role::Extension(_) | Role::Errors => !borrows(&f.ty),
        _ => true,
    });
    if !rebuildable {
        return None;
    }
    let status = v.status.unwrap_or(500);
    let inits = v.fields.iter().map(|f| {
        let (member, ty) = (&f.member, &f.ty);
        let (tr, value) = match &f.role {
            Role::Extension(name) => (
                None,
                quote!((&__p::Slot::<#ty>::NEW).rebuild_extension(__d.extensions.get(#name))?),
            ),
            Role::Errors => {
                if bounds.mentions(ty) {
                    bounds.from.push(syn::parse_quote!(
                        #ty: __p::core::iter::FromIterator<__p::FieldError>
                    ));
                }
                (
                    None,
                    quote!((&__p::Slot::<#ty>::NEW).rebuild_errors(&__d.errors)?),
                )
            }
            Role::Instance => (
                Some(quote!(InstanceField)),
                quote!(<#ty as __p::InstanceField>::rebuild(__d.instance.as_deref())?),
            ),
            Role::Status => (
                Some(quote!(StatusField)),
                quote!(<#ty as __p::StatusField>::rebuild(__d.status, #status)?),
            ),
            Role::RetryAfter => (
                Some(quote!(RetryAfterField)),
                quote!(<#ty as __p::RetryAfterField>::rebuild(__d.retry_after())?),
            ),
            // Not rebuildable: returned above.
            Role::Plain => (None, quote!()),
        };
        if let Some(tr) = tr
            && bounds.mentions(ty)
        {
            bounds.from.push(syn::parse_quote!(#ty: __p::#tr));
        }
        quote!(#member: #value)
    });
    let inits: Vec<TokenStream> = inits.collect();
    let p = path(v);
    Some(if inits.is_empty() {
        match v.style {
            Style::Unit => p,
            Style::Tuple | Style::Named => quote!(#p {}),
        }
    } else {
        quote!(#p { #(#inits,)* })
    })
}
