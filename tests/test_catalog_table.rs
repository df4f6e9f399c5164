//! The catalog's hash table: the derive computes it (as a literal) rather
//! than const evaluation; it must be exactly the table the runtime's
//! `Catalog::__slots` builds from the same specs, or `find` would miss.

use problem_core::{Catalog, Problem, ProblemSpec};

#[derive(Debug, Problem)]
enum Twenty {
    #[problem("t.code_00", 400, alias = "t.legacy_0")]
    V0,
    #[problem("t.code_01", 400)]
    V1,
    #[problem("t.code_02", 400)]
    V2,
    #[problem("t.code_03", 400)]
    V3,
    #[problem("t.code_04", 400)]
    V4,
    #[problem("t.code_05", 400, alias = "t.legacy_5")]
    V5,
    #[problem("t.code_06", 400)]
    V6,
    #[problem("t.code_07", 400)]
    V7,
    #[problem("t.code_08", 400)]
    V8,
    #[problem("t.code_09", 400)]
    V9,
    #[problem("t.code_10", 400, alias = "t.legacy_10")]
    V10,
    #[problem("t.code_11", 400)]
    V11,
    #[problem("t.code_12", 400)]
    V12,
    #[problem("t.code_13", 400)]
    V13,
    #[problem("t.code_14", 400)]
    V14,
    #[problem("t.code_15", 400, alias = "t.legacy_15")]
    V15,
    #[problem("t.code_16", 400)]
    V16,
    #[problem("t.code_17", 400)]
    V17,
    #[problem("t.code_18", 400)]
    V18,
    #[problem("t.code_19", 400)]
    V19,
}

#[test]
fn the_derived_table_is_the_runtimes() {
    let specs: Vec<ProblemSpec> = Twenty::CATALOG.iter().copied().collect();
    // 20 codes and 4 aliases: 64 slots of four bytes.
    assert_eq!(Catalog::__name_count(&specs), 24);
    assert_eq!(
        Twenty::CATALOG.__slot_table(),
        &Catalog::__slots::<256>(&specs)[..]
    );
    for spec in &specs {
        assert_eq!(Twenty::CATALOG.find(spec.code), Some(spec));
        for alias in spec.aliases {
            assert_eq!(Twenty::CATALOG.find(alias), Some(spec));
        }
    }
    assert_eq!(Twenty::CATALOG.find("t.code_20"), None);
}

#[derive(Debug, Problem)]
enum Empty {}

#[test]
fn an_empty_type_has_an_empty_table() {
    assert_eq!(
        Empty::CATALOG.__slot_table(),
        &Catalog::__slots::<4>(&[])[..]
    );
    assert_eq!(Empty::CATALOG.find(""), None);
}
