//! Attributes -> model: darling reads `#[problem(..)]`, and each value is
//! resolved once (codes derived, statuses parsed) with its span kept.
//!
//! When an attribute does not parse, it is read again key by key
//! ([`recover`]): every bad key gets its own error, saying where it belongs
//! or what value it takes, and the keys that did parse still take part in
//! the checks, so a build reports every mistake at once.

use darling::error::Accumulator;
use darling::util::{Flag, Override, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta, FromVariant};
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, LitStr, Member, Meta, Token, Type};

use crate::case::{RULES, RenameRule};

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

/// The keys of a variant (and of a struct, which is one problem).
#[derive(Clone, Debug, Default, FromMeta)]
pub struct VariantKeys {
    pub code: Option<LitStr>,
    pub status: Option<StatusExpr>,
    pub title: Option<LitStr>,
    pub detail: Option<LitStr>,
    pub type_uri: Option<LitStr>,
    pub retryable: Option<SpannedValue<bool>>,
    pub expose_detail: Flag,
    #[darling(multiple)]
    pub alias: Vec<LitStr>,
    pub transparent: Flag,
}

/// `#[problem(..)]` on the enum or struct.
#[derive(FromDeriveInput)]
#[darling(attributes(problem), forward_attrs(doc))]
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

/// The JSON shape of the envelope (`envelope = ".."`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    #[default]
    Rfc9457,
    Wrapped,
    Flat,
}

impl Shape {
    pub const NAMES: [(&'static str, Shape); 3] = [
        ("rfc9457", Shape::Rfc9457),
        ("wrapped", Shape::Wrapped),
        ("flat", Shape::Flat),
    ];
}

/// `#[problem(..)]` on a variant.
#[derive(FromVariant)]
#[darling(attributes(problem), forward_attrs(doc))]
pub struct VariantInput {
    pub attrs: Vec<Attribute>,
    #[darling(flatten)]
    pub keys: VariantKeys,
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

/// What a field is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Never serialized; usable in `detail`.
    Plain,
    /// A top-level member with this name.
    Extension(String),
    Errors,
    Instance,
    Status,
    RetryAfter,
}

pub struct Field {
    pub member: Member,
    pub ty: Type,
    pub role: Role,
    /// The span of the role's key, or of the field when it has none.
    pub role_span: Span,
    /// Every role key written on the field, in source order (more than one is an error).
    pub roles_written: Vec<(&'static str, Span)>,
    pub span: Span,
}

impl Field {
    /// The local the field is bound to in generated match arms.
    pub fn binding(&self) -> Ident {
        match &self.member {
            Member::Named(ident) => {
                let name = ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                quote::format_ident!("__f_{}", name)
            }
            Member::Unnamed(index) => quote::format_ident!("__f_{}", index.index),
        }
    }
}

/// A code as resolved: written, or derived from the variant name.
#[derive(Clone, Debug)]
pub struct Code {
    pub value: String,
    pub span: Span,
    pub derived: bool,
}

pub struct Variant {
    pub ident: Ident,
    /// `false` for a struct.
    pub is_variant: bool,
    pub keys: VariantKeys,
    pub doc: String,
    pub fields: Vec<Field>,
    pub code: Option<Code>,
    /// The declared status, when it is a valid one.
    pub status: Option<u16>,
    /// Whether a missing code is a mistake of its own. `false` when an
    /// error already reported explains it (an attribute that did not parse,
    /// an unknown `rename_all` rule, a `code` written on the enum), so that
    /// one mistake is reported once.
    pub code_expected: bool,
    /// The same for a missing status.
    pub status_expected: bool,
}

impl Variant {
    pub fn is_transparent(&self) -> bool {
        self.keys.transparent.is_present()
    }

    pub fn field(&self, role: &Role) -> Option<&Field> {
        self.fields.iter().find(|f| &f.role == role)
    }
}

pub struct Model {
    pub ident: Ident,
    pub generics: Generics,
    pub type_base: Option<LitStr>,
    pub code_prefix: Option<LitStr>,
    pub envelope: Shape,
    /// Whether `rename_all` is written (valid or not), or may be: a key of
    /// the container did not parse.
    pub has_rename_all: bool,
    pub variants: Vec<Variant>,
}

/// Where a span starts, as "line 5, column 27" (both counted from 1, as the
/// compiler prints them), when the compiler can tell (inside the macro; not
/// in unit tests). Both, so that two occurrences on one line are told apart.
pub fn location_of(span: Span) -> Option<String> {
    proc_macro::is_available().then(|| {
        let span = span.unwrap();
        format!("line {}, column {}", span.line(), span.column())
    })
}

/// `(line, column)` of a span, for putting errors in source order.
pub fn position_of(span: Span) -> (usize, usize) {
    if proc_macro::is_available() {
        let span = span.unwrap();
        (span.line(), span.column())
    } else {
        (0, 0)
    }
}

// ---- keys, by where they are written ------------------------------------

/// Where a `#[problem(..)]` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Enum,
    Struct,
    Variant,
    Field,
}

const CONTAINER_KEYS: &[&str] = &["type_base", "code_prefix", "rename_all", "envelope"];
const VARIANT_KEYS: &[&str] = &[
    "code",
    "status",
    "title",
    "detail",
    "type_uri",
    "retryable",
    "expose_detail",
    "alias",
    "transparent",
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
        "expose_detail" | "transparent" | "errors" | "instance" | "retry_after" => {
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

/// A variant (or the struct) before it is resolved: its name, whether it is
/// a variant, its parsed keys and doc attributes, and its fields.
type RawVariant<'a> = (
    Ident,
    bool,
    Option<Parsed<(VariantKeys, Vec<Attribute>)>>,
    &'a syn::Fields,
);

/// What a parse of some attributes gave.
struct Parsed<T> {
    value: T,
    /// `false` when some key was dropped because of an error: checks that
    /// a dropped key could have satisfied (a missing code, a missing
    /// status) are then skipped.
    complete: bool,
}

/// Turns the result of parsing the original attributes into a value and
/// errors. On failure, the `#[problem(..)]` keys are read again one by one:
/// a repeated key is reported at its second occurrence, naming the line and
/// column of the first; a key that belongs elsewhere says where; a key with
/// the wrong kind of value says what it takes; an unknown key gets darling's error
/// ("did you mean"). The keys that parse are then read together, so the
/// rest of the checks still run on them.
fn recover<T>(
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
                let at = location_of(*first_span)
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
                    }))
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

/// The doc comment as one string: lines trimmed, paragraphs kept.
fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta
            && let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            lines.push(s.value().trim().to_owned());
        }
    }
    lines.join("\n").trim().to_owned()
}

fn field_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => {
            let name = ident.to_string();
            name.strip_prefix("r#").unwrap_or(&name).to_owned()
        }
        Member::Unnamed(i) => i.index.to_string(),
    }
}

fn fields_of(fields: &syn::Fields, errors: &mut Accumulator) -> Vec<Field> {
    let mut out = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(syn::Index {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                span: field.ty.span(),
            }),
        };
        let span = field
            .ident
            .as_ref()
            .map_or_else(|| field.ty.span(), Ident::span);
        let parsed = recover(
            FieldInput::from_field(field),
            &field.attrs,
            Level::Field,
            errors,
            |attrs| {
                FieldInput::from_field(&syn::Field {
                    attrs,
                    ..field.clone()
                })
            },
        );
        let Some(Parsed { value: input, .. }) = parsed else {
            // The attribute did not parse: keep the field, without a role.
            out.push(Field {
                member,
                ty: field.ty.clone(),
                role: Role::Plain,
                role_span: span,
                roles_written: Vec::new(),
                span,
            });
            continue;
        };
        let mut roles_written = Vec::new();
        if let Some(ext) = &input.extension {
            roles_written.push(("extension", ext.span()));
        }
        for (flag, key) in [
            (&input.errors, "errors"),
            (&input.instance, "instance"),
            (&input.status, "status"),
            (&input.retry_after, "retry_after"),
        ] {
            if flag.is_present() {
                roles_written.push((key, flag.span()));
            }
        }
        if roles_written.len() > 1 {
            // Put them in the order they are written, so that the error
            // lands on the second.
            let order = keys_in_order(&field.attrs);
            roles_written.sort_by_key(|(key, _)| {
                order
                    .iter()
                    .position(|(k, _)| k == key)
                    .unwrap_or(usize::MAX)
            });
        }
        let role = match roles_written.first() {
            None => Role::Plain,
            Some(("extension", _)) => Role::Extension(match input.extension.as_deref() {
                Some(Override::Explicit(lit)) => lit.value(),
                _ => field_name(&member),
            }),
            Some(("errors", _)) => Role::Errors,
            Some(("instance", _)) => Role::Instance,
            Some(("status", _)) => Role::Status,
            Some(_) => Role::RetryAfter,
        };
        let role_span = match (&role, input.extension.as_deref()) {
            (Role::Extension(_), Some(Override::Explicit(lit))) => lit.span(),
            _ => roles_written.first().map_or(span, |(_, s)| *s),
        };
        out.push(Field {
            member,
            ty: field.ty.clone(),
            role,
            role_span,
            roles_written,
            span,
        });
    }
    out
}

/// Parses `status = ..`: an integer literal in 400..=599.
fn status_of(expr: &StatusExpr, errors: &mut Accumulator) -> Option<u16> {
    let lit = match &expr.0 {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(lit),
            ..
        }) => lit,
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => {
            let value = s.value();
            let value = value.trim();
            let fix = if value.parse::<u16>().is_ok() {
                format!("write `status = {value}`")
            } else {
                "write an integer in 400..=599, such as `status = 404`".to_owned()
            };
            errors.push(
                darling::Error::custom(format!("status must be an integer, not a string: {fix}"))
                    .with_span(s),
            );
            return None;
        }
        other => {
            errors.push(
                darling::Error::custom(
                    "status must be an integer literal in 400..=599, such as `status = 404` (a constant or an expression cannot be read at compile time)",
                )
                .with_span(other),
            );
            return None;
        }
    };
    if !lit.suffix().is_empty() && lit.suffix() != "u16" {
        errors.push(
            darling::Error::custom(format!(
                "status is a `u16`: write `status = {}` without the `{}` suffix",
                lit.base10_digits(),
                lit.suffix()
            ))
            .with_span(lit),
        );
        return None;
    }
    match lit.base10_parse::<u16>() {
        Ok(n) if (400..=599).contains(&n) => Some(n),
        Ok(n) => {
            let hint = if n < 400 {
                "a problem describes a failure, so use a client (4xx) or server (5xx) error status, 400..=599"
            } else {
                "use a client (4xx) or server (5xx) error status, 400..=599"
            };
            errors.push(
                darling::Error::custom(format!("status {n} is not an error status: {hint}"))
                    .with_span(lit),
            );
            None
        }
        Err(_) => {
            errors.push(
                darling::Error::custom(format!(
                    "status {} is not an HTTP status: use an integer in 400..=599",
                    lit.base10_digits()
                ))
                .with_span(lit),
            );
            None
        }
    }
}

/// Reads `rename_all`: a rule, or an error naming the closest one.
fn rename_rule_of(lit: &LitStr, errors: &mut Accumulator) -> Option<RenameRule> {
    let name = lit.value();
    if let Some(rule) = RenameRule::from_name(&name) {
        return Some(rule);
    }
    let simple = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
            .trim_end_matches("case")
            .to_owned()
    };
    let guess = RULES
        .iter()
        .find(|(n, _)| simple(n) == simple(&name))
        .map(|(n, _)| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    let names: Vec<String> = RULES.iter().map(|(n, _)| format!("`{n}`")).collect();
    errors.push(
        darling::Error::custom(format!(
            "unknown rename_all rule `{name}`: {guess}the rules are {}",
            names.join(", ")
        ))
        .with_span(lit),
    );
    None
}

/// Reads `envelope`: a shape, or an error naming the shapes.
fn shape_of(lit: &LitStr, errors: &mut Accumulator) -> Shape {
    let name = lit.value();
    if let Some((_, shape)) = Shape::NAMES.iter().find(|(n, _)| *n == name) {
        return *shape;
    }
    let simple = name
        .trim()
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "");
    let guess = Shape::NAMES
        .iter()
        .find(|(n, _)| {
            simple == *n
                || (simple.len() >= 3 && n.starts_with(&simple))
                || (simple.starts_with("rfc") && *n == "rfc9457")
        })
        .map(|(n, _)| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    errors.push(
        darling::Error::custom(format!(
            "unknown envelope shape `{name}`: {guess}the shapes are `rfc9457` (the default), `wrapped` and `flat`"
        ))
        .with_span(lit),
    );
    Shape::default()
}

impl Model {
    /// Reads the derive input. Errors go to `errors`; what could be read is returned.
    pub fn from_syn(input: &syn::DeriveInput, errors: &mut Accumulator) -> Option<Model> {
        let level = match &input.data {
            syn::Data::Enum(_) => Level::Enum,
            syn::Data::Struct(_) => Level::Struct,
            syn::Data::Union(data) => {
                errors.push(
                    darling::Error::custom(
                        "a union cannot be a problem: derive `Problem` on an enum (one variant per problem) or a struct",
                    )
                    .with_span(&data.union_token),
                );
                return None;
            }
        };
        let container = recover(
            ContainerInput::from_derive_input(input),
            &input.attrs,
            level,
            errors,
            |attrs| {
                // The container keys do not read the body: parse a unit struct.
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
            },
        );

        let Some(Parsed {
            value: container,
            complete: container_complete,
        }) = container
        else {
            // Still report the mistakes in the body.
            match &input.data {
                syn::Data::Enum(data) => {
                    for v in &data.variants {
                        let _ = VariantInput::from_variant(v).map_err(|e| errors.push(e));
                        fields_of(&v.fields, errors);
                    }
                }
                syn::Data::Struct(data) => {
                    fields_of(&data.fields, errors);
                }
                syn::Data::Union(_) => {}
            }
            return None;
        };

        let rename_rule = container
            .rename_all
            .as_ref()
            .and_then(|lit| rename_rule_of(lit, errors));
        let envelope = container
            .envelope
            .as_ref()
            .map_or(Shape::default(), |lit| shape_of(lit, errors));
        // A code that cannot be derived because `rename_all` is wrong or was
        // dropped is not a mistake of its own.
        let rename_ok =
            container_complete && container.rename_all.is_none() == rename_rule.is_none();
        let prefix = container
            .code_prefix
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_default();

        let raw: Vec<RawVariant<'_>> = match &input.data {
            syn::Data::Enum(data) => data
                .variants
                .iter()
                .map(|v| {
                    let parsed = recover(
                        VariantInput::from_variant(v),
                        &v.attrs,
                        Level::Variant,
                        errors,
                        |attrs| VariantInput::from_variant(&syn::Variant { attrs, ..v.clone() }),
                    )
                    .map(|p| Parsed {
                        value: (p.value.keys, p.value.attrs),
                        complete: p.complete,
                    });
                    (v.ident.clone(), true, parsed, &v.fields)
                })
                .collect(),
            syn::Data::Struct(data) => vec![(
                input.ident.clone(),
                false,
                Some(Parsed {
                    value: (container.keys.clone(), container.attrs.clone()),
                    complete: container_complete,
                }),
                &data.fields,
            )],
            syn::Data::Union(_) => Vec::new(),
        };

        let misplaced_code = level == Level::Enum && container.keys.code.is_some();
        let misplaced_status = level == Level::Enum && container.keys.status.is_some();

        let mut variants = Vec::new();
        for (ident, is_variant, parsed, fields) in raw {
            let fields = fields_of(fields, errors);
            let Some(Parsed {
                value: (keys, attrs),
                complete,
            }) = parsed
            else {
                // Its attribute did not parse: the errors are reported; skip the variant's checks.
                continue;
            };
            let code = match &keys.code {
                Some(lit) => Some(Code {
                    value: lit.value(),
                    span: lit.span(),
                    derived: false,
                }),
                None if keys.transparent.is_present() => None,
                None => rename_rule.map(|rule| Code {
                    value: format!("{prefix}{}", rule.apply(&ident.to_string())),
                    span: ident.span(),
                    derived: true,
                }),
            };
            let status = keys.status.as_ref().and_then(|s| status_of(s, errors));
            variants.push(Variant {
                ident,
                is_variant,
                doc: doc_of(&attrs),
                keys,
                fields,
                code,
                status,
                code_expected: complete && rename_ok && !misplaced_code,
                status_expected: complete && !misplaced_status,
            });
        }

        if level == Level::Enum {
            check_enum_container_keys(&container.keys, errors);
        }
        Some(Model {
            ident: container.ident,
            generics: container.generics,
            type_base: container.type_base,
            code_prefix: container.code_prefix,
            envelope,
            has_rename_all: container.rename_all.is_some() || !container_complete,
            variants,
        })
    }
}

/// Variant keys written on an enum: say where they belong.
fn check_enum_container_keys(keys: &VariantKeys, errors: &mut Accumulator) {
    let mut misplaced: Vec<(&str, Span)> = Vec::new();
    if let Some(l) = &keys.code {
        misplaced.push(("code", l.span()));
    }
    if let Some(s) = &keys.status {
        misplaced.push(("status", s.0.span()));
    }
    for (key, lit) in [
        ("title", &keys.title),
        ("detail", &keys.detail),
        ("type_uri", &keys.type_uri),
    ] {
        if let Some(l) = lit {
            misplaced.push((key, l.span()));
        }
    }
    if let Some(r) = &keys.retryable {
        misplaced.push(("retryable", r.span()));
    }
    if keys.expose_detail.is_present() {
        misplaced.push(("expose_detail", keys.expose_detail.span()));
    }
    for a in &keys.alias {
        misplaced.push(("alias", a.span()));
    }
    if keys.transparent.is_present() {
        misplaced.push(("transparent", keys.transparent.span()));
    }
    for (key, span) in misplaced {
        errors.push(
            darling::Error::custom(format!(
                "`{key}` belongs on a variant, not on the enum: move it to each variant it describes"
            ))
            .with_span(&span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error the derive reports for `input`, as text.
    fn errors_of(input: &syn::DeriveInput) -> Vec<String> {
        let mut errors = darling::Error::accumulator();
        if let Some(model) = Model::from_syn(input, &mut errors) {
            crate::valid::validate(&model, &mut errors);
        }
        match errors.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn six_mistakes_six_errors() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[problem(type_bse = "https://x.example/", rename_all = "snake_case")]
            enum E {
                #[problem(status = 200)]
                A,
                #[problem(code = "b", status = 404)]
                B,
                #[problem(status = 404, stauts = 404)]
                C,
                #[problem(code = "d", status = 500, detail = "{missing}", status = 501)]
                D { #[problem(extention)] present: u8 },
            }
        };
        let errors = errors_of(&input);
        assert_eq!(
            errors,
            [
                "Unknown field: `type_bse`. Did you mean `type_base`?",
                "Unknown field: `stauts`. Did you mean `status`?",
                "`status` is written twice: keep one",
                "status 200 is not an error status: a problem describes a failure, so use a client (4xx) or server (5xx) error status, 400..=599",
                "Unknown field: `extention`. Did you mean `extension`?",
                "detail names `{missing}`, but `D` has no field `missing`; its fields are `present`",
            ],
            "{errors:#?}"
        );
    }

    #[test]
    fn a_container_that_does_not_parse_hides_no_variant_mistake() {
        // `rename_all` is misspelt, so a missing code is not reported (nor
        // `code_prefix` without `rename_all`); the bad status still is.
        let input: syn::DeriveInput = syn::parse_quote! {
            #[problem(rename_al = "snake_case", code_prefix = "x.")]
            enum E {
                #[problem(status = 600)]
                A,
            }
        };
        assert_eq!(
            errors_of(&input),
            [
                "Unknown field: `rename_al`. Did you mean `rename_all`?",
                "status 600 is not an error status: use a client (4xx) or server (5xx) error status, 400..=599",
            ]
        );
    }

    #[test]
    fn keys_are_reported_where_they_belong() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[problem(code = "s", status = 404, extension, retryable = "yes")]
            struct S {
                #[problem(type_base = "https://x.example/", status = 503)]
                field: u16,
            }
        };
        assert_eq!(
            errors_of(&input),
            [
                "`extension` marks a field: write `#[problem(extension)]` on the field it applies to",
                "`retryable` takes a bool: write `retryable`, or `retryable = false`",
                "`type_base` belongs on the enum or struct, not on a field: move it to the `#[problem(..)]` above the type",
                "on a field, `status` takes no value: `#[problem(status)]` marks the field that holds the status of each occurrence; a fixed `status = 404` belongs on the variant",
            ]
        );
    }

    #[test]
    fn roles_in_source_order() {
        let field: syn::Field =
            syn::parse_quote!(#[problem(instance)] #[problem(extension)] f: String);
        assert_eq!(
            keys_in_order(&field.attrs)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>(),
            ["instance", "extension"]
        );
        let fields: syn::FieldsNamed =
            syn::parse_quote!({ #[problem(instance, extension)] f: String });
        let mut errors = darling::Error::accumulator();
        let parsed = fields_of(&syn::Fields::Named(fields), &mut errors);
        errors.finish().unwrap();
        let keys: Vec<&str> = parsed[0].roles_written.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["instance", "extension"]);
        assert_eq!(parsed[0].role, Role::Instance);
    }

    #[test]
    fn rename_rule_suggestions() {
        let mut errors = darling::Error::accumulator();
        assert!(rename_rule_of(&syn::parse_quote!("kebab"), &mut errors).is_none());
        assert!(rename_rule_of(&syn::parse_quote!("camelCase"), &mut errors).is_some());
        let errors: Vec<String> = errors
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("unknown rename_all rule `kebab`: did you mean `kebab-case`?"),
            "{errors:?}"
        );
    }
}
