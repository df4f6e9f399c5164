//! Cross-attribute rules, one function per rule. Each pushes its errors into
//! the accumulator, so a build reports every mistake at once.

use std::collections::BTreeMap;

use darling::Error;
use darling::error::Accumulator;
use proc_macro2::Span;
use syn::Member;

use crate::ast::{Model, Role, Variant, location_of};
use crate::fmt;

/// Members the envelope writes itself: no extension may take these names.
pub const RESERVED: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "request_id",
    "trace_id",
    "errors",
    "retry_after",
];

pub fn validate(model: &Model, errors: &mut Accumulator) {
    check_type_base(model, errors);
    check_code_prefix(model, errors);
    check_unique_codes(model, errors);
    for v in &model.variants {
        check_code_and_status_present(v, errors);
        check_code_format(model, v, errors);
        check_transparent(v, errors);
        check_type_uri(v, errors);
        check_expose_detail(v, errors);
        check_detail_fields(v, errors);
        check_field_roles(v, errors);
        check_extension_names(v, errors);
    }
}

fn err(span: Span, msg: impl std::fmt::Display) -> Error {
    Error::custom(msg).with_span(&span)
}

/// Whether `uri` is absolute: a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`),
/// a colon, something after it, and no whitespace.
pub fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !uri.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `type_base` is an absolute URI.
fn check_type_base(model: &Model, errors: &mut Accumulator) {
    if let Some(base) = &model.type_base
        && !is_absolute_uri(&base.value())
    {
        errors.push(err(
            base.span(),
            format_args!(
                "type_base `{}` is not an absolute URI: start it with a scheme, as in \"https://docs.example.com/errors/\"",
                base.value()
            ),
        ));
    }
}

/// `type_uri` is an absolute URI.
fn check_type_uri(v: &Variant, errors: &mut Accumulator) {
    if let Some(uri) = &v.keys.type_uri
        && !is_absolute_uri(&uri.value())
    {
        errors.push(err(
            uri.span(),
            format_args!(
                "type_uri `{}` is not an absolute URI: start it with a scheme, as in \"https://docs.example.com/errors/not-found\"",
                uri.value()
            ),
        ));
    }
}

/// Every problem has a code (written, or derived by `rename_all`) and a
/// status. A variant with neither gets one error naming both.
fn check_code_and_status_present(v: &Variant, errors: &mut Accumulator) {
    if v.is_transparent() {
        return;
    }
    let no_code = v.code.is_none() && v.code_expected;
    let no_status = v.keys.status.is_none() && v.status_expected;
    let what = if v.is_variant { "variant" } else { "struct" };
    let ident = &v.ident;
    let msg = match (no_code, no_status) {
        (false, false) => return,
        (true, true) if v.is_variant => format!(
            "variant `{ident}` has no problem code and no HTTP status: add `#[problem(code = \"...\", status = 404)]` to it (a status in 400..=599)"
        ),
        (true, true) => format!(
            "struct `{ident}` has no problem code and no HTTP status: add `#[problem(code = \"...\", status = 404)]` to it (a status in 400..=599)"
        ),
        (true, false) if v.is_variant => format!(
            "variant `{ident}` has no problem code: add `code = \"...\"` to its `#[problem(..)]`, or `#[problem(rename_all = \"snake_case\")]` to the enum to derive codes from variant names"
        ),
        (true, false) => format!(
            "struct `{ident}` has no problem code: add `code = \"...\"` to its `#[problem(..)]`"
        ),
        (false, true) => format!(
            "{what} `{ident}` has no HTTP status: add `status = 404` (an integer in 400..=599) to its `#[problem(..)]`"
        ),
    };
    errors.push(err(ident.span(), msg));
}

/// `code_prefix` makes well-formed codes, and has codes to apply to.
fn check_code_prefix(model: &Model, errors: &mut Accumulator) {
    let Some(prefix) = &model.code_prefix else {
        return;
    };
    let value = prefix.value();
    if let Some(why) = prefix_error(&value) {
        errors.push(err(
            prefix.span(),
            format_args!("code_prefix `{value}` would make malformed codes: {why}"),
        ));
    } else if !model.has_rename_all {
        errors.push(err(
            prefix.span(),
            "code_prefix applies only to codes derived by `rename_all`, and there is none: add `rename_all = \"snake_case\"`, or write the prefix into each `code`",
        ));
    }
}

/// Why a `code_prefix` is malformed: what it would make of a code.
fn prefix_error(prefix: &str) -> Option<String> {
    code_error(&format!("{prefix}x"))
}

/// Why a code is malformed, if it is.
pub fn code_error(code: &str) -> Option<String> {
    if code.is_empty() {
        return Some("a code cannot be empty".to_owned());
    }
    for segment in code.split('.') {
        if segment.is_empty() {
            return Some(
                "it has an empty segment; separate non-empty segments with single dots".to_owned(),
            );
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return Some(format!(
                "`{}` is not allowed; use letters, digits, `_` and `-`, with `.` between segments",
                c.escape_default()
            ));
        }
    }
    None
}

/// Codes and aliases are `.`-separated non-empty segments of `[A-Za-z0-9_-]`.
/// A code derived with a malformed `code_prefix` is not reported again.
fn check_code_format(model: &Model, v: &Variant, errors: &mut Accumulator) {
    let prefix_ok = model
        .code_prefix
        .as_ref()
        .is_none_or(|p| prefix_error(&p.value()).is_none());
    if let Some(code) = &v.code
        && (prefix_ok || !code.derived)
        && let Some(why) = code_error(&code.value)
    {
        let origin = if code.derived { "derived code" } else { "code" };
        errors.push(err(
            code.span,
            format_args!("{origin} `{}` is malformed: {why}", code.value),
        ));
    }
    for alias in &v.keys.alias {
        if let Some(why) = code_error(&alias.value()) {
            errors.push(err(
                alias.span(),
                format_args!("alias `{}` is malformed: {why}", alias.value()),
            ));
        }
    }
}

/// No two problems of a type share a code or alias. The error points at the
/// second and names the first.
fn check_unique_codes(model: &Model, errors: &mut Accumulator) {
    let mut seen: BTreeMap<String, (String, &'static str, Span)> = BTreeMap::new();
    for v in &model.variants {
        let mut names: Vec<(String, Span, &'static str)> = Vec::new();
        if let Some(code) = &v.code {
            names.push((
                code.value.clone(),
                code.span,
                if code.derived { "derived code" } else { "code" },
            ));
        }
        for alias in &v.keys.alias {
            names.push((alias.value(), alias.span(), "alias"));
        }
        for (name, span, kind) in names {
            match seen.get(&name) {
                Some((first, first_kind, first_span)) => {
                    let at = location_of(*first_span)
                        .map(|l| format!(" (at {l})"))
                        .unwrap_or_default();
                    let first = if v.ident == first {
                        format!("this {}", if v.is_variant { "variant" } else { "struct" })
                    } else {
                        format!("`{first}`")
                    };
                    errors.push(err(
                        span,
                        format_args!(
                            "duplicate problem code `{name}`: it is already the {first_kind} of {first}{at}; give each problem its own code{}",
                            if kind == "alias" { " or alias" } else { "" }
                        ),
                    ));
                }
                None => {
                    seen.insert(name, (v.ident.to_string(), kind, span));
                }
            }
        }
    }
}

/// `transparent`: exactly one field, and none of the keys it delegates.
fn check_transparent(v: &Variant, errors: &mut Accumulator) {
    if !v.is_transparent() {
        return;
    }
    let span = v.keys.transparent.span();
    if v.fields.len() != 1 {
        errors.push(err(
            span,
            format_args!(
                "a transparent variant has exactly one field, the problem it delegates to; `{}` has {}",
                v.ident,
                v.fields.len()
            ),
        ));
    }
    let mut beside: Vec<(&str, Span)> = Vec::new();
    if let Some(l) = &v.keys.code {
        beside.push(("code", l.span()));
    }
    if let Some(s) = &v.keys.status {
        beside.push(("status", syn::spanned::Spanned::span(&s.0)));
    }
    for (key, lit) in [
        ("title", &v.keys.title),
        ("detail", &v.keys.detail),
        ("type_uri", &v.keys.type_uri),
    ] {
        if let Some(l) = lit {
            beside.push((key, l.span()));
        }
    }
    if let Some(r) = &v.keys.retryable {
        beside.push(("retryable", r.span()));
    }
    if v.keys.expose_detail.is_present() {
        beside.push(("expose_detail", v.keys.expose_detail.span()));
    }
    for a in &v.keys.alias {
        beside.push(("alias", a.span()));
    }
    for (key, span) in beside {
        errors.push(err(
            span,
            format_args!("`{key}` cannot be used with `transparent`: the wrapped problem provides it; remove one of the two"),
        ));
    }
    for f in &v.fields {
        if f.role != Role::Plain {
            errors.push(err(
                f.role_span,
                "the field of a transparent variant takes no `#[problem(..)]` marker: the wrapped problem serializes itself",
            ));
        }
    }
}

/// `expose_detail` only on a 5xx (4xx details are always shown).
fn check_expose_detail(v: &Variant, errors: &mut Accumulator) {
    let flag = &v.keys.expose_detail;
    if !flag.is_present() {
        return;
    }
    if let Some(status) = v.status
        && status < 500
    {
        errors.push(err(
            flag.span(),
            format_args!(
                "`expose_detail` is for 5xx problems, whose detail is withheld by default; status {status} always shows its detail, so remove it"
            ),
        ));
    }
}

/// Every `{name}` in `detail` names a field of the variant.
fn check_detail_fields(v: &Variant, errors: &mut Accumulator) {
    let Some(detail) = &v.keys.detail else { return };
    let template = match fmt::parse(&detail.value(), str::to_owned) {
        Ok(t) => t,
        Err(msg) => {
            errors.push(err(detail.span(), msg));
            return;
        }
    };
    let names: Vec<String> = v.fields.iter().map(|f| member_name(&f.member)).collect();
    let args = template
        .placeholders
        .iter()
        .map(|p| p.arg.clone())
        .chain(template.spec_args.iter().cloned());
    for arg in args {
        if arg.is_empty() {
            errors.push(err(
                detail.span(),
                "`{}` in detail names no field: write the field inside the braces, as `{id}` or `{0}`",
            ));
        } else if !names.contains(&arg) {
            let fields = if names.is_empty() {
                format!("`{}` has no fields", v.ident)
            } else {
                format!(
                    "its fields are {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            errors.push(err(
                detail.span(),
                format_args!(
                    "detail names `{{{arg}}}`, but `{}` has no field `{arg}`; {fields}",
                    v.ident
                ),
            ));
        }
    }
}

fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => {
            let name = ident.to_string();
            name.strip_prefix("r#").unwrap_or(&name).to_owned()
        }
        Member::Unnamed(i) => i.index.to_string(),
    }
}

/// A field has at most one role, and a variant at most one field of each
/// of `errors`, `instance`, `status` and `retry_after`.
fn check_field_roles(v: &Variant, errors: &mut Accumulator) {
    let mut seen: BTreeMap<&'static str, String> = BTreeMap::new();
    for f in &v.fields {
        if let [(first, _), rest @ ..] = f.roles_written.as_slice() {
            for (key, span) in rest {
                errors.push(err(
                    *span,
                    format_args!(
                        "a field has one role: `{key}` cannot be combined with `{first}`; keep one"
                    ),
                ));
            }
        }
        let key = match f.role {
            Role::Errors => "errors",
            Role::Instance => "instance",
            Role::Status => "status",
            Role::RetryAfter => "retry_after",
            Role::Plain | Role::Extension(_) => continue,
        };
        let name = member_name(&f.member);
        match seen.get(key) {
            Some(first) => errors.push(err(
                f.role_span,
                format_args!(
                    "two `{key}` fields: `{first}` is already the `{key}` field of `{}`; keep one",
                    v.ident
                ),
            )),
            None => {
                seen.insert(key, name);
            }
        }
    }
}

/// No extension takes a member name the envelope writes itself, and no two
/// extensions share a name.
fn check_extension_names(v: &Variant, errors: &mut Accumulator) {
    let mut seen: Vec<&str> = Vec::new();
    for f in &v.fields {
        if let Role::Extension(name) = &f.role {
            if RESERVED.contains(&name.as_str()) {
                errors.push(err(
                    f.role_span,
                    format_args!(
                        "extension `{name}` would overwrite the envelope's own `{name}` member: name it differently with `#[problem(extension = \"...\")]`"
                    ),
                ));
            } else if seen.contains(&name.as_str()) {
                errors.push(err(
                    f.role_span,
                    format_args!("two extensions are named `{name}`: rename one with `#[problem(extension = \"...\")]`"),
                ));
            } else {
                seen.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_uris() {
        for yes in [
            "https://x.example/errors/",
            "about:blank",
            "urn:problem:x",
            "tag:example.com,2026:x",
        ] {
            assert!(is_absolute_uri(yes), "{yes}");
        }
        for no in [
            "/errors/",
            "docs.example.com/errors",
            "https://x y",
            "1http://x",
            ":x",
            "https:",
        ] {
            assert!(!is_absolute_uri(no), "{no}");
        }
    }

    #[test]
    fn code_rules() {
        for ok in ["scans.not_found", "SW_ROOM_NOT_FOUND", "a-b.c_d.9"] {
            assert_eq!(code_error(ok), None, "{ok}");
        }
        for bad in ["", "a..b", ".a", "a.", "a b", "a/b", "é"] {
            assert!(code_error(bad).is_some(), "{bad}");
        }
    }
}
