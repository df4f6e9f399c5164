//! Namespaces: the groups codes fall into (`auth` for `auth.api_key.expired`),
//! as the catalog's documentation lists them and a client reads a code.

use crate::catalog::{Catalog, ProblemSpec};

/// The namespace a code is grouped under: its first `.` segment, or for a
/// `SCREAMING_SNAKE` code without dots, its first `_` segment.
///
/// ```
/// assert_eq!(problem_core::namespace_of("auth.api_key.invalid"), "auth");
/// assert_eq!(problem_core::namespace_of("SCAN_NOT_FOUND"), "SCAN");
/// assert_eq!(problem_core::namespace_of("internal"), "internal");
/// ```
#[must_use]
pub fn namespace_of(code: &str) -> &str {
    if code.contains('.') {
        return code.split('.').next().unwrap_or(code);
    }
    if code.contains('_') && !code.bytes().any(|b| b.is_ascii_lowercase()) {
        return code.split('_').next().unwrap_or(code);
    }
    code
}

/// The specs grouped by namespace, namespaces in first-seen order, specs in
/// catalog order within each.
pub(crate) fn grouped(catalog: &Catalog) -> Vec<(&'static str, Vec<&'static ProblemSpec>)> {
    let mut groups: Vec<(&'static str, Vec<&'static ProblemSpec>)> = Vec::new();
    for spec in catalog.iter() {
        let ns = namespace_of(spec.code);
        match groups.iter_mut().find(|(n, _)| *n == ns) {
            Some((_, specs)) => specs.push(spec),
            None => groups.push((ns, vec![spec])),
        }
    }
    groups
}
