//! Attributes -> model: darling reads `#[problem(..)]`, and each value is
//! resolved once (codes derived, statuses parsed) with its span kept.

use darling::util::{Flag, Override, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta, FromVariant};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Generics, Ident, LitStr, Member, Type};

use crate::case::{RenameRule, RULES};

/// The value of `status = ..`, kept as written so that a string, a path or
/// an out-of-range number gets a message of our own.
#[derive(Clone, Debug)]
pub struct StatusExpr(pub Expr);

impl FromMeta for StatusExpr {
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
    #[darling(flatten)]
    pub keys: VariantKeys,
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
    /// Every role key written on the field (more than one is an error).
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
    /// `None` for a struct.
    pub is_variant: bool,
    pub keys: VariantKeys,
    pub doc: String,
    pub fields: Vec<Field>,
    pub code: Option<Code>,
    /// The declared status, when it is a valid one.
    pub status: Option<u16>,
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
    pub variants: Vec<Variant>,
}

/// The doc comment as one string: lines trimmed, paragraphs kept.
fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                lines.push(s.value().trim().to_owned());
            }
        }
    }
    lines.join("\n").trim().to_owned()
}

fn fields_of(fields: &syn::Fields, errors: &mut darling::error::Accumulator) -> Vec<Field> {
    let mut out = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let member = match &field.ident {
            Some(ident) => Member::Named(ident.clone()),
            None => Member::Unnamed(syn::Index {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                span: field.ty.span(),
            }),
        };
        let span = field.ident.as_ref().map_or_else(|| field.ty.span(), Ident::span);
        let Some(input) = errors.handle(FieldInput::from_field(field)) else {
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
        let name = match &member {
            Member::Named(ident) => {
                let name = ident.to_string();
                name.strip_prefix("r#").unwrap_or(&name).to_owned()
            }
            Member::Unnamed(i) => i.index.to_string(),
        };
        let mut role = Role::Plain;
        if let Some(ext) = &input.extension {
            roles_written.push(("extension", ext.span()));
            role = Role::Extension(match &**ext {
                Override::Explicit(lit) => lit.value(),
                Override::Inherit => name,
            });
        }
        for (flag, key, r) in [
            (&input.errors, "errors", Role::Errors),
            (&input.instance, "instance", Role::Instance),
            (&input.status, "status", Role::Status),
            (&input.retry_after, "retry_after", Role::RetryAfter),
        ] {
            if flag.is_present() {
                roles_written.push((key, flag.span()));
                if role == Role::Plain {
                    role = r;
                }
            }
        }
        let role_span = match &input.extension {
            Some(ext) => match &**ext {
                Override::Explicit(lit) => lit.span(),
                Override::Inherit => ext.span(),
            },
            None => roles_written.first().map_or(span, |(_, s)| *s),
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
fn status_of(expr: &StatusExpr, errors: &mut darling::error::Accumulator) -> Option<u16> {
    let lit = match &expr.0 {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(lit),
            ..
        }) => lit,
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => {
            errors.push(
                darling::Error::custom(format!(
                    "status must be an integer, not a string: write `status = {}`",
                    s.value().trim()
                ))
                .with_span(s),
            );
            return None;
        }
        other => {
            errors.push(
                darling::Error::custom(
                    "status must be an integer literal in 400..=599, such as `status = 404`",
                )
                .with_span(other),
            );
            return None;
        }
    };
    match lit.base10_parse::<u16>() {
        Ok(n) if (400..=599).contains(&n) => Some(n),
        Ok(n) => {
            let hint = if n < 400 {
                "; a problem describes a failure, so use 400..=599"
            } else {
                "; use 400..=599"
            };
            errors.push(
                darling::Error::custom(format!("status {n} is not an error status{hint}"))
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

impl Model {
    /// Reads the derive input. Errors go to `errors`; what could be read is returned.
    pub fn from_syn(input: &syn::DeriveInput, errors: &mut darling::error::Accumulator) -> Option<Model> {
        let container = errors.handle(ContainerInput::from_derive_input(input));
        let (is_enum, raw): (bool, Vec<(Ident, bool, Option<VariantInput>, &syn::Fields)>) = match &input.data {
            syn::Data::Enum(data) => (
                true,
                data.variants
                    .iter()
                    .map(|v| (v.ident.clone(), true, errors.handle(VariantInput::from_variant(v)), &v.fields))
                    .collect(),
            ),
            syn::Data::Struct(data) => (false, vec![(input.ident.clone(), false, None, &data.fields)]),
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
        let container = container?;

        let rename_rule = container.rename_all.as_ref().and_then(|lit| {
            let rule = RenameRule::from_name(&lit.value());
            if rule.is_none() {
                let names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
                errors.push(
                    darling::Error::custom(format!(
                        "unknown rename_all rule `{}`: use one of {}",
                        lit.value(),
                        names.join(", ")
                    ))
                    .with_span(lit),
                );
            }
            rule
        });
        let prefix = container.code_prefix.as_ref().map(LitStr::value).unwrap_or_default();

        let mut variants = Vec::new();
        for (ident, is_variant, parsed, fields) in raw {
            let (keys, attrs) = if is_variant {
                match parsed {
                    Some(v) => (v.keys, v.attrs),
                    // Its attribute did not parse: the error is reported; skip the variant's checks.
                    None => continue,
                }
            } else {
                (container.keys.clone(), container.attrs.clone())
            };
            let fields = fields_of(fields, errors);
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
            });
        }

        if is_enum {
            check_enum_container_keys(&container.keys, errors);
        }
        Some(Model {
            ident: container.ident,
            generics: container.generics,
            type_base: container.type_base,
            variants,
        })
    }
}

/// Variant keys written on an enum: say where they belong.
fn check_enum_container_keys(keys: &VariantKeys, errors: &mut darling::error::Accumulator) {
    let mut misplaced: Vec<(&str, Span)> = Vec::new();
    if let Some(l) = &keys.code {
        misplaced.push(("code", l.span()));
    }
    if let Some(s) = &keys.status {
        misplaced.push(("status", s.0.span()));
    }
    for (key, lit) in [("title", &keys.title), ("detail", &keys.detail), ("type_uri", &keys.type_uri)] {
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
                "`{key}` belongs on a variant, not on the enum: move it to the variant it describes"
            ))
            .with_span(&span),
        );
    }
}
