//! One catalog for the whole binary (feature `registry`): every derived
//! type's [`CATALOG`](crate::Problem::CATALOG), registered at link time.
//!
//! With the feature on, `#[derive(Problem)]` registers each type's catalog
//! with [linkme](https://docs.rs/linkme): the linker gathers them, nothing
//! runs before `main`, and nothing is called or declared by hand. So a
//! binary knows every error type of every crate it links, including types
//! that nothing ever combines:
//!
//! - [`catalogs`]: each registered type, once, with its name;
//! - [`catalog`]: the binary's problems as one [`Catalog`], each problem
//!   once, so that [`to_markdown`], [`to_json`] and [`write_html`] (one site
//!   for every crate) and the snapshot contract
//!   ([`assert_catalog_snapshot`](crate::testing::assert_catalog_snapshot)
//!   on `registry::catalog()`) cover the whole binary;
//! - [`check_unique_codes`] and
//!   [`testing::assert_unique_codes_in_binary`](crate::testing::assert_unique_codes_in_binary):
//!   a code or alias that two types anywhere in the binary share, whether or
//!   not they ever meet.
//!
//! ```toml
//! [dev-dependencies]
//! problem_core = { version = "0.1", features = ["registry"] }
//! ```
//!
//! Registering costs some compile time, per type (one linker-section static
//! each; `benches/registry_compile_time.sh` measures a quarter more for the
//! first build of a crate of 300 small enums). Turned on under
//! `[dev-dependencies]` as above, only the builds of tests and examples pay
//! it; a binary that writes the docs site turns it on where it needs it.
//!
//! ```standalone_crate
//! use problem_core::Problem;
//!
//! // Two types that never meet: nothing wraps both, nothing lists both.
//! #[derive(Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum AuthError {
//!     /// The API key is missing or revoked.
//!     #[problem(code = "auth.api_key.invalid", status = 401)]
//!     InvalidApiKey,
//! }
//!
//! #[derive(Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     /// The scan does not exist.
//!     #[problem(code = "scans.not_found", status = 404)]
//!     NotFound,
//! }
//!
//! // In a test of the service: one line.
//! problem_core::testing::assert_unique_codes_in_binary();
//!
//! let names: Vec<&str> = problem_core::registry::catalogs().iter().map(|t| t.type_name()).collect();
//! assert!(names.iter().any(|n| n.ends_with("::AuthError")));
//! assert!(names.iter().any(|n| n.ends_with("::ScanError")));
//!
//! // The binary's documentation: every code of every type.
//! let page = problem_core::registry::to_markdown();
//! assert!(page.contains("`auth.api_key.invalid`") && page.contains("`scans.not_found`"));
//! assert!(problem_core::registry::catalog().find("scans.not_found").is_some());
//! ```
//!
//! # What is registered
//!
//! Every `#[derive(Problem)]` type without type or const parameters, in
//! every crate linked into the binary; a type whose only parameters are
//! lifetimes is registered as `Type<'static>` (lifetimes do not change a
//! catalog). This includes problem_core's own
//! [`RequestProblem`](crate::RequestProblem) when the `derive` feature is on:
//! its codes are the ones the framework integrations answer with, so the
//! uniqueness check keeps your codes apart from them.
//!
//! **Limits:**
//!
//! - A generic type (`enum Page<T>`) has a catalog per instance and cannot
//!   register itself. Its problems count when a registered type wraps an
//!   instance (`Page<Scan>`) in a `transparent` variant: they are listed
//!   under that wrapper's name. An instance used only on its own is not
//!   seen: check it with
//!   [`assert_unique_codes!`](crate::assert_unique_codes)`(Page<Scan>, ..)`.
//! - A crate is linked when the binary uses one of its items. The compiler
//!   leaves out a dependency that nothing names, and its types with it: add
//!   `use that_crate as _;` to the test or binary that should see them.
//! - Each binary has its own registry: a test binary (each file of `tests/`)
//!   sees the types of the crates it links, not those of the other test
//!   binaries. In edition 2024, rustdoc merges a crate's doctests into one
//!   binary, which registers the types of every doctest: mark a doctest
//!   that checks the registry `standalone_crate`.
//!
//! # Once
//!
//! [`catalogs`] lists each registered type once, sorted by name. An entry's
//! catalog is the type's `CATALOG`, which includes the catalogs of the types
//! its `transparent` variants wrap: a type wrapped by another registered type
//! is in its own entry and inside its wrapper's.
//!
//! [`catalog`], the outputs and the uniqueness check count each *problem*
//! once, under the type that declares it: a registered type brings its own
//! problems and those of the unregistered (generic) types it wraps, and a
//! wrapped type that is registered brings its own. So a type never collides
//! with its own wrapper, and the site has one page per code. Two types that
//! declare the same code are both listed, and reported.
//!
//! A wrapped catalog is recognised as a registered type's by its content
//! (every problem, every wrapped catalog, the `type_base`): an instance of
//! a generic type whose catalog is identical to a registered type's, problem
//! for problem, is taken for that type, and not reported beside it.
//!
//! # Targets
//!
//! linkme gathers the catalogs with linker sections, on the targets it
//! supports: Linux, Android, Fuchsia, macOS, iOS, tvOS, Windows, UEFI,
//! FreeBSD, OpenBSD, illumos and bare metal (`target_os = "none"`), in
//! debug and release builds, with or without LTO. On any other target (wasm of any
//! kind, WASI, NetBSD, DragonFly, Solaris, Haiku, ...) the feature fails to
//! build, with an error that says so: a registry that silently saw nothing
//! would make [`assert_unique_codes_in_binary`](crate::testing::assert_unique_codes_in_binary)
//! pass without checking anything. Turn it on only where it works, for
//! instance for the tests only, on the targets they run on:
//!
//! ```toml
//! [target.'cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))'.dev-dependencies]
//! problem_core = { version = "0.1", features = ["registry"] }
//! ```

mod binary;
mod duplicates;
pub(crate) mod link;

use std::io;
use std::path::Path;

use crate::catalog::Catalog;

pub use duplicates::{CodeUse, Duplicate, DuplicateCodes};
pub use link::TypeCatalog;

/// Every type registered in this binary, once, sorted by name (byte order;
/// types of the same name, such as two versions of one crate, in link
/// order). See [Once](self#once) for what each entry's catalog holds.
///
/// ```standalone_crate
/// use problem_core::Problem;
///
/// #[derive(Problem)]
/// enum AuthError {
///     #[problem(code = "auth.denied", status = 403)]
///     Denied,
/// }
///
/// let auth = problem_core::registry::catalogs()
///     .iter()
///     .find(|t| t.type_name().ends_with("::AuthError"))
///     .unwrap();
/// assert_eq!(auth.catalog().len(), 1);
/// ```
#[must_use]
pub fn catalogs() -> &'static [TypeCatalog] {
    &binary::binary().types
}

/// The problems of every registered type as one [`Catalog`], each problem
/// once (see [Once](self#once)), types in the order of [`catalogs`].
///
/// Everything a type's catalog does, this one does for the binary:
/// [`iter`](Catalog::iter), [`find`](Catalog::find),
/// [`to_markdown`](Catalog::to_markdown), [`to_json`](Catalog::to_json),
/// [`type_base`](Catalog::type_base), [`write_html`](Catalog::write_html),
/// and the snapshot contract:
///
/// ```no_run
/// #[test]
/// fn error_codes_are_stable() {
///     problem_core::testing::assert_catalog_snapshot(
///         problem_core::registry::catalog(),
///         concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/errors.json"),
///     );
/// }
/// ```
#[must_use]
pub fn catalog() -> &'static Catalog {
    binary::combined()
}

/// The binary's markdown reference page: [`catalog()`]`.to_markdown()`
/// (see [`Catalog::to_markdown`]).
#[must_use]
pub fn to_markdown() -> String {
    catalog().to_markdown()
}

/// The binary's catalog as JSON: [`catalog()`]`.to_json()` (see
/// [`Catalog::to_json`]; problems sorted by code).
#[must_use]
pub fn to_json() -> String {
    catalog().to_json()
}

/// Writes the binary's HTML site into `dir`: [`catalog()`]`.write_html(dir)`
/// (see [`Catalog::write_html`]). Serve it at [`catalog()`]`.type_base()`.
///
/// # Errors
///
/// As [`Catalog::write_html`].
pub fn write_html(dir: impl AsRef<Path>) -> io::Result<()> {
    catalog().write_html(dir)
}

/// Whether every code and alias of the binary is used by one problem only;
/// see [Once](self#once) for how wrapped types are counted.
///
/// # Errors
///
/// [`DuplicateCodes`], listing each code or alias used more than once and
/// the types that use it.
pub fn check_unique_codes() -> Result<(), DuplicateCodes> {
    match duplicates::find(binary::binary()) {
        Some(duplicates) => Err(duplicates),
        None => Ok(()),
    }
}
