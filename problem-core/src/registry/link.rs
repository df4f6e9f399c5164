//! The link-time list of registered catalogs (`linkme`), and the macro
//! through which `#[derive(Problem)]` adds a type to it.

use crate::catalog::Catalog;

/// A derived type's catalog, as registered: the type's name and its
/// [`Catalog`].
#[derive(Clone, Copy, Debug)]
pub struct TypeCatalog {
    type_name: &'static str,
    catalog: Catalog,
}

impl TypeCatalog {
    /// Used by the derive's registration: the type named `type_name` and its
    /// catalog.
    #[doc(hidden)]
    #[must_use]
    pub const fn __new(type_name: &'static str, catalog: Catalog) -> Self {
        TypeCatalog { type_name, catalog }
    }

    /// The type's path where it is declared (`module_path!()` and the type's
    /// name, without lifetime parameters), such as `auth::errors::AuthError`.
    #[must_use]
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The type's [`CATALOG`](crate::Problem::CATALOG): its own problems, then
    /// those of the types its `transparent` variants wrap.
    #[must_use]
    pub const fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

/// `problem_core`'s own derived types ([`RequestProblem`], with the
/// `derive` feature), which the derive does not register: a registration is
/// a `#[link_section]` static, and this crate forbids `unsafe_code`. Every
/// binary that links the runtime links these.
///
/// [`RequestProblem`]: crate::RequestProblem
pub(crate) fn built_in() -> &'static [TypeCatalog] {
    #[cfg(feature = "derive")]
    {
        use crate::integrations::request::RequestProblem;
        use crate::problem::Problem;
        const BUILT_IN: &[TypeCatalog] = &[TypeCatalog {
            type_name: "problem_core::integrations::request::RequestProblem",
            catalog: <RequestProblem as Problem>::CATALOG,
        }];
        BUILT_IN
    }
    #[cfg(not(feature = "derive"))]
    {
        &[]
    }
}

// The targets linkme 0.3 supports (its `#[distributed_slice]` does not build
// elsewhere), listed twice: the two `imp` modules below.

/// What the registration macro names through `::problem_core::__private`.
pub mod __private {
    pub use crate::registry::link::TypeCatalog;
    // The slice, on the targets that have one.
    #[allow(unused_imports)]
    pub use crate::registry::link::imp::*;
    pub use linkme;
}

pub(crate) use imp::registered;

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "fuchsia",
    target_os = "macos",
    target_os = "ios",
    target_os = "tvos",
    target_os = "windows",
    target_os = "uefi",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "illumos",
    target_os = "psp",
    target_os = "none",
))]
mod imp {
    use crate::registry::link::TypeCatalog;

    /// Every registered type, in link order. The name is long and
    /// versioned: linkme names the linker section after it, and the section
    /// must not be shared with another crate's slice, nor with another
    /// major version of this crate (whose derived types implement another
    /// `Problem` trait). Rename it with each major version.
    #[linkme::distributed_slice]
    #[linkme(crate = linkme)]
    pub static PROBLEM_CORE_V0_1_CATALOGS: [TypeCatalog];

    /// Every registered type, in link order.
    pub(crate) fn registered() -> &'static [TypeCatalog] {
        &PROBLEM_CORE_V0_1_CATALOGS
    }

    /// Registers a derived type's catalog (`registry` feature). Not public
    /// API: `#[derive(Problem)]` emits one call per type without type or
    /// const parameters, as `__register! { Type }` or
    /// `__register! { Type<'static> }`. Its name is `module_path!()` and the
    /// type's.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __register {
        ($name:ident $(<$($lt:lifetime),*>)?) => {
            const _: () = {
                #[$crate::__private::linkme::distributed_slice($crate::__private::PROBLEM_CORE_V0_1_CATALOGS)]
                #[linkme(crate = $crate::__private::linkme)]
                static __PROBLEM_CATALOG: $crate::__private::TypeCatalog = $crate::__private::TypeCatalog::__new(
                    ::core::concat!(::core::module_path!(), "::", ::core::stringify!($name)),
                    <$name $(<$($lt),*>)? as $crate::__private::Problem>::CATALOG,
                );
            };
        };
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "fuchsia",
    target_os = "macos",
    target_os = "ios",
    target_os = "tvos",
    target_os = "windows",
    target_os = "uefi",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "illumos",
    target_os = "psp",
    target_os = "none",
)))]
mod imp {
    use crate::registry::link::TypeCatalog;

    compile_error!(
        "the `registry` feature of problem_core registers catalogs with linkme, which supports \
         Linux, Android, Fuchsia, macOS, iOS, tvOS, Windows, UEFI, FreeBSD, OpenBSD, illumos and \
         bare metal (`target_os = \"none\"`), and not this target (wasm, WASI, NetBSD, DragonFly, \
         Solaris, Haiku, ...): turn the feature on only for targets that support it, such as under \
         `[target.'cfg(target_os = \"linux\")'.dev-dependencies]`"
    );

    /// Nothing is registered here (the build fails with the error above;
    /// this keeps it the only error).
    pub(crate) fn registered() -> &'static [TypeCatalog] {
        &[]
    }

    /// Nothing, on a target linkme does not support.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __register {
        ($($tt:tt)*) => {};
    }
}
