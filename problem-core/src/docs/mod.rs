//! The catalog as documentation, one renderer per file: a markdown
//! reference page (`markdown`), a JSON form for tools (`json`), and a static
//! HTML site (`html`) served at the base of the type URIs, which `base`
//! infers. Each adds its methods to [`Catalog`](crate::Catalog).

mod base;
mod html;
pub(crate) mod json;
mod markdown;

/// The text on one line: runs of whitespace, newlines included, become one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title with a full stop, unless it ends with punctuation already.
pub(crate) fn sentence(title: &str) -> String {
    let stop = if title.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{title}{stop}")
}
