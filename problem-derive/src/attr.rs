//! Phase 1, the attributes as written: darling reads each `#[problem(..)]`
//! into raw key structs, with their spans.
//!
//! Before darling, [`positional`] turns the compact form
//! (`#[problem("scans.not_found", 404, ..)]`) into the named keys it means.
//! When an attribute does not parse, [`recover`] reads it again key by key:
//! every bad key gets its own error, saying where it belongs or what value
//! it takes, and the keys that did parse are kept, so that a build reports
//! every mistake at once. Nothing after `ast.rs` sees these structs.

use darling::error::Accumulator;
use darling::util::{Flag, Override, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, Lit, LitStr, Meta, Token};

/// The value of `status = ..`, kept as written so that a string, a path or
/// an out-of-range number gets a message of our own.
#[derive(Clone, Debug)]
pub struct StatusExpr(pub Expr);

impl FromMeta for StatusExpr {
    fn from_word() -> darling::Result<Self> {
        Err(darling::Error::custom(
            "a variant's `status` takes a value: write `status = 404`; the bare `#[problem(status)]` goes on a field that holds the status of each occurrence",
        ))
    }

    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Ok(StatusExpr(expr.clone()))
    }
}

/// The keys of a variant (and of a struct, which is one problem). `log` and
/// `display_detail` are also container keys of an enum.
#[derive(Clone, Debug, Default, FromMeta)]
pub struct VariantKeys {
    pub code: Option<LitStr>,
    pub status: Option<StatusExpr>,
    pub title: Option<LitStr>,
    pub detail: Option<LitStr>,
    pub display_detail: Flag,
    pub type_uri: Option<LitStr>,
    pub retryable: Option<SpannedValue<bool>>,
    pub expose_detail: Flag,
    #[darling(multiple)]
    pub alias: Vec<LitStr>,
    pub transparent: Flag,
    pub log: Option<LitStr>,
    pub grpc_code: Option<LitStr>,
}

impl VariantKeys {
    /// Every key written, in declaration order, each with the span its
    /// errors point at: the value where there is one, else the key.
    pub fn written(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        if let Some(l) = &self.code {
            out.push(("code", l.span()));
        }
        if let Some(s) = &self.status {
            out.push(("status", s.0.span()));
        }
        for (key, lit) in [
            ("title", &self.title),
            ("detail", &self.detail),
            ("type_uri", &self.type_uri),
        ] {
            if let Some(l) = lit {
                out.push((key, l.span()));
            }
        }
        if self.display_detail.is_present() {
            out.push(("display_detail", self.display_detail.span()));
        }
        if let Some(r) = &self.retryable {
            out.push(("retryable", r.span()));
        }
        if self.expose_detail.is_present() {
            out.push(("expose_detail", self.expose_detail.span()));
        }
        for a in &self.alias {
            out.push(("alias", a.span()));
        }
        if self.transparent.is_present() {
            out.push(("transparent", self.transparent.span()));
        }
        for (key, lit) in [("log", &self.log), ("grpc_code", &self.grpc_code)] {
            if let Some(l) = lit {
                out.push((key, l.span()));
            }
        }
        out
    }
}

/// `#[problem(..)]` on the enum or struct.
#[derive(FromDeriveInput)]
#[darling(attributes(problem), forward_attrs(doc, error))]
pub struct ContainerInput {
    pub ident: Ident,
    pub generics: Generics,
    pub attrs: Vec<Attribute>,
    pub type_base: Option<LitStr>,
    pub code_prefix: Option<LitStr>,
    pub rename_all: Option<LitStr>,
    pub envelope: Option<LitStr>,
    #[darling(flatten)]
    pub keys: VariantKeys,
}

/// `#[problem(..)]` on a variant: its keys, and the `doc` and `error`
/// attributes beside them.
pub struct VariantInput {
    pub attrs: Vec<Attribute>,
    pub keys: VariantKeys,
}

impl VariantInput {
    /// What darling's `FromVariant` with `attributes(problem)` and
    /// `forward_attrs(doc, error)` reads: the keys of every `#[problem(..)]`,
    /// read by darling (`VariantKeys::from_list`), with its errors. The
    /// lists are split by [`nested_meta`], which reads the usual keys
    /// without syn's expression parser.
    fn from_attrs(attrs: &[Attribute]) -> darling::Result<Self> {
        let mut errors = darling::Error::accumulator();
        let mut items = Vec::new();
        for attr in attrs.iter().filter(|a| a.path().is_ident("problem")) {
            if let Some(list) = errors.handle(darling::util::parse_attribute_to_meta_list(attr)) {
                items.extend(errors.handle(nested_meta(list.tokens)).unwrap_or_default());
            }
        }
        let keys = errors.handle(VariantKeys::from_list(&items));
        errors.finish_with(VariantInput {
            attrs: attrs
                .iter()
                .filter(|a| a.path().is_ident("doc") || a.path().is_ident("error"))
                .cloned()
                .collect(),
            keys: keys.unwrap_or_default(),
        })
    }
}

/// The items of an attribute's list, as darling's
/// `NestedMeta::parse_meta_list` reads them. The usual shapes (`key`,
/// `key = "literal"`, `key = 404`, `key = true`) are built from the tokens
/// directly: a proc macro runs unoptimized, where syn's expression parser
/// costs a tenth of the derive. Anything else is left to darling.
fn nested_meta(tokens: TokenStream) -> darling::Result<Vec<darling::ast::NestedMeta>> {
    use darling::ast::NestedMeta;
    let fast = || {
        let mut items = Vec::new();
        let mut iter = tokens.clone().into_iter();
        while let Some(token) = iter.next() {
            let TokenTree::Ident(key) = token else {
                return None;
            };
            let path = syn::Path::from(key);
            let meta = match iter.next() {
                None => Meta::Path(path),
                Some(TokenTree::Punct(p)) if p.as_char() == ',' => Meta::Path(path),
                Some(TokenTree::Punct(eq)) if eq.as_char() == '=' => {
                    let lit = match iter.next()? {
                        TokenTree::Literal(lit) => Lit::new(lit),
                        TokenTree::Ident(b) if b == "true" || b == "false" => {
                            Lit::Bool(syn::LitBool::new(b == "true", b.span()))
                        }
                        _ => return None,
                    };
                    match iter.next() {
                        None => {}
                        Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
                        Some(_) => return None,
                    }
                    Meta::NameValue(syn::MetaNameValue {
                        path,
                        eq_token: Token![=](eq.span()),
                        value: Expr::Lit(syn::ExprLit {
                            attrs: Vec::new(),
                            lit,
                        }),
                    })
                }
                Some(_) => return None,
            };
            items.push(NestedMeta::Meta(meta));
        }
        Some(items)
    };
    match fast() {
        Some(items) => Ok(items),
        None => NestedMeta::parse_meta_list(tokens).map_err(darling::Error::from),
    }
}

/// `#[problem(..)]` on a field.
#[derive(Clone, Debug, FromField)]
#[darling(attributes(problem))]
pub struct FieldInput {
    pub extension: Option<SpannedValue<Override<LitStr>>>,
    pub errors: Flag,
    pub instance: Flag,
    pub status: Flag,
    pub retry_after: Flag,
}

impl FieldInput {
    /// The role keys written, in source order (`attrs` are the field's).
    pub fn roles_written(&self, attrs: &[Attribute]) -> Vec<(&'static str, Span)> {
        let mut roles = Vec::new();
        if let Some(ext) = &self.extension {
            roles.push(("extension", ext.span()));
        }
        for (flag, key) in [
            (&self.errors, "errors"),
            (&self.instance, "instance"),
            (&self.status, "status"),
            (&self.retry_after, "retry_after"),
        ] {
            if flag.is_present() {
                roles.push((key, flag.span()));
            }
        }
        if roles.len() > 1 {
            // In the order they are written, so that the error lands on the second.
            let order = keys_in_order(attrs);
            roles.sort_by_key(|(key, _)| {
                order
                    .iter()
                    .position(|(k, _)| k == key)
                    .unwrap_or(usize::MAX)
            });
        }
        roles
    }
}

/// Where a `#[problem(..)]` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Enum,
    Struct,
    Variant,
    Field,
}

const CONTAINER_KEYS: &[&str] = &["type_base", "code_prefix", "rename_all", "envelope"];
/// Variant keys that are also container keys of an enum (a default for its variants).
pub const ENUM_KEYS: &[&str] = &["log", "display_detail"];
const VARIANT_KEYS: &[&str] = &[
    "code",
    "status",
    "title",
    "detail",
    "display_detail",
    "type_uri",
    "retryable",
    "expose_detail",
    "alias",
    "transparent",
    "log",
    "grpc_code",
];
const FIELD_KEYS: &[&str] = &["extension", "errors", "instance", "status", "retry_after"];

/// The keys of every `#[problem(..)]` in `attrs`, in source order, with
/// their spans. Attributes that do not parse are skipped.
pub fn keys_in_order(attrs: &[Attribute]) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("problem")) {
        if let Ok(items) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            for item in items {
                if let Some(key) = item.path().get_ident() {
                    out.push((key.to_string(), key.span()));
                }
            }
        }
    }
    out
}

// ---- the compact form ---------------------------------------------------------

/// One argument of `#[problem(..)]`: a literal (the compact form) or a key.
enum Arg {
    Lit(Lit),
    Meta(Meta),
}

fn args(input: ParseStream<'_>) -> syn::Result<Punctuated<Arg, Token![,]>> {
    Punctuated::parse_terminated_with(input, |input| {
        if input.peek(Lit) {
            input.parse().map(Arg::Lit)
        } else {
            input.parse().map(Arg::Meta)
        }
    })
}

/// The attributes with the compact form's positional arguments written as
/// the keys they mean: in a variant's (or a struct's) `#[problem(..)]`, a
/// leading string literal is `code = ..` and the integer literal that
/// follows it (or leads) is `status = ..`. Each key takes the literal's
/// span, so that a key given both ways is reported as a repeated key, at
/// the second. Returns `None` when no attribute has a literal (nothing to
/// rewrite), and whether a literal was dropped because of an error.
pub fn positional(
    attrs: &[Attribute],
    level: Level,
    errors: &mut Accumulator,
) -> Option<(Vec<Attribute>, bool)> {
    // A literal that starts an argument (a cheap scan of the tokens: the
    // common attribute has none, and is left to darling as written).
    let has_literal = |attr: &Attribute| {
        let Meta::List(list) = &attr.meta else {
            return false;
        };
        let mut at_start = true;
        attr.path().is_ident("problem")
            && list.tokens.clone().into_iter().any(|t| {
                let literal = at_start
                    && match &t {
                        TokenTree::Literal(_) => true,
                        TokenTree::Ident(i) => i == "true" || i == "false",
                        _ => false,
                    };
                at_start = matches!(&t, TokenTree::Punct(p) if p.as_char() == ',');
                literal
            })
    };
    if !attrs.iter().any(has_literal) {
        return None;
    }
    let mut dropped = false;
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs {
        if !has_literal(attr) {
            out.push(attr.clone());
            continue;
        }
        let Ok(list) = attr.parse_args_with(args) else {
            out.push(attr.clone());
            continue;
        };
        let mut keys: Vec<TokenStream> = Vec::new();
        // The keys the literals so far stood for, and whether a named key came.
        let (mut taken, mut named_seen, mut reported) = (Vec::new(), false, false);
        for arg in list {
            let lit = match arg {
                Arg::Meta(meta) => {
                    named_seen = true;
                    keys.push(meta.into_token_stream());
                    continue;
                }
                Arg::Lit(lit) => lit,
            };
            let misplaced = if level == Level::Field {
                Some(
                    "a field takes a marker, not a code or a status: write `#[problem(extension)]`, `errors`, `instance`, `status` or `retry_after`; the compact `#[problem(\"scans.not_found\", 404)]` goes on the variant",
                )
            } else if named_seen {
                Some(
                    "the code and the status come first: write them before the named keys, as in `#[problem(\"scans.not_found\", 404, title = \"..\")]`",
                )
            } else {
                None
            };
            // On an enum, the keys they mean are reported where they belong
            // (on a variant), as if written by name.
            if let Some(msg) = misplaced {
                // Once per attribute.
                if !reported {
                    errors.push(darling::Error::custom(msg).with_span(&lit));
                    reported = true;
                }
                dropped = true;
                continue;
            }
            let key = match (&lit, taken.as_slice()) {
                (Lit::Str(_), []) => Ok("code"),
                (Lit::Int(_), [] | ["code"]) => Ok("status"),
                (Lit::Str(s), ["code"]) => Err(match s.value().trim().parse::<u16>() {
                    Ok(n) => format!(
                        "the second positional argument is the status, an integer, not a string: write `{n}`"
                    ),
                    Err(_) => "the second positional argument is the status, an integer such as `404`: name any other key, as in `title = \"..\"`".to_owned(),
                }),
                (Lit::Str(_), ["status"]) => Err(
                    "the code comes before the status: write `#[problem(\"scans.not_found\", 404)]`"
                        .to_owned(),
                ),
                (Lit::Str(_) | Lit::Int(_), _) => Err(
                    "`#[problem(..)]` takes at most two positional arguments, the code and the status: name the others, as in `title = \"..\"`"
                        .to_owned(),
                ),
                _ => Err(
                    "a positional argument is the code, a string such as \"scans.not_found\", or the status, an integer such as 404"
                        .to_owned(),
                ),
            };
            match key {
                Ok(key) => {
                    taken.push(key);
                    let ident = Ident::new(key, lit.span());
                    keys.push(quote_spanned!(lit.span()=> #ident = #lit));
                }
                Err(msg) => {
                    errors.push(darling::Error::custom(msg).with_span(&lit));
                    // What the literal was meant to be is not known: the
                    // checks that need it are skipped.
                    taken.push("?");
                    dropped = true;
                }
            }
        }
        let mut attr = attr.clone();
        if let Meta::List(list) = &mut attr.meta {
            list.tokens = quote::quote!(#(#keys),*);
        }
        out.push(attr);
    }
    Some((out, dropped))
}

// ---- recovering from a key that does not parse ----------------------------

/// What a key that is valid here, but written with the wrong kind of value,
/// takes instead.
fn value_hint(key: &str, level: Level) -> Option<String> {
    let example = match key {
        "code" => "scans.not_found",
        "title" => "Scan not found",
        "detail" => "scan {id} was not found",
        "type_uri" => "https://docs.example.com/errors/not-found",
        "alias" => "scans.missing",
        "type_base" => "https://docs.example.com/errors/",
        "code_prefix" => "scans.",
        "rename_all" => "snake_case",
        "envelope" => "wrapped",
        "log" => "warn",
        "grpc_code" => "already_exists",
        "retryable" => {
            return Some(
                "`retryable` takes a bool: write `retryable`, or `retryable = false`".to_owned(),
            );
        }
        "extension" => {
            return Some(
                "`extension` takes an optional name: write `extension`, or `extension = \"name\"`"
                    .to_owned(),
            );
        }
        "status" if level == Level::Field => {
            return Some(
                "on a field, `status` takes no value: `#[problem(status)]` marks the field that holds the status of each occurrence; a fixed `status = 404` belongs on the variant"
                    .to_owned(),
            );
        }
        "expose_detail" | "display_detail" | "transparent" | "errors" | "instance"
        | "retry_after" => {
            return Some(format!("`{key}` takes no value: write `{key}`"));
        }
        _ => return None,
    };
    Some(format!(
        "`{key}` takes a string: write `{key} = \"{example}\"`"
    ))
}

/// Where a key that is not valid here belongs, if it is valid somewhere.
fn misplaced_hint(key: &str, level: Level) -> Option<String> {
    if CONTAINER_KEYS.contains(&key) {
        let here = match level {
            Level::Variant => "a variant",
            _ => "a field",
        };
        return Some(format!(
            "`{key}` belongs on the enum or struct, not on {here}: move it to the `#[problem(..)]` above the type"
        ));
    }
    if level == Level::Field && VARIANT_KEYS.contains(&key) {
        return Some(format!(
            "`{key}` belongs on the variant (or the struct), not on a field: move it to the `#[problem(..)]` above the variant"
        ));
    }
    if level != Level::Field && FIELD_KEYS.contains(&key) {
        return Some(format!(
            "`{key}` marks a field: write `#[problem({key})]` on the field it applies to"
        ));
    }
    None
}

/// What a parse of some attributes gave.
pub struct Parsed<T> {
    pub value: T,
    /// `false` when some key was dropped because of an error: checks that
    /// a dropped key could have satisfied (a missing code, a missing
    /// status) are then skipped.
    pub complete: bool,
}

/// Turns the result of parsing the original attributes into a value and
/// errors. On failure, the `#[problem(..)]` keys are read again one by one:
/// a repeated key is reported at its second occurrence, naming the line and
/// column of the first; a key that belongs elsewhere says where; a key with
/// the wrong kind of value says what it takes; an unknown key gets darling's error
/// ("did you mean"). The keys that parse are then read together, so the
/// rest of the checks still run on them.
pub fn recover<T>(
    first: darling::Result<T>,
    attrs: &[Attribute],
    level: Level,
    errors: &mut Accumulator,
    reparse: impl Fn(Vec<Attribute>) -> darling::Result<T>,
) -> Option<Parsed<T>> {
    let first_error = match first {
        Ok(value) => {
            return Some(Parsed {
                value,
                complete: true,
            });
        }
        Err(e) => e,
    };
    // This parse's own errors, pushed to `errors` at the end.
    let mut found: Vec<darling::Error> = Vec::new();
    let others: Vec<Attribute> = attrs
        .iter()
        .filter(|a| !a.path().is_ident("problem"))
        .cloned()
        .collect();
    let mut items: Vec<Meta> = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("problem")) {
        match &attr.meta {
            Meta::List(_) => {
                match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                    Ok(list) => items.extend(list),
                    Err(e) => found.push(darling::Error::from(e)),
                }
            }
            Meta::Path(_) | Meta::NameValue(_) => found.push(
                darling::Error::custom(
                    "write the keys in parentheses: `#[problem(key = value, ..)]`",
                )
                .with_span(&attr.meta),
            ),
        }
    }

    let mut dropped = false;
    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut kept: Vec<Meta> = Vec::new();
    for item in items {
        let key = item.path().get_ident().map(Ident::to_string);
        // `alias` is repeatable; any other key is written once.
        if let Some(key) = &key
            && key != "alias"
        {
            if let Some((_, first_span)) = seen.iter().find(|(k, _)| k == key) {
                let at = crate::span::location_of(*first_span)
                    .map(|l| format!(" (first at {l})"))
                    .unwrap_or_default();
                found.push(
                    darling::Error::custom(format!("`{key}` is written twice{at}: keep one"))
                        .with_span(&item.path()),
                );
                dropped = true;
                continue;
            }
            seen.push((key.clone(), item.path().span()));
        }
        let alone: Vec<Attribute> = others
            .iter()
            .cloned()
            .chain([syn::parse_quote!(#[problem(#item)])])
            .collect();
        if let Err(e) = reparse(alone) {
            dropped = true;
            let key = key.unwrap_or_default();
            let known_here = match level {
                Level::Enum | Level::Struct => {
                    CONTAINER_KEYS.contains(&key.as_str()) || VARIANT_KEYS.contains(&key.as_str())
                }
                Level::Variant => VARIANT_KEYS.contains(&key.as_str()),
                Level::Field => FIELD_KEYS.contains(&key.as_str()),
            };
            let hint = if known_here {
                value_hint(&key, level)
            } else {
                misplaced_hint(&key, level)
            };
            match hint {
                // On the value when there is one: that is what to change.
                Some(hint) if known_here => {
                    found.push(darling::Error::custom(hint).with_span(&match &item {
                        Meta::NameValue(nv) => nv.value.span(),
                        Meta::List(l) => l.delimiter.span().join(),
                        Meta::Path(p) => p.span(),
                    }));
                }
                Some(hint) => found.push(darling::Error::custom(hint).with_span(&item.path())),
                None => found.push(e),
            }
            continue;
        }
        kept.push(item);
    }

    let all: Vec<Attribute> = others
        .into_iter()
        .chain([syn::parse_quote!(#[problem(#(#kept),*)])])
        .collect();
    match reparse(all) {
        Ok(value) => {
            if found.is_empty() {
                // Nothing above explains the first failure: report it as is.
                found.push(first_error);
            }
            errors.extend(found);
            Some(Parsed {
                value,
                complete: !dropped,
            })
        }
        Err(e) => {
            errors.extend(found);
            errors.push(e);
            None
        }
    }
}

// ---- each level's parse -------------------------------------------------------

/// The container's keys (which do not read the body), or `None` when they
/// could not be read at all (the errors say why).
pub fn container(
    input: &syn::DeriveInput,
    level: Level,
    errors: &mut Accumulator,
) -> Option<Parsed<ContainerInput>> {
    // The container keys do not read the body: parse a unit struct.
    let parse = |attrs: Vec<Attribute>| {
        ContainerInput::from_derive_input(&syn::DeriveInput {
            attrs,
            vis: input.vis.clone(),
            ident: input.ident.clone(),
            generics: input.generics.clone(),
            data: syn::Data::Struct(syn::DataStruct {
                struct_token: Token![struct](input.ident.span()),
                fields: syn::Fields::Unit,
                semi_token: None,
            }),
        })
    };
    let (attrs, dropped) = match positional(&input.attrs, level, errors) {
        Some((attrs, dropped)) => (attrs, dropped),
        None => (input.attrs.clone(), false),
    };
    let parsed = recover(parse(attrs.clone()), &attrs, level, errors, parse)?;
    Some(Parsed {
        value: parsed.value,
        complete: parsed.complete && !dropped,
    })
}

/// A variant's keys and forwarded attributes.
pub fn variant(v: &syn::Variant, errors: &mut Accumulator) -> Option<Parsed<VariantInput>> {
    let parse = |attrs: Vec<Attribute>| VariantInput::from_attrs(&attrs);
    let (parsed, dropped) = match positional(&v.attrs, Level::Variant, errors) {
        Some((attrs, dropped)) => (
            recover(parse(attrs.clone()), &attrs, Level::Variant, errors, parse),
            dropped,
        ),
        None => (
            recover(
                VariantInput::from_attrs(&v.attrs),
                &v.attrs,
                Level::Variant,
                errors,
                parse,
            ),
            false,
        ),
    };
    parsed.map(|p| Parsed {
        value: p.value,
        complete: p.complete && !dropped,
    })
}

/// A field's keys, or `None` when its attribute does not parse (the errors
/// say why).
pub fn field(field: &syn::Field, errors: &mut Accumulator) -> Option<FieldInput> {
    let parse = |attrs: Vec<Attribute>| {
        FieldInput::from_field(&syn::Field {
            attrs,
            ..field.clone()
        })
    };
    let first = match positional(&field.attrs, Level::Field, errors) {
        Some((attrs, _)) => parse(attrs),
        None => FieldInput::from_field(field),
    };
    recover(first, &field.attrs, Level::Field, errors, parse).map(|p| p.value)
}

/// The string of a variant's `#[error("..")]` (thiserror's `Display`
/// message), when it is one string literal and nothing else.
pub fn error_message(attrs: &[Attribute]) -> Option<LitStr> {
    let mut messages = attrs.iter().filter(|a| a.path().is_ident("error"));
    let attr = messages.next()?;
    if messages.next().is_some() {
        return None;
    }
    let Meta::List(list) = &attr.meta else {
        return None;
    };
    let lit: LitStr = (|input: ParseStream<'_>| {
        let lit: LitStr = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        if input.is_empty() {
            Ok(lit)
        } else {
            Err(input.error("more than a message"))
        }
    })
    .parse2(list.tokens.clone())
    .ok()?;
    Some(lit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(attr: Attribute, level: Level) -> (String, Vec<String>) {
        let mut errors = darling::Error::accumulator();
        let out = positional(&[attr], level, &mut errors)
            .map(|(attrs, _)| attrs[0].to_token_stream().to_string())
            .unwrap_or_default();
        let errors = match errors.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (out, errors)
    }

    #[test]
    fn compact_form_means_the_named_keys() {
        let (out, errors) = rewritten(
            syn::parse_quote!(#[problem("scans.not_found", 404, title = "x")]),
            Level::Variant,
        );
        assert_eq!(
            out,
            r#"# [problem (code = "scans.not_found" , status = 404 , title = "x")]"#
        );
        assert!(errors.is_empty());
        let (out, _) = rewritten(syn::parse_quote!(#[problem(404)]), Level::Variant);
        assert_eq!(out, "# [problem (status = 404)]");
        let (out, _) = rewritten(syn::parse_quote!(#[problem("a")]), Level::Struct);
        assert_eq!(out, r#"# [problem (code = "a")]"#);
        // Nothing positional: nothing rewritten.
        let mut errors = darling::Error::accumulator();
        assert!(
            positional(
                &[syn::parse_quote!(#[problem(code = "a")])],
                Level::Variant,
                &mut errors
            )
            .is_none()
        );
        errors.finish().unwrap();
    }

    #[test]
    fn compact_form_mistakes() {
        let cases: [(Attribute, Level, &str); 6] = [
            (
                syn::parse_quote!(#[problem(404, "a")]),
                Level::Variant,
                "the code comes before the status",
            ),
            (
                syn::parse_quote!(#[problem("a", "404")]),
                Level::Variant,
                "the second positional argument is the status, an integer, not a string: write `404`",
            ),
            (
                syn::parse_quote!(#[problem("a", 404, 405)]),
                Level::Variant,
                "at most two positional arguments",
            ),
            (
                syn::parse_quote!(#[problem(title = "t", "a")]),
                Level::Variant,
                "the code and the status come first",
            ),
            (
                syn::parse_quote!(#[problem(true)]),
                Level::Variant,
                "a positional argument is the code",
            ),
            (
                syn::parse_quote!(#[problem("a")]),
                Level::Field,
                "a field takes a marker",
            ),
        ];
        for (attr, level, error) in cases {
            let (_, errors) = rewritten(attr.clone(), level);
            assert_eq!(errors.len(), 1, "{}: {errors:?}", attr.to_token_stream());
            assert!(errors[0].contains(error), "{errors:?}");
        }
    }

    #[test]
    fn error_messages() {
        let v: syn::Variant = syn::parse_quote!(
            #[error("scan {id}")]
            A
        );
        assert_eq!(error_message(&v.attrs).unwrap().value(), "scan {id}");
        let v: syn::Variant = syn::parse_quote!(
            #[error("scan {x}", x = 1)]
            A
        );
        assert!(error_message(&v.attrs).is_none());
        let v: syn::Variant = syn::parse_quote!(
            #[error(transparent)]
            A
        );
        assert!(error_message(&v.attrs).is_none());
        let v: syn::Variant = syn::parse_quote!(A);
        assert!(error_message(&v.attrs).is_none());
    }
}
