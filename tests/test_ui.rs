//! Compile-fail cases: every misuse of `#[derive(Problem)]` is rejected with
//! a spanned error that says how to fix it. One mistake per file under
//! `tests/ui/`, named after the mistake; `several-mistakes.rs` shows that one
//! build reports them all. Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test --test test_ui`, then read every `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
