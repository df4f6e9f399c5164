//! The built examples: `cargo test` builds every example beside the tests.

use std::path::PathBuf;

/// The binary of the example `name`.
pub fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is not built: run `cargo test --workspace --all-features`, which builds the examples",
        bin.display()
    );
    bin
}
