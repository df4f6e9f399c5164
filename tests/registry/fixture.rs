//! A binary that links the fixture crates of `tests/registry/` (`auth`,
//! `scans`, `billing`): `tests/test_registry.rs` runs it to show that the
//! link-time registry works in a binary as it does under `cargo test`.
//!
//! ```text
//! registry-fixture types            # each registered type: its name and its number of problems
//! registry-fixture markdown | json  # the binary's catalog
//! registry-fixture html <folder>    # the binary's site
//! registry-fixture check            # "ok", or the duplicate codes (exit status 1)
//! ```
#![forbid(unsafe_code)]

// Nothing else names these crates: without these lines, they would not be
// linked, and their types not registered.
use registry_auth as _;
use registry_billing as _;
use registry_scans as _;

use problem_core::registry;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["types"] => {
            for ty in registry::catalogs() {
                println!("{} {}", ty.type_name(), ty.catalog().len());
            }
        }
        ["markdown"] => print!("{}", registry::to_markdown()),
        ["json"] => print!("{}", registry::to_json()),
        ["html", dir] => {
            if let Err(e) = registry::write_html(dir) {
                eprintln!("cannot write the site to {dir}: {e}");
                std::process::exit(2);
            }
        }
        ["check"] => match registry::check_unique_codes() {
            Ok(()) => println!("ok"),
            Err(duplicates) => {
                eprintln!("{duplicates}");
                std::process::exit(1);
            }
        },
        _ => {
            eprintln!("usage: registry-fixture types | markdown | json | html <folder> | check");
            std::process::exit(2);
        }
    }
}
