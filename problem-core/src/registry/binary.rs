//! The binary's problems, each counted once, under the type that declares
//! it: the registered catalogs cut into pieces, one per declaring type.
//!
//! A registered type's catalog nests the catalogs of the types its
//! `transparent` variants wrap. A wrapped type that is registered itself
//! contributes its problems in its own piece, so the wrapper's piece leaves
//! it out; a wrapped type that is not registered (a generic type, such as
//! `Page<Scan>`) has a piece of its own, attributed to its wrapper. A
//! wrapped catalog is recognised as a registered type's by its content
//! (problems, wrapped catalogs and `type_base`).

use std::sync::OnceLock;

use crate::catalog::Catalog;

use super::link::{TypeCatalog, built_in, registered};

/// Who declares the problems of a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    /// The registered type: its index in [`Binary::types`].
    pub(crate) ty: usize,
    /// Whether the problems are declared by a type it wraps that is not
    /// registered (a generic type), rather than by the type itself.
    pub(crate) wrapped: bool,
}

/// The registered types and the pieces of their catalogs.
#[derive(Debug)]
pub(crate) struct Binary {
    /// Every registered type, sorted by name (then in link order), so that
    /// the outputs do not depend on the order the linker chose.
    pub(crate) types: Vec<TypeCatalog>,
    /// The problems of the binary, each once: catalogs without nested ones.
    pub(crate) pieces: Vec<Catalog>,
    /// The owner of each piece.
    pub(crate) owners: Vec<Owner>,
}

/// The binary's registered types and pieces, computed on first use.
pub(crate) fn binary() -> &'static Binary {
    static BINARY: OnceLock<Binary> = OnceLock::new();
    BINARY.get_or_init(|| Binary::of(&[built_in(), registered()].concat()))
}

/// The binary's problems as one catalog, whose nested catalogs are the pieces.
pub(crate) fn combined() -> &'static Catalog {
    static COMBINED: OnceLock<Catalog> = OnceLock::new();
    COMBINED.get_or_init(|| Catalog::__new(&[]).__with_nested(&binary().pieces))
}

impl Binary {
    pub(crate) fn of(registered: &[TypeCatalog]) -> Binary {
        let mut types = registered.to_vec();
        types.sort_by(|a, b| a.type_name().cmp(b.type_name()));
        let mut binary = Binary {
            types,
            pieces: Vec::new(),
            owners: Vec::new(),
        };
        for ty in 0..binary.types.len() {
            let catalog = *binary.types[ty].catalog();
            binary.push(catalog, Owner { ty, wrapped: false });
        }
        binary
    }

    /// Adds `catalog`'s own problems, then, depth first, those of each
    /// catalog it wraps that is not a registered type's.
    fn push(&mut self, catalog: Catalog, owner: Owner) {
        self.pieces.push(catalog.without_nested());
        self.owners.push(owner);
        for nested in catalog.nested() {
            if !self.types.iter().any(|t| same(t.catalog(), nested)) {
                self.push(
                    *nested,
                    Owner {
                        wrapped: true,
                        ..owner
                    },
                );
            }
        }
    }
}

/// Whether two catalogs hold the same problems, wrap the same catalogs and
/// declare the same `type_base`.
fn same(a: &Catalog, b: &Catalog) -> bool {
    a.own() == b.own()
        && a.declared_type_base() == b.declared_type_base()
        && a.nested().len() == b.nested().len()
        && a.nested().iter().zip(b.nested()).all(|(x, y)| same(x, y))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::ProblemSpec;

    pub(crate) const fn spec(code: &'static str, aliases: &'static [&'static str]) -> ProblemSpec {
        ProblemSpec {
            code,
            status: 400,
            title: "Bad Request",
            type_uri: "about:blank",
            retryable: false,
            description: "",
            aliases,
        }
    }

    pub(crate) const AUTH: Catalog = Catalog::__new(&[spec("auth.denied", &["auth.forbidden"])]);
    /// A generic type's instance: never registered.
    pub(crate) const PAGE: Catalog =
        Catalog::__new(&[spec("page.out_of_range", &[])]).__with_nested(&[AUTH]);
    /// Wraps a registered type and a generic one (which wraps a registered one).
    pub(crate) const SCANS: Catalog =
        Catalog::__new(&[spec("scans.not_found", &[])]).__with_nested(&[AUTH, PAGE]);
    /// Wraps `SCANS`, which wraps `AUTH`.
    pub(crate) const API: Catalog =
        Catalog::__new(&[spec("api.gone", &[])]).__with_nested(&[SCANS]);

    fn codes(binary: &Binary) -> Vec<(&'static str, &'static str, bool)> {
        binary
            .pieces
            .iter()
            .zip(&binary.owners)
            .flat_map(|(piece, owner)| {
                let name = binary.types[owner.ty].type_name();
                piece.iter().map(move |s| (s.code, name, owner.wrapped))
            })
            .collect()
    }

    #[test]
    fn each_problem_once_under_the_type_that_declares_it() {
        // Registered in an order the sort changes.
        let binary = Binary::of(&[
            TypeCatalog::__new("s::Scans", SCANS),
            TypeCatalog::__new("a::Auth", AUTH),
            TypeCatalog::__new("api::Api", API),
        ]);
        let names: Vec<_> = binary.types.iter().map(TypeCatalog::type_name).collect();
        assert_eq!(names, ["a::Auth", "api::Api", "s::Scans"]);
        assert_eq!(
            codes(&binary),
            [
                ("auth.denied", "a::Auth", false),
                ("api.gone", "api::Api", false),
                ("scans.not_found", "s::Scans", false),
                // `Page<..>` is not registered: its problems are the wrapper's.
                ("page.out_of_range", "s::Scans", true),
            ]
        );
        assert!(binary.pieces.iter().all(|p| p.nested().is_empty()));
    }

    #[test]
    fn an_unregistered_wrapper_of_a_wrapper_is_walked_through() {
        // `Scans` is not registered: `Api` brings its problems and those of
        // `Page`, but not `Auth`'s, which `Auth` lists.
        let binary = Binary::of(&[
            TypeCatalog::__new("api::Api", API),
            TypeCatalog::__new("a::Auth", AUTH),
        ]);
        assert_eq!(
            codes(&binary),
            [
                ("auth.denied", "a::Auth", false),
                ("api.gone", "api::Api", false),
                ("scans.not_found", "api::Api", true),
                ("page.out_of_range", "api::Api", true),
            ]
        );
        // Without `Auth` registered, the wrapper brings it too, once per
        // place it is wrapped (the duplicate check reports that).
        let binary = Binary::of(&[TypeCatalog::__new("s::Scans", SCANS)]);
        assert_eq!(
            codes(&binary),
            [
                ("scans.not_found", "s::Scans", false),
                ("auth.denied", "s::Scans", true),
                ("page.out_of_range", "s::Scans", true),
                ("auth.denied", "s::Scans", true),
            ]
        );
    }

    #[test]
    fn two_types_with_the_same_problems_are_both_listed() {
        let binary = Binary::of(&[
            TypeCatalog::__new("b::Gate", AUTH),
            TypeCatalog::__new("a::Auth", AUTH),
        ]);
        assert_eq!(
            codes(&binary),
            [
                ("auth.denied", "a::Auth", false),
                ("auth.denied", "b::Gate", false)
            ]
        );
    }

    #[test]
    fn catalogs_are_the_same_by_content() {
        assert!(same(&SCANS, &SCANS));
        assert!(!same(&SCANS, &PAGE));
        assert!(!same(&AUTH, &AUTH.__with_type_base("https://x.example/")));
        // Same own problems, other wrapped catalogs.
        assert!(!same(&SCANS, &SCANS.without_nested()));
        assert!(!same(
            &API,
            &Catalog::__new(API.own()).__with_nested(&[PAGE])
        ));
    }
}
