//! The README's first Rust example is the first example of both crates' docs.

fn first_rust_block(text: &str) -> String {
    let start = text.find("```rust\n").expect("a rust block") + "```rust\n".len();
    let end = start + text[start..].find("```").expect("a closed block");
    text[start..end].to_owned()
}

/// The first code block of a crate's docs.
fn crate_doc(path: &str) -> String {
    let doc = crate_docs(path);
    let start = doc.find("```\n").expect("a code block") + "```\n".len();
    let end = start + doc[start..].find("```").expect("a closed block");
    doc[start..end].to_owned()
}

#[test]
fn readme_example_is_the_crate_docs_first_example() {
    let readme = first_rust_block(&std::fs::read_to_string("README.md").unwrap());
    assert_eq!(crate_doc("problem-core/src/lib.rs"), readme);
    assert_eq!(crate_doc("problem-derive/src/lib.rs"), readme);
}

/// The first code block after `heading` in `text` (a README or crate-docs text).
fn block_after(text: &str, heading: &str, fence: &str) -> String {
    let after = text.split(heading).nth(1).expect("the heading");
    let start = after.find(fence).expect("a code block") + fence.len();
    let end = start + after[start..].find("```").expect("a closed block");
    after[start..end].to_owned()
}

/// The crate docs of `path`, without their `//! ` prefixes.
fn crate_docs(path: &str) -> String {
    let src = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = src
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .or_else(|| l.strip_prefix("//!"))
                .unwrap_or(l)
        })
        .collect();
    lines.join("\n") + "\n"
}

#[test]
fn the_thiserror_example_is_the_crate_docs() {
    // README blocks are compiled as the crate docs' (doctests).
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert_eq!(
        block_after(&readme, "### With thiserror", "```rust\n"),
        block_after(
            &crate_docs("problem-core/src/lib.rs"),
            "# With thiserror",
            "```\n"
        )
    );
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let block = readme
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --example quickstart",
            "cargo test --workspace --all-features"
        ]
    );
}

/// The built `quickstart` example: `cargo test` builds every example beside the tests.
fn quickstart_output() -> String {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("quickstart{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is not built: run `cargo test --workspace --all-features`, which builds the examples",
        bin.display()
    );
    let out = std::process::Command::new(bin).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_tour_shows_what_quickstart_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let tour = readme
        .split("## A tour")
        .nth(1)
        .and_then(|t| t.split("```text\n").nth(1))
        .and_then(|t| t.split("```").next())
        .expect("the tour's first text block");
    let printed = quickstart_output();
    let envelopes: Vec<&str> = printed.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(tour.lines().collect::<Vec<_>>(), envelopes);
    // The catalog table the tour quotes (its first group) is printed too.
    let table = readme
        .split("The catalog, as `ServiceError::CATALOG.to_markdown()` renders it (first group):")
        .nth(1)
        .and_then(|t| t.split("```text\n").nth(1))
        .and_then(|t| t.split("```").next())
        .expect("the catalog block");
    assert!(printed.contains(table), "{table}");
}
