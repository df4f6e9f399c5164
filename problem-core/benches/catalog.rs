//! `Catalog::find` on a catalog of 1,000 codes (plus 100 aliases).
//!
//! The catalog is built the way the derive builds one: specs in declaration
//! order and the hash table `Catalog::__slots` computes from them (the
//! derive computes the same table and writes it as a literal), handed to
//! the hidden constructors. A derived 1,000-variant enum would cost this bench target
//! seconds of compile time for the same table; `benches/compile_time.sh` at
//! the repository root derives one. Codes look like a real service's: 20
//! namespaces of 50 codes.
//!
//! Contenders: `Catalog::find` (hash table), the same catalog without its
//! table (what a hand-built `Catalog::__new` gets: every name compared), a
//! bisection of a sorted index, a `std::collections::HashMap<&str, _>`
//! (SipHash), and a linear scan of `Catalog::iter`.
//!
//! Run: `cargo bench -p problem_core --bench catalog`.
//!
//! Measured (same machine and options as `envelope.rs`; criterion's
//! estimate per lookup, one run, probes in a scattered order):
//!
//! | lookup in 1,000 codes + 100 aliases | time |
//! |---|---|
//! | Catalog::find: hash table (hit) | 21 ns |
//! | Catalog::find: hash table (miss) | 20 ns |
//! | bisection of a sorted index (hit, for scale) | 139 ns |
//! | HashMap<&str, _>::get (hit, for scale) | 30 ns |
//! | linear scan (hit, for scale) | 1.79 µs |

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use problem_core::{Catalog, ProblemSpec};

const NAMESPACES: [&str; 20] = [
    "auth",
    "billing",
    "catalog",
    "checkout",
    "files",
    "inventory",
    "invoices",
    "members",
    "notifications",
    "orders",
    "payments",
    "projects",
    "quotas",
    "reports",
    "scans",
    "search",
    "sessions",
    "shipping",
    "teams",
    "webhooks",
];

const WORDS: [&str; 10] = [
    "not_found",
    "conflict",
    "expired",
    "forbidden",
    "invalid",
    "locked",
    "missing",
    "quota",
    "timeout",
    "unavailable",
];

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn leak_str(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// 1,000 specs, every tenth with an alias, and every code and alias.
fn large_catalog() -> (Catalog, Vec<&'static str>) {
    let mut specs = Vec::new();
    let mut index = Vec::new();
    for (n, ns) in NAMESPACES.iter().enumerate() {
        for i in 0..50 {
            let code = leak_str(format!("{ns}.{}_{i:02}", WORDS[i % WORDS.len()]));
            let aliases: &'static [&'static str] = if i % 10 == 0 {
                leak(vec![leak_str(format!("{ns}.legacy_{n}_{i}"))])
            } else {
                &[]
            };
            index.push((code, specs.len()));
            for a in aliases {
                index.push((*a, specs.len()));
            }
            specs.push(ProblemSpec {
                code,
                status: 400 + (i as u16 % 100),
                title: "A problem",
                type_uri: leak_str(format!("https://docs.example.com/errors/{code}")),
                retryable: false,
                description: "",
                aliases,
            });
        }
    }
    index.sort_unstable();
    let codes: Vec<&'static str> = index.iter().map(|(c, _)| *c).collect();
    assert_eq!(index.len(), CODES);
    let specs = leak(specs);
    let slots: &'static [u8] = Box::leak(Box::new(Catalog::__slots::<SLOTS>(specs)));
    let catalog = Catalog::__new(specs).__with_slots(slots);
    (catalog, codes)
}

/// Codes and aliases in the catalog, and the size of its hash table in bytes.
const CODES: usize = 1100;
const SLOTS: usize = 4 * Catalog::__slot_count(CODES);

/// The next probe position, wrapping without a division.
fn next(i: usize, len: usize) -> usize {
    if i + 1 == len { 0 } else { i + 1 }
}

fn find(c: &mut Criterion) {
    let (catalog, codes) = large_catalog();
    assert_eq!(catalog.len(), 1000);
    let specs: &'static [ProblemSpec] = leak(catalog.iter().copied().collect());
    let mut index: Vec<(&'static str, usize)> = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        index.push((s.code, i));
        index.extend(s.aliases.iter().map(|a| (*a, i)));
    }
    index.sort_unstable();
    let bisect = |code: &str| {
        index
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .ok()
            .map(|at| &specs[index[at].1])
    };
    // Look codes up in a scattered order, so the branch predictor cannot
    // learn one path through the search.
    let mut probes: Vec<&str> = codes.clone();
    let mut state = 0x9e37_79b9_u32;
    for i in (1..probes.len()).rev() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        probes.swap(i, state as usize % (i + 1));
    }
    for code in &probes {
        let found = catalog.find(code).expect("every code is found");
        assert_eq!(Some(found), bisect(code));
        assert!(found.code == *code || found.aliases.contains(code));
    }
    let misses: Vec<String> = probes.iter().map(|c| format!("{c}x")).collect();
    let map: HashMap<&str, &ProblemSpec> = catalog
        .iter()
        .flat_map(|s| {
            std::iter::once(s.code)
                .chain(s.aliases.iter().copied())
                .map(move |c| (c, s))
        })
        .collect();

    let mut group = c.benchmark_group("catalog_1000");
    let mut i = 0;
    group.bench_function("Catalog::find: hash table (hit)", |b| {
        b.iter(|| {
            i = next(i, probes.len());
            catalog.find(black_box(probes[i]))
        });
    });
    group.bench_function("Catalog::find: hash table (miss)", |b| {
        b.iter(|| {
            i = next(i, misses.len());
            catalog.find(black_box(&misses[i]))
        });
    });
    group.bench_function("bisection of a sorted index (hit, for scale)", |b| {
        b.iter(|| {
            i = next(i, probes.len());
            bisect(black_box(probes[i]))
        });
    });
    group.bench_function("HashMap<&str, _>::get (hit, for scale)", |b| {
        b.iter(|| {
            i = next(i, probes.len());
            map.get(black_box(probes[i])).copied()
        });
    });
    group.bench_function("linear scan (hit, for scale)", |b| {
        b.iter(|| {
            i = next(i, probes.len());
            let code = black_box(probes[i]);
            catalog
                .iter()
                .find(|s| s.code == code || s.aliases.contains(&code))
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = find
}
criterion_main!(benches);
