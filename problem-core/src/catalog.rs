//! [`ProblemSpec`], [`Catalog`] and the compile-time uniqueness check.

/// Everything constant about one problem type: what the catalog lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProblemSpec {
    /// The stable code, such as `scans.not_found`.
    pub code: &'static str,
    /// The declared HTTP status.
    pub status: u16,
    /// The short summary.
    pub title: &'static str,
    /// The `type` URI.
    pub type_uri: &'static str,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// The variant's doc comment, trimmed; empty when it has none.
    pub description: &'static str,
    /// Other codes that mean this problem when parsing.
    pub aliases: &'static [&'static str],
}

/// Every problem a type can produce: its own, then those of the types its
/// `transparent` variants wrap.
///
/// A derived type's catalog is a `const` ([`Problem::CATALOG`](crate::Problem::CATALOG)),
/// with a hash table over its codes and aliases built at compile time, so
/// [`find`](Catalog::find) hashes the code once and compares one or two
/// strings, however many codes the type has.
#[derive(Clone, Copy, Debug)]
pub struct Catalog {
    specs: &'static [ProblemSpec],
    nested: &'static [Catalog],
    /// An open-addressing hash table over the codes and aliases of `specs`
    /// (see [`Catalog::__slots`]): a power of two of slots, each four bytes
    /// (a little-endian `u32`, so that the derive writes the table as one
    /// byte-string literal); empty when the catalog was built without one,
    /// and then `find` compares every name.
    slots: &'static [u8],
    /// The declared `type_base` of the type; empty when it has none.
    type_base: &'static str,
}

/// An unused slot of [`Catalog::slots`].
const EMPTY_SLOT: u32 = u32::MAX;

/// A used slot holds the position of a spec in its low bits, and which of
/// its names it is (0: the code, `k`: its `k`-th alias) above them.
const SPEC_BITS: u32 = 24;
const SPEC_MASK: u32 = (1 << SPEC_BITS) - 1;

/// The hash of a code in the catalog's table: a multiply-rotate hash over
/// eight bytes at a time, usable in const evaluation. Not a defence against
/// chosen collisions (the codes are the program's own), just fast and well
/// spread over realistic codes.
const fn code_hash(code: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let b = code.as_bytes();
    let mut h = b.len() as u64;
    let mut i = 0;
    while i + 8 <= b.len() {
        let word = u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ]);
        h = (h.rotate_left(23) ^ word).wrapping_mul(K);
        i += 8;
    }
    let mut word = 0u64;
    let mut shift = 0;
    while i < b.len() {
        word |= (b[i] as u64) << shift;
        shift += 8;
        i += 1;
    }
    h = (h.rotate_left(23) ^ word).wrapping_mul(K);
    h ^ (h >> 32)
}

/// The `i`-th slot of a hash table.
const fn slot(slots: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([
        slots[4 * i],
        slots[4 * i + 1],
        slots[4 * i + 2],
        slots[4 * i + 3],
    ])
}

/// The `name`-th name of a spec: 0 its code, `k` its `k`-th alias.
const fn name_of(spec: &ProblemSpec, name: usize) -> &'static str {
    if name == 0 {
        spec.code
    } else {
        spec.aliases[name - 1]
    }
}

impl Catalog {
    /// A catalog with no problems.
    pub const EMPTY: Catalog = Catalog {
        specs: &[],
        nested: &[],
        slots: &[],
        type_base: "",
    };

    /// Used by the derive: the catalog of `specs`, without a hash table
    /// (see [`__with_slots`](Catalog::__with_slots)).
    #[doc(hidden)]
    #[must_use]
    pub const fn __new(specs: &'static [ProblemSpec]) -> Self {
        Catalog {
            specs,
            nested: &[],
            slots: &[],
            type_base: "",
        }
    }

    /// Used by the derive: this catalog with the catalogs of the types its
    /// `transparent` variants wrap.
    #[doc(hidden)]
    #[must_use]
    pub const fn __with_nested(mut self, nested: &'static [Catalog]) -> Self {
        self.nested = nested;
        self
    }

    /// Used by the derive: this catalog with the type's declared `type_base`.
    #[doc(hidden)]
    #[must_use]
    pub const fn __with_type_base(mut self, type_base: &'static str) -> Self {
        self.type_base = type_base;
        self
    }

    /// The type's own problems (not those of the types its `transparent`
    /// variants wrap).
    pub(crate) const fn own(&self) -> &'static [ProblemSpec] {
        self.specs
    }

    /// The catalogs of the types its `transparent` variants wrap.
    pub(crate) const fn nested(&self) -> &'static [Catalog] {
        self.nested
    }

    /// This catalog without the catalogs it nests: the type's own problems.
    #[cfg(feature = "registry")]
    pub(crate) const fn without_nested(mut self) -> Catalog {
        self.nested = &[];
        self
    }

    /// The declared `type_base`, if the type has one.
    pub(crate) fn declared_type_base(&self) -> Option<&'static str> {
        (!self.type_base.is_empty()).then_some(self.type_base)
    }

    /// Used by the derive: this catalog with the hash table `slots`, which
    /// must be [`Catalog::__slots`] of its specs (the derive computes the
    /// same table, and writes it as a literal).
    #[doc(hidden)]
    #[must_use]
    pub const fn __with_slots(mut self, slots: &'static [u8]) -> Self {
        self.slots = slots;
        self
    }

    /// The hash table, as [`__with_slots`](Catalog::__with_slots) set it
    /// (for tests that check the derive computes [`Catalog::__slots`]).
    #[doc(hidden)]
    #[must_use]
    pub const fn __slot_table(&self) -> &'static [u8] {
        self.slots
    }

    /// Used by the derive: how many codes and aliases `specs` hold.
    #[doc(hidden)]
    #[must_use]
    pub const fn __name_count(specs: &[ProblemSpec]) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < specs.len() {
            n += 1 + specs[i].aliases.len();
            i += 1;
        }
        n
    }

    /// The number of slots of the hash table for `n` codes and aliases (a
    /// power of two, at least twice `n`, so probes stay short).
    #[doc(hidden)]
    #[must_use]
    pub const fn __slot_count(n: usize) -> usize {
        (2 * n).next_power_of_two()
    }

    /// The open-addressing hash table (linear probing) over the codes and
    /// aliases of `specs`, in const evaluation: [`__slot_count`] slots of
    /// four bytes, each the little-endian `u32` of a spec's position (low 24
    /// bits) and which of its names it is (0 the code, `k` its `k`-th alias),
    /// or `u32::MAX` when unused. `M` must be four times the slot count of
    /// [`__name_count(specs)`](Catalog::__name_count). The derive computes
    /// the same table itself (evaluating this for a thousand codes costs
    /// the compiler about as much as the rest of the derive).
    ///
    /// [`__slot_count`]: Catalog::__slot_count
    #[doc(hidden)]
    #[must_use]
    pub const fn __slots<const M: usize>(specs: &[ProblemSpec]) -> [u8; M] {
        let n = Self::__slot_count(Self::__name_count(specs));
        assert!(M == 4 * n, "hash table size does not match the codes");
        assert!(
            specs.len() <= SPEC_MASK as usize,
            "a catalog holds at most 16,777,215 problems"
        );
        let mut slots = [0xff; M];
        let mut s = 0;
        while s < specs.len() {
            assert!(
                specs[s].aliases.len() < 255,
                "a problem has at most 254 aliases"
            );
            let mut name = 0;
            while name <= specs[s].aliases.len() {
                let mut i = (code_hash(name_of(&specs[s], name)) as usize) & (n - 1);
                while slot(&slots, i) != EMPTY_SLOT {
                    i = (i + 1) & (n - 1);
                }
                // Both below their limits, checked above.
                #[allow(clippy::cast_possible_truncation)]
                let value = (s as u32 | (name as u32) << SPEC_BITS).to_le_bytes();
                slots[4 * i] = value[0];
                slots[4 * i + 1] = value[1];
                slots[4 * i + 2] = value[2];
                slots[4 * i + 3] = value[3];
                name += 1;
            }
            s += 1;
        }
        slots
    }

    /// Every problem, the type's own first, then those of nested catalogs.
    ///
    /// Allocates only to walk nested catalogs: a catalog without any
    /// (no `transparent` variant) is iterated without allocating.
    #[must_use]
    pub fn iter(&self) -> Iter {
        Iter {
            specs: self.specs.iter(),
            // An empty `Vec` does not allocate.
            stack: if self.nested.is_empty() {
                Vec::new()
            } else {
                vec![self.nested.iter()]
            },
        }
    }

    /// The problem with this code or alias: the type's own first, then
    /// those of nested catalogs, depth first.
    ///
    /// Each catalog's own codes are one hash-table probe (see the type's
    /// docs); a type with `transparent` variants probes its own table, then
    /// each wrapped type's, so a lookup costs one probe per type involved,
    /// not per code.
    #[must_use]
    pub fn find(&self, code: &str) -> Option<&'static ProblemSpec> {
        if let Some(spec) = self.__position(code) {
            return self.specs.get(spec);
        }
        self.nested.iter().find_map(|c| c.find(code))
    }

    /// Used by the derive: the position among the type's own problems of the
    /// one with this code or alias (nested catalogs are not searched).
    #[doc(hidden)]
    #[must_use]
    pub fn __position(&self, code: &str) -> Option<usize> {
        let is = |spec: usize, name: usize| {
            self.specs.get(spec).and_then(|s| {
                if name == 0 {
                    Some(s.code)
                } else {
                    s.aliases.get(name - 1).copied()
                }
            }) == Some(code)
        };
        let n = self.slots.len() / 4;
        if !n.is_power_of_two() {
            return self
                .specs
                .iter()
                .enumerate()
                .find_map(|(i, s)| (0..=s.aliases.len()).any(|n| is(i, n)).then_some(i));
        }
        let mask = n - 1;
        let mut i = (code_hash(code) as usize) & mask;
        // A well-formed table has an empty slot; the bound keeps a
        // malformed one from looping.
        for _ in 0..n {
            let k = slot(self.slots, i);
            if k == EMPTY_SLOT {
                return None;
            }
            let (spec, name) = ((k & SPEC_MASK) as usize, (k >> SPEC_BITS) as usize);
            if is(spec, name) {
                return Some(spec);
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// How many problems [`iter`](Catalog::iter) yields.
    #[must_use]
    pub const fn len(&self) -> usize {
        let mut n = self.specs.len();
        let mut i = 0;
        while i < self.nested.len() {
            n += self.nested[i].len();
            i += 1;
        }
        n
    }

    /// Whether the catalog has no problems.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many codes and aliases the catalog holds, nested ones included.
    #[must_use]
    pub const fn code_count(&self) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < self.specs.len() {
            n += 1 + self.specs[i].aliases.len();
            i += 1;
        }
        i = 0;
        while i < self.nested.len() {
            n += self.nested[i].code_count();
            i += 1;
        }
        n
    }
}

impl IntoIterator for &Catalog {
    type Item = &'static ProblemSpec;
    type IntoIter = Iter;
    fn into_iter(self) -> Iter {
        self.iter()
    }
}

/// The iterator of [`Catalog::iter`].
#[derive(Clone, Debug)]
pub struct Iter {
    specs: core::slice::Iter<'static, ProblemSpec>,
    stack: Vec<core::slice::Iter<'static, Catalog>>,
}

impl Iterator for Iter {
    type Item = &'static ProblemSpec;

    fn next(&mut self) -> Option<&'static ProblemSpec> {
        loop {
            if let Some(spec) = self.specs.next() {
                return Some(spec);
            }
            let top = self.stack.last_mut()?;
            match top.next() {
                Some(catalog) => {
                    self.specs = catalog.specs.iter();
                    // Nothing to walk below a catalog without nested ones.
                    if !catalog.nested.is_empty() {
                        self.stack.push(catalog.nested.iter());
                    }
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const fn spec(code: &'static str, aliases: &'static [&'static str]) -> ProblemSpec {
        ProblemSpec {
            code,
            status: 400,
            title: "Bad Request",
            type_uri: "about:blank",
            retryable: false,
            description: "",
            aliases,
        }
    }

    /// One code and its alias.
    pub(crate) const INNER: Catalog = Catalog::__new(&[spec("b.one", &["b.uno"])]);
    /// Two codes, and `INNER` nested.
    pub(crate) const OUTER: Catalog =
        Catalog::__new(&[spec("a.one", &[]), spec("a.two", &[])]).__with_nested(&[INNER]);

    #[test]
    fn iter_len_find() {
        let codes: Vec<_> = OUTER.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["a.one", "a.two", "b.one"]);
        assert_eq!(OUTER.len(), 3);
        assert_eq!(OUTER.code_count(), 4);
        assert_eq!(OUTER.find("b.uno").map(|s| s.code), Some("b.one"));
        assert_eq!(OUTER.find("a.two").map(|s| s.code), Some("a.two"));
        assert!(OUTER.find("a.three").is_none());
        // Own problems only.
        assert_eq!(OUTER.__position("a.two"), Some(1));
        assert_eq!(OUTER.__position("b.one"), None);
        assert_eq!(INNER.__position("b.uno"), Some(0));
    }

    #[test]
    fn iter_allocates_only_to_walk_nested_catalogs() {
        // A `Vec` with no capacity has not allocated.
        let flat = INNER.iter();
        assert_eq!(flat.stack.capacity(), 0);
        assert_eq!(flat.map(|s| s.code).collect::<Vec<_>>(), ["b.one"]);
        assert_eq!(Catalog::EMPTY.iter().stack.capacity(), 0);
        assert_eq!(Catalog::EMPTY.iter().count(), 0);

        // Nested at several depths, in the same order as before.
        const DEEP: Catalog =
            Catalog::__new(&[spec("c.one", &[])]).__with_nested(&[OUTER, Catalog::EMPTY, INNER]);
        let codes: Vec<_> = DEEP.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["c.one", "a.one", "a.two", "b.one", "b.one"]);
        assert_eq!(DEEP.len(), DEEP.iter().count());
        let mut walk = DEEP.iter();
        // At `b.one` inside `OUTER` inside `DEEP`: two levels to walk on,
        // none pushed for `INNER`'s empty list.
        assert_eq!(walk.by_ref().take(4).count(), 4);
        assert_eq!(walk.stack.len(), 2);
        assert_eq!(walk.count(), 1);
    }

    #[test]
    fn hash_table_finds_every_code_and_rejects_others() {
        const SPECS: &[ProblemSpec] = &[
            spec("a.one", &[]),
            spec("a.two", &[]),
            spec("b.one", &["b.uno", "b.eins"]),
        ];
        const SLOTS: &[u8] =
            &Catalog::__slots::<{ 4 * Catalog::__slot_count(Catalog::__name_count(SPECS)) }>(SPECS);
        const HASHED: Catalog = Catalog::__new(SPECS).__with_slots(SLOTS);
        assert_eq!(SLOTS.len(), 4 * 16);
        assert_eq!((0..16).filter(|i| slot(SLOTS, *i) != EMPTY_SLOT).count(), 5);
        for (code, at) in [
            ("a.one", 0),
            ("a.two", 1),
            ("b.one", 2),
            ("b.uno", 2),
            ("b.eins", 2),
        ] {
            assert_eq!(HASHED.__position(code), Some(at), "{code}");
            assert_eq!(HASHED.find(code).map(|s| s.code), Some(SPECS[at].code));
        }
        for miss in ["", "a", "a.on", "a.one ", "a.three", "c.one"] {
            assert!(HASHED.find(miss).is_none(), "{miss}");
            assert!(Catalog::__new(SPECS).find(miss).is_none(), "{miss}");
        }

        // Many codes, many collisions in the low bits: every code is found
        // wherever probing put it, with and without the table.
        let codes: Vec<&'static str> = (0..3000)
            .map(|i| &*Box::leak(format!("ns{}.code_{i}", i % 7).into_boxed_str()))
            .collect();
        let specs: &'static [ProblemSpec] = Box::leak(
            codes
                .iter()
                .map(|c| spec(c, &[]))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        );
        let slots: &'static [u8] = Box::leak(Box::new(Catalog::__slots::<{ 4 * 8192 }>(specs)));
        let big = Catalog::__new(specs).__with_slots(slots);
        let linear = Catalog::__new(specs);
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(big.__position(c), Some(i));
            assert_eq!(linear.__position(c), Some(i));
        }
        assert!(big.find("ns1.code_1x").is_none());
        // A table without an empty slot does not loop.
        let full = Catalog::__new(specs).__with_slots(&[0, 0, 0, 0, 1, 0, 0, 0]);
        assert!(full.find("nowhere").is_none());
        // A slot that names no spec is a miss, not a panic.
        let bad =
            Catalog::__new(specs).__with_slots(&[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert!(bad.find("ns0.code_0").is_none());
        // A table whose size is not a power of two is not probed.
        let odd = Catalog::__new(specs).__with_slots(&[0, 0, 0]);
        assert_eq!(odd.__position("ns1.code_1"), Some(1));
    }
}
