//! The where clauses of the generated impls: what a generic type's
//! parameters must implement for the code that reads its fields.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Ident, Type, WherePredicate};

use crate::ast::Model;

/// The bounds of the `Problem` and `FromProblem` impls, collected as each
/// part of the code is generated.
pub struct Bounds<'a> {
    params: Vec<&'a Ident>,
    pub problem: Vec<WherePredicate>,
    pub from: Vec<WherePredicate>,
}

impl<'a> Bounds<'a> {
    /// The type's own where clause, on both impls.
    pub fn new(model: &'a Model) -> Self {
        let own: Vec<WherePredicate> = model
            .generics
            .where_clause
            .as_ref()
            .map(|w| w.predicates.iter().cloned().collect())
            .unwrap_or_default();
        Bounds {
            params: model.generics.type_params().map(|p| &p.ident).collect(),
            problem: own.clone(),
            from: own,
        }
    }

    /// Whether a type names one of the type's type parameters (then what
    /// the generated code needs of it is a bound).
    pub fn mentions(&self, ty: &Type) -> bool {
        !self.params.is_empty() && names_any(ty.to_token_stream(), &self.params)
    }

    /// Both lists without repeats (two fields of one generic type), the
    /// first of each kept, so that the clauses are deterministic and lint-free.
    pub fn dedup(&mut self) {
        for list in [&mut self.problem, &mut self.from] {
            let mut seen = std::collections::BTreeSet::new();
            list.retain(|p| seen.insert(quote!(#p).to_string()));
        }
    }
}

/// `where a, b,` or nothing.
pub fn where_clause(predicates: &[WherePredicate]) -> TokenStream {
    if predicates.is_empty() {
        quote!()
    } else {
        quote!(where #(#predicates,)*)
    }
}

/// Whether `tokens` name one of `params` as a path's first segment (not
/// after `::`, where the same name is an associated item).
fn names_any(tokens: TokenStream, params: &[&Ident]) -> bool {
    let mut after_colon = false;
    for token in tokens {
        let found = match &token {
            TokenTree::Ident(ident) => !after_colon && params.contains(&ident),
            TokenTree::Group(group) => names_any(group.stream(), params),
            _ => false,
        };
        if found {
            return true;
        }
        after_colon = matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
    }
    false
}

/// Whether a type borrows: a reference, or a lifetime other than `'static`.
pub fn borrows(ty: &Type) -> bool {
    fn scan(tokens: TokenStream) -> bool {
        let mut lifetime = false;
        for token in tokens {
            match &token {
                TokenTree::Punct(p) if p.as_char() == '&' => return true,
                TokenTree::Ident(ident) if lifetime && ident != "static" => return true,
                TokenTree::Group(group) if scan(group.stream()) => return true,
                _ => {}
            }
            lifetime = matches!(&token, TokenTree::Punct(p) if p.as_char() == '\'');
        }
        false
    }
    scan(ty.to_token_stream())
}

/// `T` when a type is `Option<T>` as written.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            match &last.arguments {
                syn::PathArguments::AngleBracketed(a)
                    if last.ident == "Option" && a.args.len() == 1 =>
                {
                    match a.args.first() {
                        Some(syn::GenericArgument::Type(inner)) => Some(inner),
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        Type::Group(g) => option_inner(&g.elem),
        Type::Paren(p) => option_inner(&p.elem),
        _ => None,
    }
}

/// The type a chain of shared references points to, and how many there are:
/// `([FieldError], 1)` for `&'a [FieldError]`.
pub fn peel_shared_refs(ty: &Type) -> (&Type, usize) {
    match ty {
        Type::Reference(r) if r.mutability.is_none() => {
            let (inner, depth) = peel_shared_refs(&r.elem);
            (inner, depth + 1)
        }
        Type::Group(g) => peel_shared_refs(&g.elem),
        Type::Paren(p) => peel_shared_refs(&p.elem),
        _ => (ty, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_and_borrows() {
        let t: Ident = syn::parse_quote!(T);
        let params = [&t];
        let names = |ty: Type| names_any(ty.to_token_stream(), &params);
        assert!(names(syn::parse_quote!(T)));
        assert!(names(syn::parse_quote!(Vec<Option<T>>)));
        assert!(names(syn::parse_quote!(<T as Tr>::X)));
        assert!(names(syn::parse_quote!([T; 2])));
        assert!(!names(syn::parse_quote!(Foo::T)));
        assert!(!names(syn::parse_quote!(Tee)));
        assert!(borrows(&syn::parse_quote!(&str)));
        assert!(borrows(&syn::parse_quote!(Cow<'a, str>)));
        assert!(borrows(&syn::parse_quote!(Vec<(u8, &'static str)>)));
        assert!(!borrows(&syn::parse_quote!(Cow<'static, str>)));
        assert!(!borrows(&syn::parse_quote!(Vec<String>)));
    }
}
