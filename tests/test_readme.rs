//! The README's first Rust example is the first example of both crates' docs,
//! and each of its Rust examples is one of `problem_core`'s crate docs (with
//! its hidden `# ` lines left out), so the doctests compile and run them.

#[path = "support/example.rs"]
mod example;

fn first_rust_block(text: &str) -> String {
    let start = text.find("```rust\n").expect("a rust block") + "```rust\n".len();
    let end = start + text[start..].find("```").expect("a closed block");
    text[start..end].to_owned()
}

/// A crate's `//!` documentation, as markdown.
fn crate_doc_text(path: &str) -> String {
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
    doc.join("\n") + "\n"
}

fn crate_doc(path: &str) -> String {
    let doc = crate_doc_text(path);
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

/// The code blocks of markdown `text` whose info string is `lang` (any
/// when `None`).
fn code_blocks(text: &str, lang: Option<&str>) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_start() != "```")
            .collect();
        if lang.is_none_or(|lang| info == lang) {
            blocks.push(body.join("\n"));
        }
    }
    blocks
}

/// A doc example as the reader sees it: without its hidden `# ` lines.
fn visible(example: &str) -> String {
    example
        .lines()
        .filter(|l| !(l.trim_start().starts_with("# ") || l.trim() == "#"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_readme_rust_example_is_a_crate_doc_example() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let doc = crate_doc_text("problem-core/src/lib.rs");
    let examples: Vec<String> = code_blocks(&doc, None).iter().map(|e| visible(e)).collect();
    let rust = code_blocks(&readme, Some("rust"));
    assert!(rust.len() >= 3, "{rust:?}");
    for block in rust {
        assert!(
            examples.contains(&block),
            "this README example is not in problem_core's crate docs, where it would be doctested:\n{block}"
        );
    }
    // Rust that is not doctested hides behind another info string.
    for info in ["rust,ignore", "rust,no_run", "rust,compile_fail", "ignore"] {
        assert!(
            code_blocks(&readme, Some(info)).is_empty(),
            "a ```{info} block"
        );
    }
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

/// What the built `quickstart` example prints.
fn quickstart_output() -> String {
    let out = std::process::Command::new(example::binary("quickstart"))
        .output()
        .unwrap();
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

/// The code block of `text` after `heading`, without rustdoc's hidden (`# `) lines.
fn block_after(text: &str, heading: &str, fence: &str) -> String {
    let section = text.split(heading).nth(1).expect(heading);
    let start = section.find(fence).expect("a code block") + fence.len();
    let end = start + section[start..].find("```").expect("a closed block");
    section[start..end]
        .lines()
        .filter(|l| !l.starts_with("# ") && *l != "#")
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_readme_grpc_example_is_the_crate_docs_one() {
    // The README's copy is not compiled; the crate docs' is (with `tonic`).
    let readme = std::fs::read_to_string("README.md").unwrap();
    let lib = crate_doc_text("problem-core/src/lib.rs");
    assert_eq!(
        block_after(&readme, "### gRPC", "```rust\n"),
        block_after(&lib, "# gRPC", "```\n")
    );
}
