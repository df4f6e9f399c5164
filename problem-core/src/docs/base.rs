//! `Catalog::type_base`: the base URI of the catalog's type URIs, where its
//! HTML site is served.

use crate::catalog::Catalog;

impl Catalog {
    /// The `type_base` of the catalog's type URIs, the URI at which to serve
    /// the folder [`write_html`](Catalog::write_html) writes: the declared
    /// `type_base` of the type (and of the types its `transparent` variants
    /// wrap), or the base they share. `None` when there is no hierarchical
    /// base (`https://host/...`).
    ///
    /// Each code is a candidate: the declared `type_base` of its type (cut
    /// after its last `/`) when its type URI is under it, so that a
    /// `type_uri` override elsewhere does not move the base; for a type
    /// without one (a hand-built catalog), its type URI when it ends with
    /// the code, cut after its last `/`. Among the candidates on the origin
    /// (`scheme://authority/`) most codes use, the base is their longest
    /// common prefix ending in `/`: two types with the bases
    /// `https://docs.example.com/auth/` and `https://docs.example.com/scans/`
    /// share `https://docs.example.com/`.
    ///
    /// ```
    /// use problem_core::Problem;
    ///
    /// #[derive(Problem)]
    /// #[problem(type_base = "https://docs.example.com/errors/")]
    /// enum ScanError {
    ///     #[problem(code = "scans.not_found", status = 404)]
    ///     NotFound,
    ///     /// Documented elsewhere: it does not move the base.
    ///     #[problem(code = "scans.moved", status = 410, type_uri = "https://docs.example.com/legacy/scans.moved")]
    ///     Moved,
    /// }
    ///
    /// assert_eq!(ScanError::CATALOG.type_base().as_deref(), Some("https://docs.example.com/errors/"));
    /// ```
    #[must_use]
    pub fn type_base(&self) -> Option<String> {
        // (origin, directory) of each candidate, in catalog order.
        let mut candidates: Vec<(&str, &str)> = Vec::new();
        base_candidates(self, &mut candidates);
        let mut best: Option<(&str, usize)> = None;
        for (origin, _) in &candidates {
            let n = candidates.iter().filter(|(o, _)| o == origin).count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((origin, n));
            }
        }
        let (origin, _) = best?;
        let mut dirs = candidates
            .iter()
            .filter(|(o, _)| *o == origin)
            .map(|(_, d)| *d);
        let mut base = dirs.next()?;
        for dir in dirs {
            base = common_dir(base, dir);
        }
        Some(base.to_owned())
    }
}

/// The longest common prefix of two directories (both end with `/`) that
/// ends with `/`. The bytes are compared, but the cut is after a `/`, an
/// ASCII byte, so it is always on a character boundary: two directories
/// that differ inside a multi-byte character (`é/` and `è/`) share what
/// comes before it.
fn common_dir<'a>(a: &'a str, b: &str) -> &'a str {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let end = a.as_bytes()[..common]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |i| i + 1);
    &a[..end]
}

/// A URI cut after its last `/`.
fn dir_of(uri: &str) -> &str {
    uri.rfind('/').map_or(uri, |i| &uri[..=i])
}

/// The base candidates of a catalog and the catalogs it nests, each with
/// its origin: see [`Catalog::type_base`].
fn base_candidates(catalog: &Catalog, out: &mut Vec<(&'static str, &'static str)>) {
    let declared = catalog.declared_type_base().map(dir_of);
    for spec in catalog.own() {
        let dir = match declared {
            Some(base) if spec.type_uri.starts_with(base) => base,
            Some(_) => continue,
            None => {
                let Some(prefix) = spec.type_uri.strip_suffix(spec.code) else {
                    continue;
                };
                if prefix.contains(['?', '#']) {
                    continue;
                }
                dir_of(prefix)
            }
        };
        if let Some(origin) = origin_of(dir) {
            out.push((origin, dir));
        }
    }
    for nested in catalog.nested() {
        base_candidates(nested, out);
    }
}

/// `scheme://authority/` of a hierarchical URI, if it is one.
fn origin_of(uri: &str) -> Option<&str> {
    let scheme_end = uri.find("://")?;
    let scheme = &uri[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let after = scheme_end + 3;
    let slash = uri[after..].find('/')?;
    if slash == 0 {
        return None;
    }
    Some(&uri[..=after + slash])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_dirs() {
        assert_eq!(
            common_dir("https://a/x/y/", "https://a/x/z/"),
            "https://a/x/"
        );
        assert_eq!(common_dir("https://a/é/", "https://a/è/"), "https://a/");
        assert_eq!(common_dir("https://a/x/", "https://a/x/"), "https://a/x/");
        assert_eq!(common_dir("https://a/x/", "https://a/xy/"), "https://a/");
        assert_eq!(common_dir("é/", "è/"), "");
    }

    #[test]
    fn origin() {
        assert_eq!(
            origin_of("https://a.example/x/"),
            Some("https://a.example/")
        );
        assert_eq!(origin_of("https://a.example"), None);
        assert_eq!(origin_of("urn:x:y"), None);
        assert_eq!(origin_of("file:///srv/x/"), None);
    }
}
