//! Codes and aliases that more than one problem of the binary uses.

use std::collections::BTreeMap;
use std::fmt;

use crate::catalog::ProblemSpec;

use super::binary::Binary;

/// A code or alias that more than one problem of the binary uses.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Duplicate {
    /// The code or alias.
    pub code: &'static str,
    /// Each problem that uses it, as its code or as an alias, in the order
    /// of [`catalogs`](super::catalogs).
    pub uses: Vec<CodeUse>,
}

/// A problem that uses a [`Duplicate`] code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeUse {
    /// The registered type that declares the problem, or that wraps the
    /// (generic, unregistered) type that does.
    pub type_name: &'static str,
    /// Whether the problem is declared by a generic type that `type_name`
    /// wraps in a `transparent` variant, rather than by `type_name` itself.
    pub wrapped: bool,
    /// The problem: the duplicate is its `code` or one of its `aliases`.
    pub problem: &'static ProblemSpec,
}

/// The error of [`check_unique_codes`](super::check_unique_codes): every
/// duplicate code, sorted by code. Its `Display` is the message
/// [`assert_unique_codes_in_binary`](crate::testing::assert_unique_codes_in_binary)
/// panics with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateCodes {
    duplicates: Vec<Duplicate>,
}

impl DuplicateCodes {
    /// Every duplicate code, sorted by code (byte order); never empty.
    #[must_use]
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }
}

/// The duplicates among the binary's problems, `None` when there are none.
pub(crate) fn find(binary: &Binary) -> Option<DuplicateCodes> {
    let mut uses: BTreeMap<&'static str, Vec<CodeUse>> = BTreeMap::new();
    for (piece, owner) in binary.pieces.iter().zip(&binary.owners) {
        let type_name = binary.types[owner.ty].type_name();
        for problem in piece.iter() {
            for code in core::iter::once(problem.code).chain(problem.aliases.iter().copied()) {
                uses.entry(code).or_default().push(CodeUse {
                    type_name,
                    wrapped: owner.wrapped,
                    problem,
                });
            }
        }
    }
    let duplicates: Vec<Duplicate> = uses
        .into_iter()
        .filter(|(_, uses)| uses.len() > 1)
        .map(|(code, uses)| Duplicate { code, uses })
        .collect();
    (!duplicates.is_empty()).then_some(DuplicateCodes { duplicates })
}

impl fmt::Display for Duplicate {
    /// `` `auth.denied`: code in `a::AuthError`, alias of `gate.closed` in `b::GateError` ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: ", self.code)?;
        for (i, u) in self.uses.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if u.problem.code == self.code {
                f.write_str("code")?;
            } else {
                write!(f, "alias of `{}`", u.problem.code)?;
            }
            if u.wrapped {
                write!(f, " in a generic type wrapped by `{}`", u.type_name)?;
            } else {
                write!(f, " in `{}`", u.type_name)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for DuplicateCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.duplicates.len();
        let s = if n == 1 { "" } else { "s" };
        write!(
            f,
            "{n} problem code{s} used more than once in this binary; every code and alias must be \
             unique, so rename all uses but one:"
        )?;
        for duplicate in &self.duplicates {
            write!(f, "\n  {duplicate}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DuplicateCodes {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::registry::binary::tests::{API, AUTH, SCANS, spec};
    use crate::registry::link::TypeCatalog;

    /// Shares `auth.denied` as its code and `auth.forbidden` as an alias.
    const GATE: Catalog = Catalog::__new(&[
        spec("auth.denied", &[]),
        spec("gate.closed", &["auth.forbidden"]),
    ]);

    #[test]
    fn a_type_and_its_wrappers_are_not_duplicates() {
        let binary = Binary::of(&[
            TypeCatalog::__new("a::Auth", AUTH),
            TypeCatalog::__new("s::Scans", SCANS),
            TypeCatalog::__new("api::Api", API),
        ]);
        assert_eq!(find(&binary), None);
    }

    #[test]
    fn types_that_never_meet_are_compared() {
        let binary = Binary::of(&[
            TypeCatalog::__new("s::Scans", SCANS),
            TypeCatalog::__new("b::Gate", GATE),
            TypeCatalog::__new("a::Auth", AUTH),
        ]);
        let err = find(&binary).unwrap();
        let codes: Vec<_> = err.duplicates().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["auth.denied", "auth.forbidden"]);
        assert_eq!(
            err.to_string(),
            "2 problem codes used more than once in this binary; every code and alias must be \
             unique, so rename all uses but one:\n  \
             `auth.denied`: code in `a::Auth`, code in `b::Gate`\n  \
             `auth.forbidden`: alias of `auth.denied` in `a::Auth`, alias of `gate.closed` in `b::Gate`"
        );
    }

    #[test]
    fn a_generic_type_is_named_by_its_wrapper() {
        // `Page<..>` (in `SCANS`) is not registered and uses `page.out_of_range`.
        const PAGED: Catalog = Catalog::__new(&[spec("page.out_of_range", &[])]);
        let binary = Binary::of(&[
            TypeCatalog::__new("a::Auth", AUTH),
            TypeCatalog::__new("s::Scans", SCANS),
            TypeCatalog::__new("p::Paged", PAGED),
        ]);
        let err = find(&binary).unwrap();
        assert_eq!(
            err.to_string(),
            "1 problem code used more than once in this binary; every code and alias must be \
             unique, so rename all uses but one:\n  \
             `page.out_of_range`: code in `p::Paged`, code in a generic type wrapped by `s::Scans`"
        );
        assert_eq!(err.duplicates()[0].uses[1].type_name, "s::Scans");
        assert!(err.duplicates()[0].uses[1].wrapped);
    }
}
