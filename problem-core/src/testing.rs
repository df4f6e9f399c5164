//! The error catalog as a contract, checked by your test suite.
//!
//! Clients match on codes, statuses, type URIs and aliases. Commit a
//! snapshot of your catalog and let a test fail when a change would break
//! them:
//!
//! ```no_run
//! use problem_core::Problem;
//!
//! #[derive(Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     #[problem(code = "scans.not_found", status = 404)]
//!     NotFound,
//! }
//!
//! #[test]
//! fn error_codes_are_stable() {
//!     problem_core::testing::assert_catalog_snapshot(
//!         &ScanError::CATALOG,
//!         concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/errors.json"),
//!     );
//! }
//! ```
//!
//! # The contract
//!
//! The snapshot file is the output of [`Catalog::to_json`]. Against it, the
//! catalog **breaks** the contract when
//!
//! - a code of the snapshot is gone (also when it became an alias of another
//!   code: servers now send the new code, and old clients do not know it);
//! - a code's status changed;
//! - a code's `type` URI changed;
//! - a code's aliases changed (one added or removed; their order does not
//!   matter): aliases decide which codes clients accept, so a change to them
//!   is reviewed like a change of the code.
//!
//! Everything else is **compatible**: new codes, and new titles,
//! descriptions or `retryable` flags of existing codes.
//!
//! # What the check does
//!
//! It depends on the [`SnapshotMode`], which [`assert_catalog_snapshot`]
//! reads from the environment ([`SnapshotMode::from_env`]):
//!
//! | mode | contract broken | compatible changes | no snapshot file |
//! |---|---|---|---|
//! | [`Update`](SnapshotMode::Update) (default) | fails | pass, file rewritten | written, pass |
//! | [`Check`](SnapshotMode::Check) (when `CI` is set) | fails | pass, file left alone | fails |
//! | [`Overwrite`](SnapshotMode::Overwrite) (`PROBLEM_SNAPSHOT=overwrite`) | file rewritten, pass | file rewritten, pass | written, pass |
//!
//! So by default a new code enters the snapshot the first time the tests run
//! on a developer's machine (commit the rewritten file, and the code is
//! protected from then on), while CI never writes. A breaking change needs
//! `PROBLEM_SNAPSHOT=overwrite cargo test` and a commit of the snapshot,
//! where review sees it.
//!
//! # Every code of the binary, once
//!
//! With the `registry` feature, `assert_unique_codes_in_binary()` fails
//! when two types anywhere in the test binary share a code or alias, and
//! `assert_catalog_snapshot(problem_core::registry::catalog(), path)` holds
//! the whole binary's catalog to the contract; see the `registry` module.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use crate::catalog::{Catalog, ProblemSpec};
use crate::docs::json::JSON_VERSION;

/// The environment variable that selects the [`SnapshotMode`].
pub const SNAPSHOT_ENV: &str = "PROBLEM_SNAPSHOT";

/// Fails (panics) when `catalog` breaks the contract recorded in the
/// snapshot file at `path`, with a readable list of the broken contract
/// lines; see the [module documentation](self) for the contract and for when
/// the file is written.
///
/// The mode comes from the environment: `PROBLEM_SNAPSHOT=overwrite` accepts
/// the catalog as it is (rewriting the file), `PROBLEM_SNAPSHOT=check` never
/// writes, `PROBLEM_SNAPSHOT=update` writes compatible changes; without
/// `PROBLEM_SNAPSHOT`, `update`, or `check` when the `CI` variable is set
/// (to anything but `""`, `0` or `false`).
///
/// A relative `path` is relative to the working directory, which `cargo
/// test` sets to the package's root; `concat!(env!("CARGO_MANIFEST_DIR"),
/// "/tests/snapshots/errors.json")` does not depend on it.
///
/// # Panics
///
/// When [`check_catalog_snapshot`] returns an error, with its message.
#[track_caller]
pub fn assert_catalog_snapshot(catalog: &Catalog, path: impl AsRef<Path>) {
    let path = path.as_ref();
    let result =
        SnapshotMode::from_env().and_then(|mode| check_catalog_snapshot(catalog, path, mode));
    match result {
        Ok(SnapshotOutcome::Created | SnapshotOutcome::Updated) => {
            eprintln!(
                "problem_core: wrote the catalog snapshot {}: commit it to protect its codes",
                path.display()
            );
        }
        Ok(_) => {}
        Err(err) => panic!("{err}"),
    }
}

/// What [`check_catalog_snapshot`] does with the snapshot file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Never write: fail when the contract is broken or the file is missing.
    Check,
    /// Fail when the contract is broken; otherwise write the catalog when it
    /// differs (new codes, new titles), or when the file is missing.
    Update,
    /// Accept the catalog as it is: write it whatever the file held.
    Overwrite,
}

impl SnapshotMode {
    /// The mode the environment asks for: [`SNAPSHOT_ENV`]
    /// (`PROBLEM_SNAPSHOT`) set to `overwrite`, `update` or `check`
    /// (ASCII case ignored); when it is unset or empty, `Check` if the `CI`
    /// variable is set to anything but `""`, `0` or `false`, else `Update`.
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Mode`] for any other value of `PROBLEM_SNAPSHOT`.
    pub fn from_env() -> Result<SnapshotMode, SnapshotError> {
        let var = |name: &str| std::env::var(name).ok();
        mode_from(var(SNAPSHOT_ENV).as_deref(), var("CI").as_deref())
    }
}

fn mode_from(snapshot: Option<&str>, ci: Option<&str>) -> Result<SnapshotMode, SnapshotError> {
    match snapshot.map(str::trim).unwrap_or_default() {
        "" => {
            let ci = ci.map(str::trim).unwrap_or_default();
            let in_ci = !(ci.is_empty() || ci == "0" || ci.eq_ignore_ascii_case("false"));
            Ok(if in_ci {
                SnapshotMode::Check
            } else {
                SnapshotMode::Update
            })
        }
        v if v.eq_ignore_ascii_case("overwrite") => Ok(SnapshotMode::Overwrite),
        v if v.eq_ignore_ascii_case("update") => Ok(SnapshotMode::Update),
        v if v.eq_ignore_ascii_case("check") => Ok(SnapshotMode::Check),
        v => Err(SnapshotError::Mode {
            value: v.to_owned(),
        }),
    }
}

/// What a successful [`check_catalog_snapshot`] found and did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotOutcome {
    /// The file holds exactly the catalog's JSON; nothing was written.
    Unchanged,
    /// The catalog keeps the contract and differs in compatible ways; the
    /// file was left alone ([`SnapshotMode::Check`]).
    Compatible,
    /// The catalog keeps the contract and differs in compatible ways; the
    /// file was rewritten ([`SnapshotMode::Update`]).
    Updated,
    /// There was no file; it was written ([`SnapshotMode::Update`]).
    Created,
    /// The file was rewritten with the catalog, whatever it held
    /// ([`SnapshotMode::Overwrite`]).
    Overwritten,
}

/// Why [`check_catalog_snapshot`] failed. Its `Display` is the message
/// [`assert_catalog_snapshot`] panics with.
#[derive(Debug)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The catalog breaks the contract: each change, in snapshot order.
    Broken {
        /// The snapshot file.
        path: PathBuf,
        /// What changed.
        changes: Vec<Change>,
    },
    /// There is no snapshot file, and the mode does not write one.
    Missing {
        /// The snapshot file.
        path: PathBuf,
    },
    /// The file is not a catalog snapshot (not JSON, wrong shape, or a
    /// newer `version`).
    Invalid {
        /// The snapshot file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading or writing the file failed.
    Io {
        /// The snapshot file.
        path: PathBuf,
        /// The error.
        error: io::Error,
    },
    /// `PROBLEM_SNAPSHOT` holds a value that is not a mode.
    Mode {
        /// The value.
        value: String,
    },
}

/// One broken contract line: how a code of the snapshot differs in the
/// catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// The code is gone.
    Removed {
        /// The code.
        code: String,
        /// Its status in the snapshot.
        status: u16,
        /// Its type URI in the snapshot.
        type_uri: String,
        /// The code it is now an alias of, if it is one.
        alias_of: Option<String>,
    },
    /// The code's status changed.
    Status {
        /// The code.
        code: String,
        /// In the snapshot.
        snapshot: u16,
        /// In the catalog.
        catalog: u16,
    },
    /// The code's type URI changed.
    TypeUri {
        /// The code.
        code: String,
        /// In the snapshot.
        snapshot: String,
        /// In the catalog.
        catalog: String,
    },
    /// The code's aliases changed (both lists sorted).
    Aliases {
        /// The code.
        code: String,
        /// In the snapshot.
        snapshot: Vec<String>,
        /// In the catalog.
        catalog: Vec<String>,
    },
}

impl fmt::Display for Change {
    /// The change as a diff: a heading line, then `-` lines for the
    /// snapshot and `+` lines for the catalog, each indented by two spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Removed {
                code,
                status,
                type_uri,
                alias_of,
            } => {
                write!(f, "  `{code}` was removed")?;
                if let Some(new) = alias_of {
                    write!(
                        f,
                        " (it is now an alias of `{new}`, which servers send instead)"
                    )?;
                }
                write!(f, "\n  - {code} {status} {type_uri}")
            }
            Change::Status {
                code,
                snapshot,
                catalog,
            } => write!(
                f,
                "  `{code}` changed its status\n  - status {snapshot}\n  + status {catalog}"
            ),
            Change::TypeUri {
                code,
                snapshot,
                catalog,
            } => write!(
                f,
                "  `{code}` changed its type URI\n  - type {snapshot}\n  + type {catalog}"
            ),
            Change::Aliases {
                code,
                snapshot,
                catalog,
            } => {
                let list = |a: &[String]| {
                    if a.is_empty() {
                        "(none)".to_owned()
                    } else {
                        a.join(", ")
                    }
                };
                write!(
                    f,
                    "  `{code}` changed its aliases\n  - aliases {}\n  + aliases {}",
                    list(snapshot),
                    list(catalog)
                )
            }
        }
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Broken { path, changes } => {
                let n = changes.len();
                let s = if n == 1 { "" } else { "s" };
                writeln!(
                    f,
                    "the error catalog breaks the contract recorded in {} ({n} change{s}):",
                    path.display()
                )?;
                for change in changes {
                    writeln!(f, "\n{change}")?;
                }
                write!(
                    f,
                    "\nClients rely on codes, statuses, type URIs and aliases. If the change is intended, accept it with\n    \
                     {SNAPSHOT_ENV}=overwrite cargo test\nand commit {}.",
                    path.display()
                )
            }
            SnapshotError::Missing { path } => write!(
                f,
                "no error catalog snapshot at {}: record it by running the tests outside CI, or with \
                 {SNAPSHOT_ENV}=overwrite, and commit it",
                path.display()
            ),
            SnapshotError::Invalid { path, reason } => write!(
                f,
                "{} is not an error catalog snapshot: {reason}; rewrite it with {SNAPSHOT_ENV}=overwrite",
                path.display()
            ),
            SnapshotError::Io { path, error } => {
                write!(f, "error catalog snapshot {}: {error}", path.display())
            }
            SnapshotError::Mode { value } => write!(
                f,
                "{SNAPSHOT_ENV}={value:?} is not a snapshot mode; use overwrite, update or check"
            ),
        }
    }
}

impl std::error::Error for SnapshotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SnapshotError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What the check reads from a snapshot; other members are ignored.
#[derive(Deserialize)]
struct Snapshot {
    version: u32,
    problems: Vec<SnapshotProblem>,
}

#[derive(Deserialize)]
struct SnapshotProblem {
    code: String,
    status: u16,
    #[serde(rename = "type")]
    type_uri: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Compares `catalog` with the snapshot file at `path` and acts as `mode`
/// says; see the [module documentation](self).
///
/// # Errors
///
/// [`SnapshotError::Broken`] when the catalog breaks the contract (not in
/// [`SnapshotMode::Overwrite`]), [`SnapshotError::Missing`] when there is no
/// file in [`SnapshotMode::Check`], [`SnapshotError::Invalid`] when the file
/// is not a snapshot, [`SnapshotError::Io`] when reading or writing fails.
pub fn check_catalog_snapshot(
    catalog: &Catalog,
    path: impl AsRef<Path>,
    mode: SnapshotMode,
) -> Result<SnapshotOutcome, SnapshotError> {
    let path = path.as_ref();
    let current = catalog.to_json();
    let io_err = |error| SnapshotError::Io {
        path: path.to_owned(),
        error,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) if mode == SnapshotMode::Overwrite && e.kind() == io::ErrorKind::InvalidData => None,
        Err(e) => return Err(io_err(e)),
    };
    let Some(text) = text else {
        return match mode {
            SnapshotMode::Check => Err(SnapshotError::Missing {
                path: path.to_owned(),
            }),
            SnapshotMode::Update => write(path, &current)
                .map(|()| SnapshotOutcome::Created)
                .map_err(io_err),
            SnapshotMode::Overwrite => write(path, &current)
                .map(|()| SnapshotOutcome::Overwritten)
                .map_err(io_err),
        };
    };
    if text == current {
        return Ok(SnapshotOutcome::Unchanged);
    }
    if mode == SnapshotMode::Overwrite {
        return write(path, &current)
            .map(|()| SnapshotOutcome::Overwritten)
            .map_err(io_err);
    }
    let invalid = |reason: String| SnapshotError::Invalid {
        path: path.to_owned(),
        reason,
    };
    let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if snapshot.version > JSON_VERSION {
        return Err(invalid(format!(
            "its version {} is newer than this problem_core writes ({JSON_VERSION})",
            snapshot.version
        )));
    }
    let changes = compare(catalog, &snapshot.problems);
    if !changes.is_empty() {
        return Err(SnapshotError::Broken {
            path: path.to_owned(),
            changes,
        });
    }
    match mode {
        SnapshotMode::Check => Ok(SnapshotOutcome::Compatible),
        _ => write(path, &current)
            .map(|()| SnapshotOutcome::Updated)
            .map_err(io_err),
    }
}

/// Every broken contract line, in snapshot order.
fn compare(catalog: &Catalog, snapshot: &[SnapshotProblem]) -> Vec<Change> {
    let by_code: HashMap<&str, &ProblemSpec> = catalog.iter().map(|s| (s.code, s)).collect();
    let mut changes = Vec::new();
    for old in snapshot {
        let Some(new) = by_code.get(old.code.as_str()) else {
            changes.push(Change::Removed {
                code: old.code.clone(),
                status: old.status,
                type_uri: old.type_uri.clone(),
                alias_of: catalog.find(&old.code).map(|s| s.code.to_owned()),
            });
            continue;
        };
        if new.status != old.status {
            changes.push(Change::Status {
                code: old.code.clone(),
                snapshot: old.status,
                catalog: new.status,
            });
        }
        if new.type_uri != old.type_uri {
            changes.push(Change::TypeUri {
                code: old.code.clone(),
                snapshot: old.type_uri.clone(),
                catalog: new.type_uri.to_owned(),
            });
        }
        let mut before = old.aliases.clone();
        before.sort();
        before.dedup();
        let mut after: Vec<String> = new.aliases.iter().map(|a| (*a).to_owned()).collect();
        after.sort();
        after.dedup();
        if before != after {
            changes.push(Change::Aliases {
                code: old.code.clone(),
                snapshot: before,
                catalog: after,
            });
        }
    }
    changes
}

/// Fails (panics) when two problems anywhere in this binary share a code or
/// alias, naming each such code and the types that use it: one line in any
/// test of a service. Types are compared whether or not they ever meet; a
/// type is not compared with the types its `transparent` variants wrap (the
/// derive checks those at compile time). See [`registry`](crate::registry)
/// for what is registered (every derived type without type parameters, in
/// every crate the binary links) and its limits.
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
/// // In any test of the service:
/// problem_core::testing::assert_unique_codes_in_binary();
/// ```
///
/// # Panics
///
/// When [`registry::check_unique_codes`](crate::registry::check_unique_codes)
/// returns an error, with its message:
///
/// ```text
/// 2 problem codes used more than once in this binary; every code and alias must be unique, so rename all uses but one:
///   `auth.denied`: code in `auth::AuthError`, code in `gateway::GateError`
///   `auth.forbidden`: alias of `auth.scope.missing` in `auth::AuthError`, alias of `gate.closed` in `gateway::GateError`
/// ```
#[cfg(feature = "registry")]
#[track_caller]
pub fn assert_unique_codes_in_binary() {
    if let Err(duplicates) = crate::registry::check_unique_codes() {
        panic!("{duplicates}");
    }
}

/// Writes `text` to `path` (creating its folder) through a temporary file
/// renamed into place, so a reader never sees half a snapshot.
fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    tmp.push(format!(".tmp{}-{n}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_from_the_environment() {
        use SnapshotMode::{Check, Overwrite, Update};
        let cases = [
            (None, None, Update),
            (Some(""), Some(""), Update),
            (None, Some("true"), Check),
            (None, Some("1"), Check),
            (None, Some("false"), Update),
            (None, Some("0"), Update),
            (Some("overwrite"), Some("true"), Overwrite),
            (Some("OVERWRITE"), None, Overwrite),
            (Some("check"), None, Check),
            (Some("update"), Some("true"), Update),
        ];
        for (snapshot, ci, mode) in cases {
            assert_eq!(
                mode_from(snapshot, ci).unwrap(),
                mode,
                "{snapshot:?} {ci:?}"
            );
        }
        let err = mode_from(Some("yes"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PROBLEM_SNAPSHOT=\"yes\" is not a snapshot mode; use overwrite, update or check"
        );
    }
}
