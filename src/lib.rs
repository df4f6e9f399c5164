//! Host package for the workspace's integration tests (`tests/`) and
//! examples (`examples/`). Not published; the crates are `problem_core` and
//! `problem-derive`.
#![forbid(unsafe_code)]
