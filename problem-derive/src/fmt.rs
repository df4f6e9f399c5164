//! The `detail` template: a format string over the variant's fields, read as
//! thiserror reads `#[error("..")]` (`{id}`, `{0}`, `{id:?}`, `{{`, format specs).

/// One `{..}` in a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// The field it names: an identifier or a tuple index; empty for `{}`.
    pub arg: String,
    /// The formatting trait the spec asks for: `Display`, `Debug`, `LowerHex`, ...
    pub trait_name: &'static str,
    /// The placeholder as it stands in [`Template::format`], arguments renamed:
    /// `{__f_id:?}`.
    pub format: String,
    /// Whether the spec asks for nothing but a trait (`{x}`, `{x:?}`,
    /// `{x:x}`): no flags, width or precision.
    pub plain: bool,
}

/// A parsed template: the format string with each argument renamed to its
/// binding, and what it uses.
#[derive(Debug, Default)]
pub struct Template {
    pub format: String,
    pub placeholders: Vec<Placeholder>,
    /// Arguments named in a spec as `width$`.
    pub spec_args: Vec<String>,
}

impl Template {
    /// Every argument the template names, in order, repeats included: the
    /// placeholders' and those of their specs (`width$`).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.placeholders
            .iter()
            .map(|p| p.arg.as_str())
            .chain(self.spec_args.iter().map(String::as_str))
    }
}

fn trait_of(spec: &str) -> &'static str {
    let ty = spec.trim_end_matches(|c: char| c.is_whitespace());
    match ty.chars().last() {
        Some('?') => "Debug",
        Some('x') if !ty.ends_with("$x") => "LowerHex",
        Some('X') => "UpperHex",
        Some('o') => "Octal",
        Some('b') => "Binary",
        Some('e') => "LowerExp",
        Some('E') => "UpperExp",
        Some('p') => "Pointer",
        _ => "Display",
    }
}

fn is_arg(s: &str) -> bool {
    !s.is_empty()
        && (s.bytes().all(|b| b.is_ascii_digit())
            || s.chars()
                .next()
                .is_some_and(|c| c == '_' || c.is_alphabetic())
                && s.chars().all(|c| c == '_' || c.is_alphanumeric()))
}

/// An argument written as a raw identifier (`r#type`), without its `r#`, as
/// `format_args!` and thiserror read it; any other argument as written.
fn unraw(arg: &str) -> &str {
    match arg.strip_prefix("r#") {
        Some(ident) if is_arg(ident) && !ident.starts_with(|c: char| c.is_ascii_digit()) => ident,
        _ => arg,
    }
}

/// Parses `template`, renaming each argument with `bind`. Errors describe
/// an unbalanced brace.
pub fn parse(template: &str, bind: impl Fn(&str) -> String) -> Result<Template, String> {
    let mut out = Template::default();
    let mut chars = template.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                out.format.push_str("{{");
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                out.format.push_str("}}");
            }
            '}' => return Err("unmatched `}` in detail: write `}}` for a literal brace".to_owned()),
            '{' => {
                let rest = &template[i + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(
                        "unclosed `{` in detail: close it, or write `{{` for a literal brace"
                            .to_owned(),
                    );
                };
                let inner = &rest[..end];
                for _ in 0..inner.chars().count() + 1 {
                    chars.next();
                }
                let (arg, spec) = match inner.split_once(':') {
                    Some((a, s)) => (unraw(a.trim()), Some(s)),
                    None => (unraw(inner.trim()), None),
                };
                let start = out.format.len();
                out.format.push('{');
                if is_arg(arg) {
                    out.format.push_str(&bind(arg));
                } else {
                    out.format.push_str(arg);
                }
                if let Some(spec) = spec {
                    out.format.push(':');
                    out.format
                        .push_str(&rename_spec_args(spec, &bind, &mut out.spec_args));
                }
                out.format.push('}');
                out.placeholders.push(Placeholder {
                    arg: arg.to_owned(),
                    trait_name: spec.map_or("Display", trait_of),
                    format: out.format[start..].to_owned(),
                    plain: spec.is_none_or(|s| {
                        matches!(s.trim(), "" | "?" | "x" | "X" | "o" | "b" | "e" | "E" | "p")
                    }),
                });
            }
            c => out.format.push(c),
        }
    }
    Ok(out)
}

/// Renames the `name$` arguments of a format spec (`{id:>width$}`).
fn rename_spec_args(spec: &str, bind: &impl Fn(&str) -> String, used: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    // After `r#`: the word is a raw identifier.
    let mut raw = false;
    for c in spec.chars() {
        if c == '_' || c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        // `r#` cannot start anything else in a spec (a fill character is
        // followed by an alignment).
        if c == '#' && word == "r" && !raw {
            raw = true;
            word.clear();
            continue;
        }
        if std::mem::take(&mut raw) {
            if c == '$' && is_arg(&word) {
                used.push(word.clone());
                out.push_str(&bind(&word));
            } else {
                out.push_str("r#");
                out.push_str(&word);
            }
            word.clear();
            out.push(c);
            continue;
        }
        // `0width$`: the `0` flag, then the argument.
        let split = if word.bytes().all(|b| b.is_ascii_digit()) {
            0
        } else {
            word.find(|c: char| c == '_' || c.is_alphabetic())
                .unwrap_or(word.len())
        };
        if c == '$' && is_arg(&word[split..]) {
            out.push_str(&word[..split]);
            used.push(word[split..].to_owned());
            out.push_str(&bind(&word[split..]));
        } else {
            out.push_str(&word);
        }
        word.clear();
        out.push(c);
    }
    if raw {
        out.push_str("r#");
    }
    out.push_str(&word);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> String {
        format!("__f_{s}")
    }

    #[test]
    fn renames_arguments() {
        let t = parse("scan {id} ({0:?}) {{literal}} {n:>width$.2} {n:0w$}", b).unwrap();
        assert_eq!(
            t.format,
            "scan {__f_id} ({__f_0:?}) {{literal}} {__f_n:>__f_width$.2} {__f_n:0__f_w$}"
        );
        let names: Vec<_> = t
            .placeholders
            .iter()
            .map(|p| (p.arg.as_str(), p.trait_name))
            .collect();
        assert_eq!(
            names,
            [
                ("id", "Display"),
                ("0", "Debug"),
                ("n", "Display"),
                ("n", "Display")
            ]
        );
        assert_eq!(t.spec_args, ["width", "w"]);
        let formats: Vec<_> = t.placeholders.iter().map(|p| p.format.as_str()).collect();
        assert_eq!(
            formats,
            [
                "{__f_id}",
                "{__f_0:?}",
                "{__f_n:>__f_width$.2}",
                "{__f_n:0__f_w$}"
            ]
        );
        assert_eq!(
            parse("{x:#x}", b).unwrap().placeholders[0].trait_name,
            "LowerHex"
        );
    }

    #[test]
    fn raw_identifiers_name_their_field() {
        let t = parse("a {r#type} {r#type:?} {n:>r#width$} {r#0} {r#}", b).unwrap();
        assert_eq!(
            t.format,
            "a {__f_type} {__f_type:?} {__f_n:>__f_width$} {r#0} {r#}"
        );
        let args: Vec<_> = t.placeholders.iter().map(|p| p.arg.as_str()).collect();
        assert_eq!(args, ["type", "type", "n", "r#0", "r#"]);
        assert_eq!(t.placeholders[1].trait_name, "Debug");
        assert_eq!(t.placeholders[0].format, "{__f_type}");
        assert_eq!(t.spec_args, ["width"]);
        // Not a raw identifier: left as written.
        assert_eq!(parse("{n:r#}", b).unwrap().format, "{__f_n:r#}");
    }

    #[test]
    fn unbalanced_braces() {
        assert!(parse("a { b", b).is_err());
        assert!(parse("a } b", b).is_err());
        assert_eq!(parse("é{}ü", b).unwrap().format, "é{}ü");
    }
}
