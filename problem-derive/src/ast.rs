//! Phase 2, the model: every value of the attributes resolved once (codes
//! derived, statuses and level names read, the detail template parsed, the
//! title and type URI defaulted), each with the span its errors point at.
//! Plain data: `valid.rs` checks it and `expand/` generates code from it;
//! neither sees the raw attributes.
//!
//! A value that cannot be read (a status of 200, an unknown level) is an
//! error here, on its literal; rules between several values are `valid.rs`'s.

use darling::error::Accumulator;
use darling::util::Override;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned as _;
use syn::{Attribute, Expr, Generics, Ident, LitStr, Member, Type};

use crate::attr::{self, ENUM_KEYS, Level, Parsed, StatusExpr, VariantKeys};
use crate::case::{RULES, RenameRule};
use crate::{fmt, status};

/// A value with the span its errors point at.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
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

/// `log = ".."`: the runtime's `LogLevel`, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub const NAMES: [(&'static str, LogLevel); 6] = [
        ("off", LogLevel::Off),
        ("error", LogLevel::Error),
        ("warn", LogLevel::Warn),
        ("info", LogLevel::Info),
        ("debug", LogLevel::Debug),
        ("trace", LogLevel::Trace),
    ];
}

/// `grpc_code = ".."`: the snake_case names of `tonic::Code`, with its
/// values. `ok` is listed so that it gets a message of its own (a problem
/// is an error).
pub const GRPC_CODES: [(&str, i32); 17] = [
    ("ok", 0),
    ("cancelled", 1),
    ("unknown", 2),
    ("invalid_argument", 3),
    ("deadline_exceeded", 4),
    ("not_found", 5),
    ("already_exists", 6),
    ("permission_denied", 7),
    ("resource_exhausted", 8),
    ("failed_precondition", 9),
    ("aborted", 10),
    ("out_of_range", 11),
    ("unimplemented", 12),
    ("internal", 13),
    ("unavailable", 14),
    ("data_loss", 15),
    ("unauthenticated", 16),
];

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
    /// The field's name as `detail` and `extension` read it: the identifier
    /// without `r#`, or the tuple index.
    pub name: String,
    /// The local it is bound to in generated match arms (`__f_id`, `__f_0`).
    pub binding: Ident,
    pub ty: Type,
    pub role: Role,
    /// The span of the role's key, or of the field when it has none.
    pub role_span: Span,
    /// Every role key written on the field, in source order (more than one is an error).
    pub roles_written: Vec<(&'static str, Span)>,
    pub span: Span,
}

/// A code as resolved: written, or derived from the variant name.
#[derive(Clone, Debug)]
pub struct Code {
    pub value: String,
    pub span: Span,
    pub derived: bool,
}

/// Whether a problem is a variant of an enum or a struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Variant,
    Struct,
}

/// How a variant's fields are written, for the patterns that match it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Unit,
    Tuple,
    Named,
}

/// A format string over the fields (`detail`, or thiserror's `#[error]`),
/// parsed once.
#[derive(Debug)]
pub struct Message {
    /// As written.
    pub text: String,
    pub span: Span,
    pub template: fmt::Template,
}

/// Where an occurrence's detail comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailFrom {
    /// No detail (or a transparent variant's, delegated).
    Nothing,
    /// `detail = ".."`, formatted by the derive's code.
    Template,
    /// The value's `Display`: `display_detail`, or a `detail` written as the
    /// variant's thiserror `#[error("..")]` word for word (the message is
    /// then formatted once, by thiserror's `Display`).
    Display,
}

pub struct Variant {
    pub ident: Ident,
    /// The type it belongs to (the enum, or the struct itself).
    pub owner: Ident,
    pub kind: Kind,
    pub style: Style,
    /// The doc comment, trimmed: the catalog's description.
    pub doc: String,
    pub code: Option<Code>,
    /// The declared status, when it is a valid one.
    pub status: Option<u16>,
    /// `title`, or the status's reason phrase.
    pub title: String,
    /// `type_uri` as written.
    pub type_uri_written: Option<Spanned<String>>,
    /// `type_uri`, else `type_base` followed by the code, else `about:blank`.
    pub type_uri: String,
    pub retryable: Option<bool>,
    pub expose_detail: Option<Span>,
    /// `detail = ".."`, parsed (`None` also when it does not parse: the
    /// error is reported).
    pub detail: Option<Message>,
    /// `display_detail` on the variant.
    pub display_detail: Option<Span>,
    pub detail_from: DetailFrom,
    /// thiserror's `#[error("..")]`, parsed, when the detail is the value's
    /// `Display`: what a translated detail's arguments are read from (read
    /// only with the `i18n` feature).
    #[cfg_attr(not(feature = "i18n"), allow(dead_code))]
    pub display_message: Option<Message>,
    pub aliases: Vec<Spanned<String>>,
    pub transparent: Option<Span>,
    /// The variant's `log`, else its enum's.
    pub log: Option<LogLevel>,
    /// `grpc_code`, as `tonic::Code`'s value.
    pub grpc_code: Option<i32>,
    /// Every key written on the variant, with the span of its value.
    pub written: Vec<(&'static str, Span)>,
    pub fields: Vec<Field>,
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
        self.transparent.is_some()
    }

    pub fn field(&self, role: &Role) -> Option<&Field> {
        self.fields.iter().find(|f| &f.role == role)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.written.iter().any(|(k, _)| *k == key)
    }

    /// The fields a template names, in field order.
    pub fn fields_named(&self, template: &fmt::Template) -> Vec<&Field> {
        self.fields
            .iter()
            .filter(|f| template.names().any(|n| n == f.name))
            .collect()
    }
}

pub struct Model {
    pub ident: Ident,
    pub generics: Generics,
    pub type_base: Option<Spanned<String>>,
    pub code_prefix: Option<Spanned<String>>,
    pub envelope: Shape,
    /// Whether `rename_all` is written (valid or not), or may be: a key of
    /// the container did not parse.
    pub has_rename_all: bool,
    /// Keys of a variant written on an enum, where they do not belong.
    pub misplaced: Vec<(&'static str, Span)>,
    pub variants: Vec<Variant>,
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

        let Some(Parsed {
            value: container,
            complete: container_complete,
        }) = attr::container(input, level, errors)
        else {
            // Still report the mistakes in the body.
            match &input.data {
                syn::Data::Enum(data) => {
                    for v in &data.variants {
                        let _ = attr::variant(v, errors);
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
        let type_base = container.type_base.as_ref().map(spanned);
        let code_prefix = container.code_prefix.as_ref().map(spanned);
        let prefix = code_prefix
            .as_ref()
            .map(|p| p.value.as_str())
            .unwrap_or_default();

        let enum_keys = match level {
            Level::Enum => Some(&container.keys),
            _ => None,
        };
        let misplaced = enum_keys.map_or_else(Vec::new, |keys| {
            keys.written()
                .into_iter()
                .filter(|(key, _)| !ENUM_KEYS.contains(key))
                .collect()
        });
        let defaults = Defaults {
            log: enum_keys.and_then(|k| k.log.as_ref().and_then(|l| log_of(l, errors))),
            display_detail: enum_keys.and_then(|k| {
                k.display_detail
                    .is_present()
                    .then(|| k.display_detail.span())
            }),
        };
        let misplaced_code = misplaced.iter().any(|(k, _)| *k == "code");
        let misplaced_status = misplaced.iter().any(|(k, _)| *k == "status");

        let raw: Vec<RawVariant<'_>> = match &input.data {
            syn::Data::Enum(data) => data
                .variants
                .iter()
                .map(|v| RawVariant {
                    ident: v.ident.clone(),
                    kind: Kind::Variant,
                    parsed: attr::variant(v, errors).map(|p| Parsed {
                        value: (p.value.keys, p.value.attrs),
                        complete: p.complete,
                    }),
                    fields: &v.fields,
                })
                .collect(),
            syn::Data::Struct(data) => vec![RawVariant {
                ident: input.ident.clone(),
                kind: Kind::Struct,
                parsed: Some(Parsed {
                    value: (container.keys.clone(), container.attrs.clone()),
                    complete: container_complete,
                }),
                fields: &data.fields,
            }],
            syn::Data::Union(_) => Vec::new(),
        };

        let mut variants = Vec::new();
        for RawVariant {
            ident,
            kind,
            parsed,
            fields,
        } in raw
        {
            let style = match fields {
                syn::Fields::Unit => Style::Unit,
                syn::Fields::Unnamed(_) => Style::Tuple,
                syn::Fields::Named(_) => Style::Named,
            };
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
                    value: format!("{prefix}{}", rule.apply(&ident.unraw().to_string())),
                    span: ident.span(),
                    derived: true,
                }),
            };
            let status = keys.status.as_ref().and_then(|s| status_of(s, errors));
            let resolved = Resolved {
                ident,
                owner: &input.ident,
                kind,
                style,
                code,
                status,
                type_base: type_base.as_ref(),
                defaults: &defaults,
                code_expected: complete && rename_ok && !misplaced_code,
                status_expected: complete && !misplaced_status,
            };
            variants.push(resolved.variant(&keys, &attrs, fields, errors));
        }

        Some(Model {
            ident: container.ident,
            generics: container.generics,
            type_base,
            code_prefix,
            envelope,
            has_rename_all: container.rename_all.is_some() || !container_complete,
            misplaced,
            variants,
        })
    }
}

/// A variant (or the struct) as parsed: its keys and forwarded attributes
/// (`None` when they could not be read), and its fields.
struct RawVariant<'a> {
    ident: Ident,
    kind: Kind,
    parsed: Option<Parsed<(VariantKeys, Vec<Attribute>)>>,
    fields: &'a syn::Fields,
}

/// What an enum's keys give its variants.
struct Defaults {
    log: Option<LogLevel>,
    display_detail: Option<Span>,
}

/// What a variant's resolution reads beside its keys.
struct Resolved<'a> {
    ident: Ident,
    owner: &'a Ident,
    kind: Kind,
    style: Style,
    code: Option<Code>,
    status: Option<u16>,
    type_base: Option<&'a Spanned<String>>,
    defaults: &'a Defaults,
    code_expected: bool,
    status_expected: bool,
}

impl Resolved<'_> {
    /// The variant, its keys resolved.
    fn variant(
        self,
        keys: &VariantKeys,
        attrs: &[Attribute],
        fields: Vec<Field>,
        errors: &mut Accumulator,
    ) -> Variant {
        let code = self
            .code
            .as_ref()
            .map(|c| c.value.as_str())
            .unwrap_or_default();
        let declared = self.status.unwrap_or(500);
        let title = keys.title.as_ref().map_or_else(
            || {
                status::reason_phrase(declared)
                    .unwrap_or_else(|| status::fallback_title(declared))
                    .to_owned()
            },
            LitStr::value,
        );
        let type_uri_written = keys.type_uri.as_ref().map(spanned);
        let type_uri = match (&type_uri_written, self.type_base) {
            (Some(uri), _) => uri.value.clone(),
            (None, Some(base)) => format!("{}{code}", base.value),
            (None, None) => "about:blank".to_owned(),
        };
        let transparent = keys
            .transparent
            .is_present()
            .then(|| keys.transparent.span());
        let detail = keys
            .detail
            .as_ref()
            .and_then(|lit| errors.handle(message(lit)));
        let display_detail = keys
            .display_detail
            .is_present()
            .then(|| keys.display_detail.span());
        // thiserror's message (one that does not parse is thiserror's to
        // report), parsed only where translations read its arguments.
        let error_message = attr::error_message(attrs);
        let display_message = || {
            if cfg!(feature = "i18n") {
                error_message.as_ref().and_then(|lit| message(lit).ok())
            } else {
                None
            }
        };
        let (detail_from, display_message) = if transparent.is_some() {
            (DetailFrom::Nothing, None)
        } else if let Some(d) = &detail {
            match &error_message {
                // The same message twice: formatted once, by `Display`.
                Some(lit) if display_detail.is_none() && lit.value() == d.text => {
                    (DetailFrom::Display, display_message())
                }
                _ => (DetailFrom::Template, None),
            }
        } else if display_detail.or(self.defaults.display_detail).is_some() {
            (DetailFrom::Display, display_message())
        } else {
            (DetailFrom::Nothing, None)
        };
        // On a struct, the container's `log` is the struct's own.
        let log = keys
            .log
            .as_ref()
            .and_then(|l| log_of(l, errors))
            .or(match self.kind {
                Kind::Variant => self.defaults.log,
                Kind::Struct => None,
            });
        Variant {
            ident: self.ident,
            owner: self.owner.clone(),
            kind: self.kind,
            style: self.style,
            doc: doc_of(attrs),
            status: self.status,
            title,
            type_uri_written,
            type_uri,
            retryable: keys.retryable.as_ref().map(|r| **r),
            expose_detail: keys
                .expose_detail
                .is_present()
                .then(|| keys.expose_detail.span()),
            detail,
            display_detail,
            detail_from,
            display_message,
            aliases: keys.alias.iter().map(spanned).collect(),
            transparent,
            log,
            grpc_code: keys
                .grpc_code
                .as_ref()
                .and_then(|l| grpc_code_of(l, errors)),
            written: keys.written(),
            fields,
            code: self.code,
            code_expected: self.code_expected,
            status_expected: self.status_expected,
        }
    }
}

fn spanned(lit: &LitStr) -> Spanned<String> {
    Spanned {
        value: lit.value(),
        span: lit.span(),
    }
}

/// A format string over the fields, its arguments renamed to their
/// bindings; an error when its braces do not balance.
fn message(lit: &LitStr) -> darling::Result<Message> {
    let text = lit.value();
    match fmt::parse(&text, |arg| format!("__f_{arg}")) {
        Ok(template) => Ok(Message {
            text,
            span: lit.span(),
            template,
        }),
        Err(msg) => Err(darling::Error::custom(msg).with_span(lit)),
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

fn fields_of(fields: &syn::Fields, errors: &mut Accumulator) -> Vec<Field> {
    let mut out = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let (member, name) = match &field.ident {
            Some(ident) => (Member::Named(ident.clone()), ident.unraw().to_string()),
            None => (
                Member::Unnamed(syn::Index {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    span: field.ty.span(),
                }),
                index.to_string(),
            ),
        };
        let span = field
            .ident
            .as_ref()
            .map_or_else(|| field.ty.span(), Ident::span);
        let binding = quote::format_ident!("__f_{}", name);
        let Some(input) = attr::field(field, errors) else {
            // The attribute did not parse: keep the field, without a role.
            out.push(Field {
                member,
                name,
                binding,
                ty: field.ty.clone(),
                role: Role::Plain,
                role_span: span,
                roles_written: Vec::new(),
                span,
            });
            continue;
        };
        let roles_written = input.roles_written(&field.attrs);
        let role = match roles_written.first() {
            None => Role::Plain,
            Some(("extension", _)) => Role::Extension(match input.extension.as_deref() {
                Some(Override::Explicit(lit)) => lit.value(),
                _ => name.clone(),
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
            name,
            binding,
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

/// A name as loosely written: lowercase, without separators.
fn simple(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// `` `a`, `b` and `c` ``.
fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// Reads `rename_all`: a rule, or an error naming the closest one.
fn rename_rule_of(lit: &LitStr, errors: &mut Accumulator) -> Option<RenameRule> {
    let name = lit.value();
    if let Some(rule) = RenameRule::from_name(&name) {
        return Some(rule);
    }
    let loose = |s: &str| simple(s).trim_end_matches("case").to_owned();
    let guess = RULES
        .iter()
        .find(|(n, _)| loose(n) == loose(&name))
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
    let simple = simple(&name);
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

/// Reads `log`: a level, or an error naming the levels.
fn log_of(lit: &LitStr, errors: &mut Accumulator) -> Option<LogLevel> {
    let name = lit.value();
    if let Some((_, level)) = LogLevel::NAMES.iter().find(|(n, _)| *n == name) {
        return Some(*level);
    }
    let simple = simple(&name);
    let guess = LogLevel::NAMES
        .iter()
        .find(|(n, _)| {
            simple == *n
                || (simple.len() >= 3 && (n.starts_with(&simple) || simple.starts_with(n)))
                || (simple == "none" && *n == "off")
        })
        .map(|(n, _)| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    errors.push(
        darling::Error::custom(format!(
            "unknown log level `{name}`: {guess}the levels are {}",
            listed(LogLevel::NAMES.iter().map(|(n, _)| *n))
        ))
        .with_span(lit),
    );
    None
}

/// Reads `grpc_code`: the value of a `tonic::Code` other than `Ok`, or an
/// error naming the codes.
fn grpc_code_of(lit: &LitStr, errors: &mut Accumulator) -> Option<i32> {
    let name = lit.value();
    let codes = || GRPC_CODES.iter().filter(|(n, _)| *n != "ok");
    let all = listed(codes().map(|(n, _)| *n));
    if name == "ok" {
        errors.push(
            darling::Error::custom(format!(
                "`ok` is not an error code: a problem is an error, and a gRPC client reads `OK` as success, without its message; leave `grpc_code` out to map the HTTP status, or use one of {all}"
            ))
            .with_span(lit),
        );
        return None;
    }
    if let Some((_, code)) = codes().find(|(n, _)| *n == name) {
        return Some(*code);
    }
    // `NotFound`, `Code::NotFound`, `NOT_FOUND`, `not-found`, `5`.
    let last = name.rsplit("::").next().unwrap_or(&name);
    let guess = codes()
        .find(|(n, value)| {
            simple(n) == simple(last) || last.trim().parse::<i32>().is_ok_and(|v| v == *value)
        })
        .map(|(n, _)| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    errors.push(
        darling::Error::custom(format!(
            "unknown gRPC code `{name}`: {guess}the codes are the snake_case names of `tonic::Code`: {all}"
        ))
        .with_span(lit),
    );
    None
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
        let fields: syn::FieldsNamed =
            syn::parse_quote!({ #[problem(instance, extension)] f: String });
        let mut errors = darling::Error::accumulator();
        let parsed = fields_of(&syn::Fields::Named(fields), &mut errors);
        errors.finish().unwrap();
        let keys: Vec<&str> = parsed[0].roles_written.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["instance", "extension"]);
        assert_eq!(parsed[0].role, Role::Instance);
        let fields: syn::FieldsNamed =
            syn::parse_quote!({ #[problem(instance)] #[problem(extension)] f: String });
        let mut errors = darling::Error::accumulator();
        let parsed = fields_of(&syn::Fields::Named(fields), &mut errors);
        errors.finish().unwrap();
        let keys: Vec<&str> = parsed[0].roles_written.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["instance", "extension"]);
    }

    #[test]
    fn raw_identifiers_lose_their_prefix() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[problem(rename_all = "snake_case")]
            enum E {
                #[problem(status = 400)]
                r#Match { #[problem(extension)] r#type: u8 },
            }
        };
        let mut errors = darling::Error::accumulator();
        let model = Model::from_syn(&input, &mut errors).unwrap();
        errors.finish().unwrap();
        let v = &model.variants[0];
        assert_eq!(v.code.as_ref().unwrap().value, "match");
        assert_eq!(v.fields[0].name, "type");
        assert_eq!(v.fields[0].binding, "__f_type");
        assert_eq!(v.fields[0].role, Role::Extension("type".to_owned()));
    }

    #[test]
    fn detail_from() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[problem(display_detail)]
            enum E {
                #[error("a {id}")]
                #[problem("a", 400, detail = "a {id}")]
                Same { id: u8 },
                #[error("b {id}")]
                #[problem("b", 400, detail = "b: {id}")]
                Different { id: u8 },
                #[error("c")]
                #[problem("c", 400)]
                FromEnum,
                #[problem("d", 400, log = "warn", grpc_code = "not_found")]
                NoMessage,
            }
        };
        let mut errors = darling::Error::accumulator();
        let model = Model::from_syn(&input, &mut errors).unwrap();
        errors.finish().unwrap();
        let from: Vec<DetailFrom> = model.variants.iter().map(|v| v.detail_from).collect();
        assert_eq!(
            from,
            [
                DetailFrom::Display,
                DetailFrom::Template,
                DetailFrom::Display,
                DetailFrom::Display
            ]
        );
        // thiserror's message, for translations' arguments (read with `i18n` only).
        let messages: Vec<Option<&str>> = model
            .variants
            .iter()
            .map(|v| v.display_message.as_ref().map(|m| m.text.as_str()))
            .collect();
        if cfg!(feature = "i18n") {
            assert_eq!(messages, [Some("a {id}"), None, Some("c"), None]);
        } else {
            assert_eq!(messages, [None, None, None, None]);
        }
        assert_eq!(model.variants[3].log, Some(LogLevel::Warn));
        assert_eq!(model.variants[3].grpc_code, Some(5));
    }

    fn one_error<T>(f: impl FnOnce(&mut Accumulator) -> T) -> (T, String) {
        let mut errors = darling::Error::accumulator();
        let value = f(&mut errors);
        let errors: Vec<String> = errors
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        (value, errors.into_iter().next().unwrap())
    }

    #[test]
    fn suggestions() {
        let (rule, e) = one_error(|e| rename_rule_of(&syn::parse_quote!("kebab"), e));
        assert!(rule.is_none());
        assert!(
            e.starts_with("unknown rename_all rule `kebab`: did you mean `kebab-case`?"),
            "{e}"
        );
        for (written, guess) in [("WARN", "warn"), ("warning", "warn"), ("none", "off")] {
            let (level, e) = one_error(|e| log_of(&LitStr::new(written, Span::call_site()), e));
            assert!(level.is_none());
            assert!(e.contains(&format!("did you mean `{guess}`?")), "{e}");
            assert!(
                e.ends_with("the levels are `off`, `error`, `warn`, `info`, `debug` and `trace`"),
                "{e}"
            );
        }
        for (written, guess) in [
            ("NotFound", "not_found"),
            ("Code::AlreadyExists", "already_exists"),
            ("DEADLINE_EXCEEDED", "deadline_exceeded"),
            ("14", "unavailable"),
        ] {
            let (code, e) =
                one_error(|e| grpc_code_of(&LitStr::new(written, Span::call_site()), e));
            assert!(code.is_none());
            assert!(e.contains(&format!("did you mean `{guess}`?")), "{e}");
            assert!(e.contains("`cancelled`, `unknown`"), "{e}");
            assert!(!e.contains("`ok`"), "{e}");
        }
        let (_, e) = one_error(|e| grpc_code_of(&syn::parse_quote!("ok"), e));
        assert!(e.starts_with("`ok` is not an error code"), "{e}");
        let mut errors = darling::Error::accumulator();
        for (name, value) in GRPC_CODES.iter().skip(1) {
            assert_eq!(
                grpc_code_of(&LitStr::new(name, Span::call_site()), &mut errors),
                Some(*value)
            );
        }
        errors.finish().unwrap();
    }
}
