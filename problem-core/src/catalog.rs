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
    /// Every code and alias of `specs`, with the index of its spec.
    index: &'static [(&'static str, usize)],
    /// An open-addressing hash table over `index` (positions in it, or
    /// [`EMPTY_SLOT`]), a power of two long. The derive always builds one;
    /// without it (`Catalog::EMPTY`) the catalog has no codes of its own.
    slots: &'static [u32],
    /// The declared `type_base` of the type; empty when it has none.
    type_base: &'static str,
}

/// An unused slot of [`Catalog::slots`].
const EMPTY_SLOT: u32 = u32::MAX;

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

impl Catalog {
    /// A catalog with no problems.
    pub const EMPTY: Catalog = Catalog {
        specs: &[],
        nested: &[],
        index: &[],
        slots: &[],
        type_base: "",
    };

    /// Used by the derive: `index` must hold every code and alias of `specs`,
    /// each with the position of its spec. The catalog finds its own codes
    /// once [`__with_slots`](Catalog::__with_slots) has given it the hash
    /// table of `index`, which the derive always does.
    #[doc(hidden)]
    #[must_use]
    pub const fn __new(
        specs: &'static [ProblemSpec],
        nested: &'static [Catalog],
        index: &'static [(&'static str, usize)],
    ) -> Self {
        Catalog {
            specs,
            nested,
            index,
            slots: &[],
            type_base: "",
        }
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
    /// must be [`Catalog::__slots`] of its index.
    #[doc(hidden)]
    #[must_use]
    pub const fn __with_slots(mut self, slots: &'static [u32]) -> Self {
        self.slots = slots;
        self
    }

    /// Used by the derive: the size of the hash table for an index of `n`
    /// codes (a power of two, at least twice `n`, so probes stay short).
    #[doc(hidden)]
    #[must_use]
    pub const fn __slot_count(n: usize) -> usize {
        (2 * n).next_power_of_two()
    }

    /// Used by the derive, in const evaluation: the open-addressing hash
    /// table (linear probing) over `index`. `M` must be
    /// [`__slot_count(index.len())`](Catalog::__slot_count).
    #[doc(hidden)]
    #[must_use]
    pub const fn __slots<const M: usize>(index: &[(&'static str, usize)]) -> [u32; M] {
        assert!(
            M == Self::__slot_count(index.len()) && index.len() < EMPTY_SLOT as usize,
            "hash table size does not match the index"
        );
        let mut slots = [EMPTY_SLOT; M];
        let mut k = 0;
        while k < index.len() {
            let mut i = (code_hash(index[k].0) as usize) & (M - 1);
            while slots[i] != EMPTY_SLOT {
                i = (i + 1) & (M - 1);
            }
            // `k < index.len() < u32::MAX`, checked above.
            #[allow(clippy::cast_possible_truncation)]
            {
                slots[i] = k as u32;
            }
            k += 1;
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
        if let Some(&(_, spec)) = self.position(code).and_then(|i| self.index.get(i)) {
            return self.specs.get(spec);
        }
        self.nested.iter().find_map(|c| c.find(code))
    }

    /// Where `code` is in `index`, through the hash table.
    fn position(&self, code: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (code_hash(code) as usize) & mask;
        // A well-formed table has an empty slot; the bound keeps a
        // malformed one from looping.
        for _ in 0..self.slots.len() {
            let k = self.slots[i];
            if k == EMPTY_SLOT {
                return None;
            }
            let k = k as usize;
            if self.index.get(k).is_some_and(|(c, _)| *c == code) {
                return Some(k);
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

    /// A 400 with this code and these aliases.
    pub(crate) const fn spec(code: &'static str, aliases: &'static [&'static str]) -> ProblemSpec {
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

    /// A catalog as the derive builds it: with the hash table of its index.
    macro_rules! catalog {
        ($specs:expr, $nested:expr, $index:expr) => {{
            const INDEX: &[(&str, usize)] = $index;
            Catalog::__new($specs, $nested, INDEX).__with_slots(&Catalog::__slots::<
                { Catalog::__slot_count(INDEX.len()) },
            >(INDEX))
        }};
    }

    /// One code and its alias.
    pub(crate) const INNER: Catalog = catalog!(
        &[spec("b.one", &["b.uno"])],
        &[],
        &[("b.one", 0), ("b.uno", 0)]
    );
    /// Two codes, and `INNER` nested.
    pub(crate) const OUTER: Catalog = catalog!(
        &[spec("a.one", &[]), spec("a.two", &[])],
        &[INNER],
        &[("a.one", 0), ("a.two", 1)]
    );

    #[test]
    fn iter_len_find() {
        let codes: Vec<_> = OUTER.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["a.one", "a.two", "b.one"]);
        assert_eq!(OUTER.len(), 3);
        assert_eq!(OUTER.code_count(), 4);
        assert_eq!(OUTER.find("b.uno").map(|s| s.code), Some("b.one"));
        assert_eq!(OUTER.find("a.two").map(|s| s.code), Some("a.two"));
        assert!(OUTER.find("a.three").is_none());
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
        const DEEP: Catalog = catalog!(
            &[spec("c.one", &[])],
            &[OUTER, Catalog::EMPTY, INNER],
            &[("c.one", 0)]
        );
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
        const INDEX: &[(&str, usize)] = &[("a.one", 0), ("a.two", 1), ("b.one", 2), ("b.uno", 2)];
        const SLOTS: &[u32] = &Catalog::__slots::<{ Catalog::__slot_count(4) }>(INDEX);
        const HASHED: Catalog = Catalog::__new(
            &[
                spec("a.one", &[]),
                spec("a.two", &[]),
                spec("b.one", &["b.uno"]),
            ],
            &[],
            INDEX,
        )
        .__with_slots(SLOTS);
        assert_eq!(SLOTS.len(), 8);
        assert_eq!(SLOTS.iter().filter(|s| **s != EMPTY_SLOT).count(), 4);
        for (code, at) in INDEX {
            assert_eq!(
                HASHED.find(code).map(|s| s.code),
                Some(HASHED.specs[*at].code)
            );
        }
        assert_eq!(HASHED.find("b.uno").map(|s| s.code), Some("b.one"));
        for miss in ["", "a", "a.on", "a.one ", "a.three", "c.one"] {
            assert!(HASHED.find(miss).is_none(), "{miss}");
        }

        // Many codes, many collisions in the low bits: every code is found
        // wherever probing put it.
        let codes: Vec<&'static str> = (0..3000)
            .map(|i| &*Box::leak(format!("ns{}.code_{i}", i % 7).into_boxed_str()))
            .collect();
        let mut index: Vec<(&'static str, usize)> =
            codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        index.sort_unstable();
        let index: &'static [(&'static str, usize)] = Box::leak(index.into_boxed_slice());
        let specs: &'static [ProblemSpec] = Box::leak(
            codes
                .iter()
                .map(|c| spec(c, &[]))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        );
        let slots: &'static [u32] = Box::leak(Box::new(Catalog::__slots::<8192>(index)));
        let big = Catalog::__new(specs, &[], index).__with_slots(slots);
        for c in &codes {
            assert_eq!(big.find(c).map(|s| s.code), Some(*c));
        }
        assert!(big.find("ns1.code_1x").is_none());
        // A table without an empty slot does not loop.
        let full = Catalog::__new(specs, &[], index).__with_slots(&[0, 1]);
        assert!(full.find("nowhere").is_none());
    }
}
