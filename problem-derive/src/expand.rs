//! Model -> tokens: the `Problem` and `FromProblem` impls, the catalog, and
//! the cross-type uniqueness check.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::visit::Visit;
use syn::{Ident, LitStr, Type, WherePredicate};

use crate::ast::{Field, Model, Role, Shape, Variant};
use crate::{fmt, json, status};

/// Everything constant about one non-transparent variant.
struct Info {
    code: String,
    status: u16,
    title: String,
    type_uri: String,
    /// Written with `retryable`; otherwise derived from the status.
    retryable: Option<bool>,
    expose: bool,
}

fn info(model: &Model, v: &Variant) -> Info {
    let code = v.code.as_ref().map(|c| c.value.clone()).unwrap_or_default();
    let status = v.status.unwrap_or(500);
    let title = v.keys.title.as_ref().map_or_else(
        || {
            status::reason_phrase(status)
                .unwrap_or_else(|| status::fallback_title(status))
                .to_owned()
        },
        LitStr::value,
    );
    let type_uri = match (&v.keys.type_uri, &model.type_base) {
        (Some(uri), _) => uri.value(),
        (None, Some(base)) => format!("{}{code}", base.value()),
        (None, None) => "about:blank".to_owned(),
    };
    Info {
        code,
        status,
        title,
        type_uri,
        retryable: v.keys.retryable.as_ref().map(|r| **r),
        expose: v.keys.expose_detail.is_present(),
    }
}

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

/// The runtime's name of a shape.
fn shape_path(shape: Shape) -> TokenStream {
    match shape {
        Shape::Rfc9457 => quote!(::problem_core::__private::EnvelopeShape::Rfc9457),
        Shape::Wrapped => quote!(::problem_core::__private::EnvelopeShape::Wrapped),
        Shape::Flat => quote!(::problem_core::__private::EnvelopeShape::Flat),
    }
}

/// `Self` or `Self::Variant`.
fn path(v: &Variant) -> TokenStream {
    let ident = &v.ident;
    if v.is_variant {
        quote!(Self::#ident)
    } else {
        quote!(Self)
    }
}

/// A pattern binding the given fields to their `__f_` locals.
fn pattern<'a>(v: &Variant, fields: impl IntoIterator<Item = &'a Field>) -> TokenStream {
    let path = path(v);
    let binds = fields.into_iter().map(|f| {
        let member = &f.member;
        let binding = f.binding();
        quote!(#member: #binding)
    });
    quote!(#path { #(#binds,)* .. })
}

/// The single field of a transparent variant.
fn inner(v: &Variant) -> &Field {
    &v.fields[0]
}

/// `T` when a type is `Option<T>` as written.
fn option_inner(ty: &Type) -> Option<&Type> {
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
fn peel_shared_refs(ty: &Type) -> (&Type, usize) {
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

/// The status of an occurrence, as an expression over the bindings.
fn status_expr(v: &Variant, info: &Info) -> TokenStream {
    let declared = info.status;
    match v.field(&Role::Status) {
        Some(f) => {
            let b = f.binding();
            let ty = &f.ty;
            quote_spanned!(f.span=> <#ty as ::problem_core::__private::StatusField>::get(#b).unwrap_or(#declared))
        }
        None => quote!(#declared),
    }
}

/// The fields a variant's own detail template names.
fn detail_fields<'v>(v: &'v Variant, t: &fmt::Template) -> Vec<&'v Field> {
    let names: Vec<String> = t
        .placeholders
        .iter()
        .map(|p| p.arg.clone())
        .chain(t.spec_args.iter().cloned())
        .collect();
    v.fields
        .iter()
        .filter(|f| names.iter().any(|n| *n == member_name(f)))
        .collect()
}

fn member_name(f: &Field) -> String {
    match &f.member {
        syn::Member::Named(i) => {
            let n = i.to_string();
            n.strip_prefix("r#").unwrap_or(&n).to_owned()
        }
        syn::Member::Unnamed(i) => i.index.to_string(),
    }
}

/// The variant's `detail` and its template, arguments renamed to their
/// bindings: parsed once, read by every part that needs it.
fn detail_template(v: &Variant) -> Option<(&LitStr, fmt::Template)> {
    let detail = v.keys.detail.as_ref()?;
    let t = fmt::parse(&detail.value(), |arg| format!("__f_{arg}")).ok()?;
    Some((detail, t))
}

/// The fields a generated arm needs bound, deduplicated, in field order.
fn bound<'a>(v: &'a Variant, extra: &[&'a Field]) -> Vec<&'a Field> {
    let mut out: Vec<&Field> = Vec::new();
    for f in &v.fields {
        if extra.iter().any(|e| std::ptr::eq(*e, f)) {
            out.push(f);
        }
    }
    out
}

/// Whether a type borrows: a reference, or a lifetime other than `'static`.
fn borrows(ty: &Type) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_type_reference(&mut self, _: &'ast syn::TypeReference) {
            self.0 = true;
        }
        fn visit_lifetime(&mut self, lt: &'ast syn::Lifetime) {
            if lt.ident != "static" {
                self.0 = true;
            }
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}

struct TypeParams<'a> {
    params: Vec<&'a Ident>,
}

impl TypeParams<'_> {
    fn mentioned_in(&self, ty: &Type) -> bool {
        struct Finder<'p> {
            params: &'p [&'p Ident],
            found: bool,
        }
        impl<'ast> Visit<'ast> for Finder<'_> {
            fn visit_path(&mut self, path: &'ast syn::Path) {
                if let Some(first) = path.segments.first()
                    && self.params.iter().any(|p| first.ident == **p)
                {
                    self.found = true;
                }
                syn::visit::visit_path(self, path);
            }
        }
        if self.params.is_empty() {
            return false;
        }
        let mut finder = Finder {
            params: &self.params,
            found: false,
        };
        finder.visit_type(ty);
        finder.found
    }
}

/// Drops repeated predicates (two fields of one generic type), keeping the
/// first of each, so that the where clauses are deterministic and lint-free.
fn dedup(predicates: &mut Vec<WherePredicate>) {
    let mut seen = std::collections::BTreeSet::new();
    predicates.retain(|p| seen.insert(quote!(#p).to_string()));
}

pub fn expand(model: &Model) -> TokenStream {
    let ident = &model.ident;
    let params = TypeParams {
        params: model.generics.type_params().map(|p| &p.ident).collect(),
    };
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let mut problem_bounds: Vec<WherePredicate> = where_clause
        .map(|w| w.predicates.iter().cloned().collect())
        .unwrap_or_default();
    let mut from_bounds = problem_bounds.clone();

    let mut specs = Vec::new();
    let mut index: Vec<(String, usize)> = Vec::new();
    let mut nested = Vec::new();
    let mut detail_arg_arms = Vec::new();
    let mut write_arms = Vec::new();
    let mut from_arms = Vec::new();
    let mut from_transparent = Vec::new();

    for v in &model.variants {
        if v.is_transparent() {
            let f = inner(v);
            let ty = &f.ty;
            let b = f.binding();
            let pat = pattern(v, [f]);
            let p = path(v);
            let member = &f.member;
            if params.mentioned_in(ty) {
                problem_bounds.push(syn::parse_quote!(#ty: ::problem_core::__private::Problem));
                from_bounds.push(syn::parse_quote!(#ty: ::problem_core::__private::FromProblem));
            } else {
                // Also a bound for a concrete type, where it is not checked
                // when the impl is defined (a bound under `for<..>` is not
                // "trivially" false): a type that is not a `Problem` is then
                // reported once, by the `Problem` impl, and one that is a
                // `Problem` without `FromProblem` makes this type not
                // `FromProblem`, reported where that is needed.
                from_bounds.push(syn::parse_quote!(
                    for<'__p> #ty: ::problem_core::__private::FromProblem
                ));
            }
            // Every use names `<#ty as Problem>`, so that a type that is not a
            // `Problem` gets one error, on the field's type.
            nested.push(quote!(<#ty as ::problem_core::__private::Problem>::CATALOG));
            detail_arg_arms.push(quote!(#pat => <#ty as ::problem_core::__private::Problem>::__detail_arg(#b, __name, __f)));
            write_arms.push(
                quote!(#pat => <#ty as ::problem_core::__private::Problem>::__write(#b, __sink)),
            );
            from_transparent.push(quote! {
                if let ::core::option::Option::Some(__inner) =
                    <#ty as ::problem_core::__private::FromProblem>::from_problem(__details)
                {
                    return ::core::option::Option::Some(#p { #member: __inner });
                }
            });
            continue;
        }

        let info = info(model, v);
        let Info {
            code,
            status,
            title,
            type_uri,
            ..
        } = &info;
        let doc = &v.doc;
        let aliases: Vec<String> = v.keys.alias.iter().map(LitStr::value).collect();
        let retryable_static = info
            .retryable
            .unwrap_or(matches!(status, 429 | 502 | 503 | 504));
        index.push((code.clone(), specs.len()));
        for a in &aliases {
            index.push((a.clone(), specs.len()));
        }
        specs.push(quote! {
            ::problem_core::__private::ProblemSpec {
                code: #code,
                status: #status,
                title: #title,
                type_uri: #type_uri,
                retryable: #retryable_static,
                description: #doc,
                aliases: &[#(#aliases),*],
            }
        });

        // Fields read through a helper trait of the runtime: a generic one
        // needs it as a bound.
        let mut field_traits: Vec<(&Type, TokenStream)> = Vec::new();
        for f in &v.fields {
            let tr = match f.role {
                Role::Status => quote!(StatusField),
                Role::Instance => quote!(InstanceField),
                Role::RetryAfter => quote!(RetryAfterField),
                _ => continue,
            };
            if params.mentioned_in(&f.ty) {
                let ty = &f.ty;
                problem_bounds.push(syn::parse_quote!(#ty: ::problem_core::__private::#tr));
                field_traits.push((ty, tr));
            }
        }

        let status_field = v.field(&Role::Status);
        let dyn_status = status_expr(v, &info);

        // detail
        let template = detail_template(v);
        let uses = template
            .as_ref()
            .map(|(_, t)| detail_fields(v, t))
            .unwrap_or_default();
        if let Some((_, t)) = &template {
            for p in &t.placeholders {
                let Some(f) = v.fields.iter().find(|f| member_name(f) == p.arg) else {
                    continue;
                };
                let ty = &f.ty;
                if params.mentioned_in(ty) {
                    let tr = Ident::new(p.trait_name, proc_macro2::Span::call_site());
                    problem_bounds.push(syn::parse_quote!(#ty: ::core::fmt::#tr));
                }
            }
        }
        let expose = info.expose;
        let shown_static = expose || *status < 500;
        let detail = template.as_ref().map(|(lit, t)| {
            let lit = LitStr::new(&t.format, lit.span());
            quote!(::core::format_args!(#lit))
        });

        // __detail_arg: each argument of the template, formatted as the
        // template formats it, for translated details.
        if let (Some((detail, t)), true) = (&template, status_field.is_some() || shown_static) {
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
                    let method =
                        Ident::new(arg_method(p.trait_name), proc_macro2::Span::call_site());
                    quote!((&::problem_core::__private::Arg(#binding)).#method(__f))
                } else {
                    let lit = LitStr::new(&p.format, detail.span());
                    quote!(::core::option::Option::Some(
                        __f.write_fmt(::core::format_args!(#lit))
                    ))
                };
                name_arms.push(quote! {
                    #name => #write,
                });
            }
            if !name_arms.is_empty() {
                let pat = pattern(v, bound(v, &uses));
                detail_arg_arms.push(quote! {
                    #pat => match __name {
                        #(#name_arms)*
                        _ => ::core::option::Option::None,
                    }
                });
            }
        }

        // __write
        let (json_open, json_code_or_message) = match model.envelope {
            Shape::Rfc9457 => (
                format!(
                    "{{\"type\":{},\"title\":{},\"status\":",
                    json::string(type_uri),
                    json::string(title)
                ),
                format!(",\"code\":{}", json::string(code)),
            ),
            Shape::Wrapped => (
                format!(
                    "{{\"schema_version\":1,\"error\":{{\"code\":{}",
                    json::string(code)
                ),
                format!(",\"message\":{}", json::string(title)),
            ),
            Shape::Flat => (
                format!("{{\"code\":{}", json::string(code)),
                format!(",\"message\":{}", json::string(title)),
            ),
        };
        let shape = shape_path(model.envelope);
        let retryable_now = match (info.retryable, status_field) {
            (Some(r), _) => quote!(#r),
            (None, Some(_)) => quote!(::problem_core::__private::default_retryable(__status)),
            (None, None) => quote!(#retryable_static),
        };
        // The head, the detail, the instance and the code in one call.
        let instance = match v.field(&Role::Instance) {
            Some(f) => {
                let ty = &f.ty;
                let b = f.binding();
                quote_spanned!(f.span=> <#ty as ::problem_core::__private::InstanceField>::get(#b))
            }
            None => quote!(::core::option::Option::None),
        };
        let start = |detail: TokenStream| quote!(__sink.start(__head, __status, #retryable_now, #detail, #instance));
        let none = quote!(::core::option::Option::None);
        let first = match &detail {
            None => start(none),
            Some(args) if status_field.is_none() && shown_static => {
                start(quote!(::core::option::Option::Some(#args)))
            }
            // A withheld detail is still formatted behind the check, so that
            // the fields it names count as read (no `dead_code` in the
            // user's crate); for a fixed 5xx status the check is constant.
            Some(args) => {
                let shown = start(quote!(::core::option::Option::Some(#args)));
                let hidden = start(none);
                quote! {
                    if ::problem_core::__private::detail_shown(__status, #expose) { #shown } else { #hidden }
                }
            }
        };
        let mut writes = Vec::new();
        let mut write_fields: Vec<&Field> = Vec::new();
        if detail.is_some() {
            write_fields.extend(&uses);
        }
        write_fields.extend(status_field);
        write_fields.extend(v.field(&Role::Instance));
        for f in &v.fields {
            let b = f.binding();
            let ty = &f.ty;
            match &f.role {
                Role::Extension(name) => {
                    write_fields.push(f);
                    if params.mentioned_in(ty) {
                        // An `Option<T>` writes its `T` (and nothing for
                        // `None`): the bound is on what is serialized.
                        let serialized = option_inner(ty).unwrap_or(ty);
                        problem_bounds.push(syn::parse_quote!(
                            #serialized: ::problem_core::__private::serde::Serialize
                        ));
                        from_bounds.push(syn::parse_quote!(#ty: ::problem_core::__private::serde::de::DeserializeOwned));
                    }
                    let key = format!(",{}:", json::string(name));
                    // The value's type is named, on the field's type, so that a
                    // type that is not `Serialize` is reported there.
                    writes.push(if let Some(inner) = option_inner(ty) {
                        let span = syn::spanned::Spanned::span(inner);
                        quote_spanned! {span=>
                            if let ::core::option::Option::Some(__value) = #b {
                                if __r.is_ok() { __r = __sink.extension::<#inner>(#name, #key, __value); }
                            }
                        }
                    } else {
                        let span = syn::spanned::Spanned::span(ty);
                        quote_spanned!(span=> if __r.is_ok() { __r = __sink.extension::<#ty>(#name, #key, #b); })
                    });
                }
                Role::RetryAfter => {
                    write_fields.push(f);
                    writes.push(quote_spanned! {f.span=>
                        if let ::core::option::Option::Some(__secs) =
                            <#ty as ::problem_core::__private::RetryAfterField>::get(#b)
                        {
                            if __r.is_ok() { __r = __sink.retry_after(__secs); }
                        }
                    });
                }
                _ => {}
            }
        }
        if let Some(f) = v.field(&Role::Errors) {
            let ty = &f.ty;
            // A `&[FieldError]` field is written as the slice it borrows.
            let (field_ty, depth) = peel_shared_refs(ty);
            if params.mentioned_in(ty) {
                problem_bounds
                    .push(syn::parse_quote!(#field_ty: ::problem_core::__private::ErrorsField));
                from_bounds.push(syn::parse_quote!(
                    #ty: ::core::iter::FromIterator<::problem_core::__private::FieldError>
                ));
            }
            write_fields.push(f);
            let b = f.binding();
            let derefs = (0..depth).map(|_| quote!(*));
            // Named on the field's type, so that a type that cannot hold
            // field errors is reported there.
            let span = syn::spanned::Spanned::span(ty);
            writes.push(quote_spanned! {span=>
                if __r.is_ok() {
                    __r = <#field_ty as ::problem_core::__private::ErrorsField>::write_errors(#(#derefs)* #b, __sink);
                }
            });
        }
        let write_pat = pattern(v, bound(v, &write_fields));
        write_arms.push(quote! {
            #write_pat => {
                let __status: u16 = #dyn_status;
                let __head = &::problem_core::__private::Head {
                    code: #code,
                    type_uri: #type_uri,
                    title: #title,
                    shape: #shape,
                    json_open: #json_open,
                    json_code_or_message: #json_code_or_message,
                };
                // One `Result` threaded through the arm rather than a `?`
                // per member: with a thousand variants, `?` in this generic
                // function doubles the time to type-check the crate.
                let mut __r = #first;
                #(#writes)*
                __r
            }
        });

        // FromProblem
        let p = path(v);
        // A plain field never travels; a borrowed extension cannot be rebuilt
        // from owned details.
        let rebuildable = v.fields.iter().all(|f| match f.role {
            Role::Plain => false,
            Role::Extension(_) | Role::Errors => !borrows(&f.ty),
            _ => true,
        });
        let mut codes = vec![code.clone()];
        codes.extend(aliases.iter().cloned());
        let build = if rebuildable {
            for (ty, tr) in &field_traits {
                from_bounds.push(syn::parse_quote!(#ty: ::problem_core::__private::#tr));
            }
            let inits = v.fields.iter().filter(|f| f.role != Role::Plain).map(|f| {
                let member = &f.member;
                let ty = &f.ty;
                let value = match &f.role {
                    Role::Extension(name) => quote! {
                        (&::problem_core::__private::Slot::<#ty>::NEW).rebuild_extension(__details.extensions.get(#name))?
                    },
                    Role::Errors => quote! {
                        (&::problem_core::__private::Slot::<#ty>::NEW).rebuild_errors(&__details.errors)?
                    },
                    Role::Instance => quote! {
                        <#ty as ::problem_core::__private::InstanceField>::rebuild(__details.instance.as_deref())?
                    },
                    Role::Status => quote! {
                        <#ty as ::problem_core::__private::StatusField>::rebuild(__details.status, #status)?
                    },
                    Role::RetryAfter => quote! {
                        <#ty as ::problem_core::__private::RetryAfterField>::rebuild(__details.retry_after())?
                    },
                    // Filtered out above: a plain field makes the variant not rebuildable.
                    Role::Plain => quote!(),
                };
                quote!(#member: #value)
            });
            quote!(::core::option::Option::Some(#p { #(#inits,)* }))
        } else {
            quote!(::core::option::Option::None)
        };
        from_arms.push(quote!(::core::option::Option::Some(#(#codes)|*) => return #build,));
    }

    index.sort();
    let index_len = index.len();
    let index = index.iter().map(|(c, i)| quote!((#c, #i)));

    let empty = model.variants.is_empty();
    let body = |arms: &[TokenStream]| {
        if empty {
            quote!(match *self {})
        } else {
            quote!(match self { #(#arms,)* })
        }
    };
    let write_body = body(&write_arms);
    let detail_arg = if detail_arg_arms.is_empty() {
        quote!()
    } else {
        // Only with `problem_core`'s `i18n` feature: the hidden macro drops
        // the method otherwise, before it is type-checked.
        quote! {
            ::problem_core::__i18n! {
            #[allow(unreachable_patterns)]
            fn __detail_arg(
                &self,
                __name: &str,
                __f: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::option::Option<::core::fmt::Result> {
                #[allow(unused_imports)]
                use ::problem_core::__private::{
                    ArgBinary as _, ArgBinaryFallback as _, ArgDebug as _, ArgDebugFallback as _,
                    ArgDisplay as _, ArgDisplayFallback as _, ArgLowerExp as _, ArgLowerExpFallback as _,
                    ArgLowerHex as _, ArgLowerHexFallback as _, ArgOctal as _, ArgOctalFallback as _,
                    ArgPointer as _, ArgPointerFallback as _, ArgUpperExp as _, ArgUpperExpFallback as _,
                    ArgUpperHex as _, ArgUpperHexFallback as _,
                };
                match self {
                    #(#detail_arg_arms,)*
                    _ => ::core::option::Option::None,
                }
            }
            }
        }
    };
    let envelope = if model.envelope == Shape::default() {
        quote!()
    } else {
        let shape = shape_path(model.envelope);
        quote!(const ENVELOPE: ::problem_core::__private::EnvelopeShape = #shape;)
    };

    let from_match = if from_arms.is_empty() {
        quote!()
    } else {
        quote! {
            match __details.code.as_deref() {
                #(#from_arms)*
                _ => {}
            }
        }
    };

    // A type with type or const parameters has a catalog per instance, and
    // cannot be checked in a `const _`. Lifetimes do not change the catalog,
    // and `'static` satisfies every outlives bound: a type whose only
    // parameters are lifetimes is checked as `Type<'static, ..>`.
    let only_lifetimes = model
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    let statics = model
        .generics
        .lifetimes()
        .map(|_| quote!('static))
        .collect::<Vec<_>>();
    let this = if statics.is_empty() {
        quote!(#ident)
    } else {
        quote!(#ident<#(#statics),*>)
    };
    // problem_core's own derived types are listed by its registry directly:
    // a registration is a `#[link_section]` static, which that crate's
    // `forbid(unsafe_code)` rejects.
    let register = (only_lifetimes && !compiling_problem_core())
        .then(|| quote!(::problem_core::__register! { #this }));
    let uniqueness = if !nested.is_empty() && only_lifetimes {
        let msg = format!(
            "it is used more than once by `{ident}` and the types its transparent variants wrap"
        );
        quote! {
            const _: () = {
                const __N: usize = <#this as ::problem_core::__private::Problem>::CATALOG.code_count();
                ::problem_core::__private::assert_unique::<__N>(
                    ::problem_core::__private::collect_codes::<__N>(&[<#this as ::problem_core::__private::Problem>::CATALOG]),
                    #msg,
                );
            };
        }
    } else {
        quote!()
    };

    dedup(&mut problem_bounds);
    dedup(&mut from_bounds);
    let with_type_base = model
        .type_base
        .as_ref()
        .map(|base| quote!(.__with_type_base(#base)));
    let problem_where = if problem_bounds.is_empty() {
        quote!()
    } else {
        quote!(where #(#problem_bounds,)*)
    };
    let from_where = if from_bounds.is_empty() {
        quote!()
    } else {
        quote!(where #(#from_bounds,)*)
    };

    let integration_where = where_clause.into_iter().flat_map(|w| &w.predicates);

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
    let problem_hide = hide(&problem_bounds);
    let from_hide = hide(&from_bounds);

    quote! {
        #[automatically_derived]
        #problem_hide
        #[allow(unused_qualifications, non_snake_case, clippy::match_same_arms, clippy::too_many_lines)]
        impl #impl_generics ::problem_core::__private::Problem for #ident #ty_generics #problem_where {
            const CATALOG: ::problem_core::__private::Catalog = {
                const __INDEX: &[(&str, usize)] = &[#(#index,)*];
                // The hash table `Catalog::find` probes, built in const evaluation.
                const __SLOTS: &[u32] = &::problem_core::__private::Catalog::__slots::<
                    { ::problem_core::__private::Catalog::__slot_count(#index_len) },
                >(__INDEX);
                ::problem_core::__private::Catalog::__new(
                    &[#(#specs,)*],
                    &[#(#nested,)*],
                    __INDEX,
                )
                .__with_slots(__SLOTS)
                #with_type_base
            };
            #envelope
            // Each read back from `__write`, the one place that knows the
            // variants: a thousand-variant enum is matched once, not eight
            // times, when the crate is type-checked.
            // `#[inline]`: compiled where they are used, not with the type.
            #[inline]
            fn code(&self) -> &'static str { ::problem_core::__private::head_of(self).code }
            #[inline]
            fn status(&self) -> u16 { ::problem_core::__private::status_of(self) }
            #[inline]
            fn type_uri(&self) -> &'static str { ::problem_core::__private::head_of(self).type_uri }
            #[inline]
            fn title(&self) -> &'static str { ::problem_core::__private::head_of(self).title }
            #[inline]
            fn retryable(&self) -> bool { ::problem_core::__private::retryable_of(self) }
            #[inline]
            fn detail(&self) -> ::core::option::Option<::std::string::String> { ::problem_core::__private::detail_of(self) }
            #[inline]
            fn retry_after(&self) -> ::core::option::Option<u64> { ::problem_core::__private::retry_after_of(self) }
            fn __write<__S: ::problem_core::__private::Sink>(
                &self,
                __sink: &mut __S,
            ) -> ::core::result::Result<(), __S::Error> {
                #write_body
            }
            #detail_arg
        }

        #[automatically_derived]
        #from_hide
        #[allow(unused_qualifications, clippy::match_same_arms, clippy::too_many_lines)]
        impl #impl_generics ::problem_core::__private::FromProblem for #ident #ty_generics #from_where {
            fn from_problem(__details: &::problem_core::__private::ProblemDetails) -> ::core::option::Option<Self> {
                #[allow(unused_imports)]
                use ::problem_core::__private::{
                    RebuildErrors as _, RebuildErrorsFallback as _, RebuildExtension as _, RebuildExtensionFallback as _,
                };
                #from_match
                #(#from_transparent)*
                ::core::option::Option::None
            }
        }

        #uniqueness

        // Framework integrations: `problem_core` defines this macro per feature
        // (axum, actix-web, utoipa); it expands to nothing without them.
        ::problem_core::__impl_integrations! { {#impl_generics} {#ident #ty_generics} {#(#integration_where,)*} }
        // The link-time registry (`registry` feature): `problem_core` defines
        // this macro; it expands to nothing without the feature.
        #register
    }
}

/// Whether the crate being compiled is `problem_core` itself (cargo names
/// the crate of every rustc run in `CARGO_CRATE_NAME`).
fn compiling_problem_core() -> bool {
    std::env::var("CARGO_CRATE_NAME").is_ok_and(|name| name == "problem_core")
}
