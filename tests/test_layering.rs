//! The runtime crate's architecture, checked: problem-core/src/lib.rs lists
//! every file of src/ in a numbered layer, and a file may import only from
//! lower layers. This test reads that table and every `crate::` and
//! `super::` path of src/ (`use` lines, `pub use` re-exports and inline
//! paths; comments, doc links and unit-test modules left out), and fails on
//! a file missing from the table, a path into the same or a higher layer
//! (so no two files can import each other, directly or through others), and
//! a path through lib.rs's re-exports instead of the defining file.
//!
//! Run: `cargo test --test test_layering`. It goes further than
//! `python3 ../shared/tools/module_cycles.py problem-core/src`, which finds
//! cycles only, and leaves re-exports out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/problem-core/src");

/// Every `.rs` file under `dir`, as its path relative to src/ with `/`.
fn files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(SRC).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
}

/// A file's module path: `sinks/json.rs` is `sinks/json`, `docs/mod.rs` is
/// `docs`, and `private.rs` is `__private` (its `#[path]`).
fn module_of(file: &str) -> String {
    let m = file.strip_suffix(".rs").unwrap();
    let m = m.strip_suffix("/mod").unwrap_or(m);
    if m == "private" {
        "__private".to_owned()
    } else {
        m.to_owned()
    }
}

/// The layer table of lib.rs: each name with its layer.
fn table(lib: &str) -> Vec<(String, usize)> {
    let mut lines = lib
        .lines()
        .skip_while(|l| !l.starts_with("// layer: files"))
        .skip(1);
    let mut out = Vec::new();
    let mut layer = None;
    while let Some(line) = lines.next().filter(|l| l.starts_with("//")) {
        let line = line.trim_start_matches('/');
        let rest = match line.trim_start().split_once(": ") {
            Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => {
                layer = Some(n.parse::<usize>().unwrap());
                rest
            }
            _ => line.trim_start(),
        };
        let names = rest.split("  ").next().unwrap().trim();
        for name in names.split(" · ") {
            out.push((name.trim().to_owned(), layer.expect("a layer number")));
        }
    }
    assert!(!out.is_empty(), "lib.rs has no `// layer: files` table");
    out
}

/// The source without comments, string literals' contents, and unit tests
/// (`#[cfg(test)] mod tests`, where `super` is the file itself).
fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("//") {
            i += text[i..].find('\n').unwrap_or(text.len() - i);
        } else if text[i..].starts_with("/*") {
            i += text[i..].find("*/").map_or(text.len() - i, |e| e + 2);
        } else if bytes[i] == b'"' {
            // A string literal (the sources have no raw string holding a
            // path): skipped with its escapes.
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if bytes[i] == b'\'' && bytes.get(i + 1) == Some(&b'\\') {
            // An escaped character literal such as '\"'.
            i += 2 + text[i + 2..].find('\'').map_or(0, |e| e + 1);
        } else if bytes[i] == b'\'' && bytes.get(i + 2) == Some(&b'\'') {
            // A character literal such as '"'.
            i += 3;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    // `#[cfg(test)] mod` or `#[cfg(all(test, ..))] pub(crate) mod`, to the end.
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(").map(|i| from + i) {
        let attr_end = out[at..].find(']').map_or(out.len(), |i| at + i + 1);
        let attr = &out[at..attr_end];
        let item = out[attr_end..].trim_start();
        let item = item.strip_prefix("pub(crate)").unwrap_or(item).trim_start();
        if (attr.starts_with("#[cfg(test)") || attr.starts_with("#[cfg(all(test,"))
            && item.starts_with("mod ")
        {
            out.truncate(at);
            break;
        }
        from = attr_end;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths `crate::…` and `super::…` in `code`, as module paths from the
/// crate root (`here` is the file's module); a `{a, b::c}` group gives one
/// path per item.
fn paths(code: &str, here: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = code[at..]
        .find("crate::")
        .into_iter()
        .chain(code[at..].find("super::"))
        .min()
    {
        let start = at + found;
        at = start + 1;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == '$' || c == ':') {
            continue;
        }
        // The segments, `super`s resolved.
        let mut base: Vec<String> = here.split('/').map(str::to_owned).collect();
        let mut rest = &code[start..];
        if rest.starts_with("crate::") {
            base.clear();
            rest = &rest["crate::".len()..];
        } else {
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
        }
        out.extend(group(&base, rest));
    }
    out
}

/// The paths of `rest` (`a::b::C`, `a::{b, c::D}` or `{a, b}`) under `base`.
fn group(base: &[String], rest: &str) -> Vec<Vec<String>> {
    let mut segs = base.to_vec();
    let mut rest = rest;
    loop {
        if let Some(inner) = rest.strip_prefix('{') {
            return braced(&segs, inner);
        }
        let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if len == 0 {
            // A glob (`super::*`): the module itself.
            return vec![segs];
        }
        segs.push(rest[..len].to_owned());
        match rest[len..].strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![segs],
        }
    }
}

/// The paths of the items of a `{…}` group (`inner` starts after its `{`)
/// under `segs`, and `segs` itself.
fn braced(segs: &[String], inner: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if !segs.is_empty() {
        out.push(segs.to_vec());
    }
    let mut depth = 0;
    let mut item_start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.extend(item(segs, &inner[item_start..i]));
                return out;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.extend(item(segs, &inner[item_start..i]));
                item_start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// The paths of one item of a group (`b::C`, `d as e`, `self`).
fn item(segs: &[String], item: &str) -> Vec<Vec<String>> {
    let item = item.trim();
    if item.is_empty() || item == "self" || item.starts_with("self ") {
        return Vec::new();
    }
    group(segs, item)
}

/// The file a module path names: the deepest module file along it (`None`
/// for the crate root, lib.rs).
fn resolve(path: &[String], modules: &BTreeMap<String, String>) -> Option<String> {
    (1..=path.len())
        .filter_map(|n| modules.get(&path[..n].join("/")))
        .next_back()
        .cloned()
}

#[test]
fn every_file_imports_only_from_lower_layers() {
    let lib = std::fs::read_to_string(Path::new(SRC).join("lib.rs")).unwrap();
    let mut all = Vec::new();
    files(&PathBuf::from(SRC), &mut all);
    all.retain(|f| f != "lib.rs");
    let modules: BTreeMap<String, String> = all.iter().map(|f| (module_of(f), f.clone())).collect();

    // Each name of the table is one file, and each file has one layer.
    let mut layer_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, layer) in table(&lib) {
        // The file of that module path, else the one file whose path ends so.
        let short = |f: &String| {
            let m = module_of(f);
            m.strip_prefix("__").unwrap_or(&m).to_owned()
        };
        let mut matching: Vec<&String> = all.iter().filter(|f| short(f) == name).collect();
        if matching.is_empty() {
            matching = all
                .iter()
                .filter(|f| short(f).ends_with(&format!("/{name}")))
                .collect();
        }
        match matching.as_slice() {
            [file] => {
                if layer_of.insert((*file).clone(), layer).is_some() {
                    problems.push(format!("{file} is listed twice"));
                }
            }
            [] => problems.push(format!("`{name}` in lib.rs's table names no file")),
            several => problems.push(format!("`{name}` names several files: {several:?}")),
        }
    }
    for file in &all {
        if !layer_of.contains_key(file) {
            problems.push(format!(
                "{file} is not in lib.rs's layer table: give it a layer"
            ));
        }
    }

    // Every path goes down.
    let mut edges = 0;
    for file in &all {
        let text = std::fs::read_to_string(Path::new(SRC).join(file)).unwrap();
        let here = module_of(file);
        let from = layer_of.get(file).copied().unwrap_or(usize::MAX);
        for path in paths(&code(&text), &here) {
            let Some(target) = resolve(&path, &modules) else {
                problems.push(format!(
                    "{file}: `crate::{}` goes through lib.rs: import it from the file that defines it",
                    path.join("::")
                ));
                continue;
            };
            if &target == file {
                continue;
            }
            edges += 1;
            let to = layer_of.get(&target).copied().unwrap_or(usize::MAX);
            if to >= from {
                problems.push(format!(
                    "{file} (layer {from}) imports {target} (layer {to}) through `{}`",
                    path.join("::")
                ));
            }
        }
    }
    assert!(edges > 50, "the scanner found only {edges} imports");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_reads_groups_supers_and_skips_what_is_not_a_path() {
    let code = code(
        "use crate::a::{b::C, d as D, e::{F, G}, self};\n\
         use crate::{x, y::Z};\n\
         // use crate::commented;\n\
         let s = \"crate::in_a_string\";\n\
         use super::sibling::X;\n\
         $crate::__private::macro_path;\n\
         use super::*;\n\
         #[cfg(test)]\npub(crate) mod tests { use crate::test_only; }",
    );
    let paths: Vec<String> = paths(&code, "sinks/json")
        .into_iter()
        .map(|p| p.join("/"))
        .collect();
    assert_eq!(
        paths,
        [
            "a",
            "a/b/C",
            "a/d",
            "a/e",
            "a/e/F",
            "a/e/G",
            "x",
            "y/Z",
            "sinks/sibling/X",
            "sinks"
        ]
    );
}
