//! Localised titles and details: translations per code, chosen by language tag.
//!
//! The code, the status, the type URI and every extension member never change
//! with the language: only the `title` and the `detail` (the `message` of the
//! wrapped and flat shapes) are translated. A language without a translation
//! for a code falls back to the next less specific tag (`de-CH` to `de`), then
//! to the source text written in `#[problem(..)]`.
//!
//! A translated detail is a template over the same arguments as the source
//! `detail`: `{id}` in a translation is the field `id`, formatted as the source
//! template formats it (a format spec written in the translation is not
//! read). `{{` and `}}` are braces. A placeholder the source template does not
//! have is kept as written, so that a mistake in a translation shows instead
//! of failing. A variant without a source `detail` has no detail in any
//! language, and a 5xx detail that is withheld stays withheld in every
//! language.
//!
//! ```
//! use problem_core::{Problem, i18n::Translations};
//!
//! #[derive(Debug, Problem)]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404, title = "Scan not found", detail = "scan {id} was not found")]
//!     NotFound { id: u64 },
//! }
//!
//! let translations = Translations::new()
//!     .with_title("de", "scans.not_found", "Scan nicht gefunden")
//!     .with_detail("de", "scans.not_found", "Scan {id} wurde nicht gefunden");
//!
//! let err = ScanError::NotFound { id: 42 };
//! let json = err.envelope().localized(&translations, "de-CH").to_vec();
//! assert_eq!(
//!     String::from_utf8(json).unwrap(),
//!     r#"{"type":"about:blank","title":"Scan nicht gefunden","status":404,"detail":"Scan 42 wurde nicht gefunden","code":"scans.not_found"}"#
//! );
//! // No French translation: the source text.
//! let fr = err.envelope().localized(&translations, "fr").to_details();
//! assert_eq!(fr.title.as_deref(), Some("Scan not found"));
//! ```
//!
//! Translations usually live in a file: [`Translations`] deserializes from
//! `{"<lang>": {"<code>": {"title": "..", "detail": ".."}}}`, and
//! [`Translations::untranslated`] lists the codes of a catalog that a
//! language lacks, for a test that keeps them complete. A server picks the
//! language from `Accept-Language` with [`negotiate`]; with the `axum`
//! feature, `ProblemLayer::localizer` does it for every problem response of
//! a service.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer};

use crate::catalog::Catalog;

/// Translations of titles and details, per language and code.
///
/// Implement it over your own storage (Fluent bundles, gettext catalogs, a
/// database), or use the ready [`Translations`] table. Tags are passed
/// lowercased (`de-ch`), one at a time from the most specific: answer for
/// exactly the tag asked.
pub trait Localizer: Send + Sync {
    /// The title of `code` in exactly the language `lang` (a lowercased BCP 47 tag), if translated.
    fn title(&self, lang: &str, code: &str) -> Option<&str>;

    /// The detail template of `code` in exactly the language `lang`, if translated.
    fn detail(&self, lang: &str, code: &str) -> Option<&str>;

    /// The languages this localizer has translations for (lowercased tags),
    /// to negotiate `Accept-Language` against.
    fn languages(&self) -> Vec<&str>;
}

/// A localizer behind a reference or a smart pointer is one.
macro_rules! forward_localizer {
    ($($ty:ty),*) => {$(
        impl<L: Localizer + ?Sized> Localizer for $ty {
            fn title(&self, lang: &str, code: &str) -> Option<&str> {
                (**self).title(lang, code)
            }
            fn detail(&self, lang: &str, code: &str) -> Option<&str> {
                (**self).detail(lang, code)
            }
            fn languages(&self) -> Vec<&str> {
                (**self).languages()
            }
        }
    )*};
}

forward_localizer!(&L, Box<L>, Arc<L>);

/// The translation of one code in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

/// A table of translations: built in code, or deserialized from
/// `{"<lang>": {"<code>": {"title": "..", "detail": ".."}}}` (both members
/// optional; tags in any case).
///
/// ```
/// use problem_core::i18n::{Localizer, Translations};
///
/// let from_file: Translations = serde_json::from_str(
///     r#"{"de": {"scans.not_found": {"title": "Scan nicht gefunden", "detail": "Scan {id} wurde nicht gefunden"}}}"#,
/// )
/// .unwrap();
/// let in_code = Translations::new()
///     .with_title("DE", "scans.not_found", "Scan nicht gefunden")
///     .with_detail("de", "scans.not_found", "Scan {id} wurde nicht gefunden");
/// assert_eq!(from_file, in_code);
/// assert_eq!(in_code.title("de", "scans.not_found"), Some("Scan nicht gefunden"));
/// assert_eq!(in_code.languages(), ["de"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translations {
    /// lang (lowercased) -> code -> entry
    table: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Translations {
    /// An empty table.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the title of `code` in `lang`.
    #[must_use]
    pub fn with_title(mut self, lang: &str, code: &str, title: &str) -> Self {
        self.entry(lang, code).title = Some(title.to_owned());
        self
    }

    /// Adds the detail template of `code` in `lang` (placeholders as in the
    /// source `detail`: `{id}`).
    #[must_use]
    pub fn with_detail(mut self, lang: &str, code: &str, detail: &str) -> Self {
        self.entry(lang, code).detail = Some(detail.to_owned());
        self
    }

    fn entry(&mut self, lang: &str, code: &str) -> &mut Entry {
        self.table
            .entry(lang.trim().to_ascii_lowercase())
            .or_default()
            .entry(code.to_owned())
            .or_default()
    }

    fn get(&self, lang: &str, code: &str) -> Option<&Entry> {
        self.table.get(lang)?.get(code)
    }

    /// The codes of `catalog` without a title in `lang` (exactly that tag,
    /// no fallback), in catalog order. Use it in a test to keep every
    /// language complete:
    ///
    /// ```
    /// use problem_core::{Problem, i18n::Translations};
    ///
    /// #[derive(Problem)]
    /// enum E {
    ///     #[problem(code = "a.one", status = 400)]
    ///     One,
    ///     #[problem(code = "a.two", status = 400)]
    ///     Two,
    /// }
    ///
    /// let t = Translations::new().with_title("de", "a.one", "Eins");
    /// assert_eq!(t.untranslated(&E::CATALOG, "de"), ["a.two"]);
    /// ```
    #[must_use]
    pub fn untranslated(&self, catalog: &Catalog, lang: &str) -> Vec<&'static str> {
        let lang = lowercase(lang.trim());
        catalog
            .iter()
            .filter(|spec| self.get(&lang, spec.code).is_none_or(|e| e.title.is_none()))
            .map(|spec| spec.code)
            .collect()
    }

    /// The translations of `catalogs` whose code none of them has, as
    /// `(lang, code)`: a misspelt code, or one that was removed (a
    /// translation keyed by an alias is never used either: translations are
    /// looked up by the code). Use it in a test beside
    /// [`untranslated`](Self::untranslated):
    ///
    /// ```
    /// use problem_core::{Problem, i18n::Translations};
    ///
    /// #[derive(Problem)]
    /// enum E {
    ///     #[problem(code = "a.one", status = 400, alias = "a.first")]
    ///     One,
    /// }
    ///
    /// let t = Translations::new()
    ///     .with_title("de", "a.one", "Eins")
    ///     .with_title("de", "a.onee", "Tippfehler")
    ///     .with_title("fr", "a.first", "Un");
    /// assert_eq!(t.unknown(&[E::CATALOG]), [("de", "a.onee"), ("fr", "a.first")]);
    /// ```
    #[must_use]
    pub fn unknown(&self, catalogs: &[Catalog]) -> Vec<(&str, &str)> {
        let known = |code: &str| {
            catalogs
                .iter()
                .any(|c| c.find(code).is_some_and(|spec| spec.code == code))
        };
        self.table
            .iter()
            .flat_map(|(lang, codes)| codes.keys().map(move |code| (lang.as_str(), code.as_str())))
            .filter(|(_, code)| !known(code))
            .collect()
    }
}

impl Localizer for Translations {
    fn title(&self, lang: &str, code: &str) -> Option<&str> {
        self.get(lang, code)?.title.as_deref()
    }

    fn detail(&self, lang: &str, code: &str) -> Option<&str> {
        self.get(lang, code)?.detail.as_deref()
    }

    fn languages(&self) -> Vec<&str> {
        self.table.keys().map(String::as_str).collect()
    }
}

impl<'de> Deserialize<'de> for Translations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, BTreeMap<String, Entry>>::deserialize(deserializer)?;
        let mut table: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
        for (lang, codes) in raw {
            table
                .entry(lang.trim().to_ascii_lowercase())
                .or_default()
                .extend(codes);
        }
        Ok(Translations { table })
    }
}

fn lowercase(tag: &str) -> Cow<'_, str> {
    if tag.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(tag.to_ascii_lowercase())
    } else {
        Cow::Borrowed(tag)
    }
}

/// Calls `f` with the tag and each less specific one (`de-ch-1996`,
/// `de-ch`, `de`), lowercased, until it answers.
pub(crate) fn with_fallbacks<T>(tag: &str, mut f: impl FnMut(&str) -> Option<T>) -> Option<T> {
    let tag = lowercase(tag.trim());
    let mut end = tag.len();
    loop {
        let candidate = &tag[..end];
        if !candidate.is_empty()
            && let Some(found) = f(candidate)
        {
            return Some(found);
        }
        end = candidate.rfind('-')?;
    }
}

/// Renders a translated template: `{name}` is written by `arg` (which formats
/// the field as the source template does, and answers `None` for a name it
/// does not know), `{{`/`}}` are braces. A placeholder `arg` does not know is
/// kept as written, so a bad translation shows, rather than failing; a field
/// whose formatting fails fails the whole detail.
pub(crate) fn render_template(
    template: &str,
    arg: &mut dyn FnMut(&str, &mut String) -> Option<fmt::Result>,
) -> Result<String, fmt::Error> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let brace = &rest[i..=i];
        let after = &rest[i + 1..];
        if after.starts_with(brace) {
            out.push_str(brace);
            rest = &after[1..];
            continue;
        }
        if brace == "}" {
            out.push('}');
            rest = after;
            continue;
        }
        match after.find('}') {
            Some(end) => {
                let name = after[..end].split(':').next().unwrap_or("").trim();
                let mark = out.len();
                match arg(name, &mut out) {
                    Some(result) => result?,
                    None => {
                        out.truncate(mark);
                        out.push_str(&rest[i..i + end + 2]);
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Picks the best of `available` languages for an `Accept-Language` header
/// (RFC 9110 section 12.5.4): the highest `q` first, then header order; a range
/// matches a language equal to it or more specific (`de` matches `de-ch`), and a
/// language matches a range more specific than it (`de-CH` is served `de`).
/// `*` matches the first available language. `None` when nothing matches
/// (serve the source text). At most 32 ranges of a header are read.
///
/// ```
/// let available = ["de", "fr-ca"];
/// assert_eq!(problem_core::i18n::negotiate("fr-CA, de;q=0.8", &available), Some("fr-ca"));
/// assert_eq!(problem_core::i18n::negotiate("de-CH;q=0.9, en;q=0.8", &available), Some("de"));
/// assert_eq!(problem_core::i18n::negotiate("en, *;q=0", &available), None);
/// ```
#[must_use]
pub fn negotiate<'a>(accept_language: &str, available: &[&'a str]) -> Option<&'a str> {
    let mut ranges: Vec<(u16, usize, &str)> = Vec::new();
    for (pos, item) in accept_language.split(',').enumerate().take(32) {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim();
        if range.is_empty() || range.len() > 64 {
            continue;
        }
        let mut q = 1000u16;
        for p in parts {
            let p = p.trim();
            if let Some(v) = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")) {
                q = parse_q(v).unwrap_or(0);
            }
        }
        if q > 0 {
            ranges.push((q, pos, range));
        }
    }
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, _, range) in &ranges {
        if range == "*" {
            return available.first().copied();
        }
        if let Some(l) = available.iter().find(|l| l.eq_ignore_ascii_case(range)) {
            return Some(l);
        }
        // A more specific language than the range.
        if let Some(l) = available.iter().find(|l| {
            l.as_bytes().get(range.len()) == Some(&b'-')
                && l.get(..range.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(range))
        }) {
            return Some(l);
        }
        // A less specific language than the range.
        let less = with_fallbacks(range, |tag| {
            (tag.len() < range.len())
                .then(|| available.iter().find(|l| l.eq_ignore_ascii_case(tag)))
                .flatten()
        });
        if let Some(l) = less {
            return Some(l);
        }
    }
    None
}

/// A `q` value in thousandths: `1`, `0.8`, `0.125`.
fn parse_q(v: &str) -> Option<u16> {
    let v = v.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match int {
        "0" => 0,
        "1" => 1000,
        _ => return None,
    };
    let mut thousandths = 0u16;
    for (b, scale) in frac.bytes().zip([100, 10, 1]) {
        thousandths += u16::from(b - b'0') * scale;
    }
    (whole + thousandths <= 1000).then_some(whole + thousandths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_chain() {
        let mut tags = Vec::new();
        let none: Option<()> = with_fallbacks("de-CH-1996", |t| {
            tags.push(t.to_owned());
            None
        });
        assert_eq!(none, None);
        assert_eq!(tags, ["de-ch-1996", "de-ch", "de"]);
        assert_eq!(with_fallbacks("", |_| Some(())), None);
        assert_eq!(
            with_fallbacks("-x", |t| Some(t.to_owned())).as_deref(),
            Some("-x")
        );
        assert_eq!(with_fallbacks("de-", |t| (t == "de").then_some(1)), Some(1));
    }

    #[test]
    fn templates() {
        let mut arg = |name: &str, out: &mut String| match name {
            "id" => {
                out.push_str("42");
                Some(Ok(()))
            }
            "bad" => {
                out.push_str("partial");
                Some(Err(fmt::Error))
            }
            _ => {
                out.push_str("partial");
                None
            }
        };
        let mut render = |template| render_template(template, &mut arg);
        assert_eq!(
            render("Scan {id} {{x}} {nope} }").as_deref(),
            Ok("Scan 42 {x} {nope} }")
        );
        assert_eq!(render("open {id").as_deref(), Ok("open {id"));
        assert_eq!(render("ü{id:?}é").as_deref(), Ok("ü42é"));
        assert_eq!(render("}}{{").as_deref(), Ok("}{"));
        assert_eq!(render("").as_deref(), Ok(""));
        assert_eq!(render("{id} {bad}"), Err(fmt::Error));
    }

    #[test]
    fn q_values() {
        assert_eq!(parse_q("1"), Some(1000));
        assert_eq!(parse_q("0.8"), Some(800));
        assert_eq!(parse_q("0.125"), Some(125));
        assert_eq!(parse_q("1.0"), Some(1000));
        assert_eq!(parse_q("1.5"), None);
        assert_eq!(parse_q("0.1234"), None);
        assert_eq!(parse_q("x"), None);
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate("de;q=0.5, fr;q=0.9", &["de", "fr"]), Some("fr"));
        assert_eq!(negotiate("de;q=0", &["de"]), None);
        assert_eq!(negotiate("", &["de"]), None);
        assert_eq!(negotiate("DE", &["de"]), Some("de"));
        assert_eq!(negotiate("de", &["de-ch"]), Some("de-ch"));
        assert_eq!(negotiate("de", &["den"]), None);
        assert_eq!(negotiate("*", &["fr", "de"]), Some("fr"));
        assert_eq!(negotiate("en;q=0.9, de", &["en", "de"]), Some("de"));
        assert_eq!(negotiate(&"x,".repeat(10_000), &["de"]), None);
        assert_eq!(negotiate("é-ü, de", &["de"]), Some("de"));
        assert_eq!(negotiate("ü", &["üx"]), None);
    }
}
