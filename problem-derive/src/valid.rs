//! Phase 3, the rules between values: one function per rule, each
//! commented with the rule it checks. Each pushes its errors into the
//! accumulator, so a build reports every mistake at once. The values
//! themselves were read (and single values rejected) in `ast.rs`.

use std::collections::BTreeMap;

use darling::Error;
use darling::error::Accumulator;
use proc_macro2::Span;

use crate::ast::{DetailFrom, Kind, Model, Role, Variant};
use crate::span::location_of;

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
    check_variant_keys_on_enum(model, errors);
    check_unique_codes(model, errors);
    for v in &model.variants {
        check_code_and_status_present(v, errors);
        check_code_format(model, v, errors);
        check_transparent(v, errors);
        check_type_uri(v, errors);
        check_expose_detail(v, errors);
        check_one_detail(v, errors);
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
        && !is_absolute_uri(&base.value)
    {
        errors.push(err(
            base.span,
            format_args!(
                "type_base `{}` is not an absolute URI: start it with a scheme, as in \"https://docs.example.com/errors/\"",
                base.value
            ),
        ));
    }
}

/// `type_uri` is an absolute URI.
fn check_type_uri(v: &Variant, errors: &mut Accumulator) {
    if let Some(uri) = &v.type_uri_written
        && !is_absolute_uri(&uri.value)
    {
        errors.push(err(
            uri.span,
            format_args!(
                "type_uri `{}` is not an absolute URI: start it with a scheme, as in \"https://docs.example.com/errors/not-found\"",
                uri.value
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
    let no_status = !v.has_key("status") && v.status_expected;
    let is_variant = v.kind == Kind::Variant;
    let what = if is_variant { "variant" } else { "struct" };
    let ident = &v.ident;
    let msg = match (no_code, no_status) {
        (false, false) => return,
        (true, true) => format!(
            "{what} `{ident}` has no problem code and no HTTP status: add `#[problem(code = \"...\", status = 404)]` to it (a status in 400..=599)"
        ),
        (true, false) if is_variant => format!(
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

/// The keys of a variant written on an enum say where they belong (`log`
/// and `display_detail` are also the enum's: a default for its variants).
fn check_variant_keys_on_enum(model: &Model, errors: &mut Accumulator) {
    for (key, span) in &model.misplaced {
        errors.push(err(
            *span,
            format_args!(
                "`{key}` belongs on a variant, not on the enum: move it to each variant it describes"
            ),
        ));
    }
}

/// `code_prefix` makes well-formed codes, and has codes to apply to.
fn check_code_prefix(model: &Model, errors: &mut Accumulator) {
    let Some(prefix) = &model.code_prefix else {
        return;
    };
    let value = &prefix.value;
    if let Some(why) = prefix_error(value) {
        errors.push(err(
            prefix.span,
            format_args!("code_prefix `{value}` would make malformed codes: {why}"),
        ));
    } else if !model.has_rename_all {
        errors.push(err(
            prefix.span,
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
        .is_none_or(|p| prefix_error(&p.value).is_none());
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
    for alias in &v.aliases {
        if let Some(why) = code_error(&alias.value) {
            errors.push(err(
                alias.span,
                format_args!("alias `{}` is malformed: {why}", alias.value),
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
        for alias in &v.aliases {
            names.push((alias.value.clone(), alias.span, "alias"));
        }
        for (name, span, kind) in names {
            match seen.get(&name) {
                Some((first, first_kind, first_span)) => {
                    let at = location_of(*first_span)
                        .map(|l| format!(" (at {l})"))
                        .unwrap_or_default();
                    let first = if v.ident == first {
                        format!(
                            "this {}",
                            match v.kind {
                                Kind::Variant => "variant",
                                Kind::Struct => "struct",
                            }
                        )
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

/// `transparent`: exactly one field, and none of the keys it delegates
/// (everything, `log` and `grpc_code` included, is the wrapped problem's).
fn check_transparent(v: &Variant, errors: &mut Accumulator) {
    let Some(span) = v.transparent else {
        return;
    };
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
    for (key, span) in v.written.iter().filter(|(k, _)| *k != "transparent") {
        errors.push(err(
            *span,
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
    if let Some(span) = v.expose_detail
        && let Some(status) = v.status
        && status < 500
    {
        errors.push(err(
            span,
            format_args!(
                "`expose_detail` is for 5xx problems, whose detail is withheld by default; status {status} always shows its detail, so remove it"
            ),
        ));
    }
}

/// A variant's detail comes from one place: `display_detail` (the value's
/// `Display`) or a `detail` template, not both.
fn check_one_detail(v: &Variant, errors: &mut Accumulator) {
    if let Some(span) = v.display_detail
        && v.has_key("detail")
        && !v.is_transparent()
    {
        errors.push(err(
            span,
            "`display_detail` and `detail` both give the detail: keep `display_detail` to use the value's `Display` message (thiserror's `#[error]`), or `detail` to write another",
        ));
    }
}

/// Every `{name}` in `detail` names a field of the variant.
fn check_detail_fields(v: &Variant, errors: &mut Accumulator) {
    let Some(detail) = &v.detail else { return };
    if v.detail_from == DetailFrom::Nothing {
        return;
    }
    let names: Vec<&str> = v.fields.iter().map(|f| f.name.as_str()).collect();
    for arg in detail.template.names() {
        if arg.is_empty() {
            errors.push(err(
                detail.span,
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
                detail.span,
                format_args!(
                    "detail names `{{{arg}}}`, but `{}` has no field `{arg}`; {fields}",
                    v.ident
                ),
            ));
        }
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
        let name = f.name.clone();
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
