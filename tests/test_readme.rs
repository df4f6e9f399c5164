//! The README's first Rust example is the first example of both crates' docs.

fn first_rust_block(text: &str) -> String {
    let start = text.find("```rust\n").expect("a rust block") + "```rust\n".len();
    let end = start + text[start..].find("```").expect("a closed block");
    text[start..end].to_owned()
}

fn crate_doc(path: &str) -> String {
    let src = std::fs::read_to_string(path).unwrap();
    let doc: Vec<&str> = src
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .or_else(|| l.strip_prefix("//!"))
                .unwrap_or(l)
        })
        .collect();
    let doc = doc.join("\n") + "\n";
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
