//! The compile-time uniqueness check: every code and alias of several
//! catalogs, sorted and compared in const evaluation, so that a duplicate
//! fails the build naming the code. `assert_unique_codes!` and the derive
//! (for a type with `transparent` variants) emit a `const _` that calls
//! these through `::problem_core::__private`.

use crate::catalog::Catalog;

/// The total code count of several catalogs.
#[must_use]
pub const fn code_count(catalogs: &[Catalog]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < catalogs.len() {
        n += catalogs[i].code_count();
        i += 1;
    }
    n
}

/// Every code and alias of `catalogs`, nested ones included, in an array of
/// exactly `N` (the sum of their [`Catalog::code_count`]).
#[doc(hidden)]
#[must_use]
pub const fn collect_codes<const N: usize>(catalogs: &[Catalog]) -> [&'static str; N] {
    let mut out = [""; N];
    let filled = fill(catalogs, &mut out, 0);
    assert!(filled == N, "code count does not match the catalogs");
    out
}

const fn fill(catalogs: &[Catalog], out: &mut [&'static str], mut at: usize) -> usize {
    let mut c = 0;
    while c < catalogs.len() {
        let specs = catalogs[c].own();
        let mut s = 0;
        while s < specs.len() {
            out[at] = specs[s].code;
            at += 1;
            let mut a = 0;
            while a < specs[s].aliases.len() {
                out[at] = specs[s].aliases[a];
                at += 1;
                a += 1;
            }
            s += 1;
        }
        at = fill(catalogs[c].nested(), out, at);
        c += 1;
    }
    at
}

/// Byte-wise string order, usable in const evaluation.
const fn less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

const fn equal(a: &str, b: &str) -> bool {
    !less(a, b) && !less(b, a)
}

/// Heapsort: O(n log n) comparisons, so thousands of codes stay within the
/// compiler's const-evaluation budget.
const fn sort(v: &mut [&'static str]) {
    let n = v.len();
    let mut start = n / 2;
    while start > 0 {
        start -= 1;
        sift_down(v, start, n);
    }
    let mut end = n;
    while end > 1 {
        end -= 1;
        let t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift_down(v, 0, end);
    }
}

const fn sift_down(v: &mut [&'static str], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(v[child], v[child + 1]) {
            child += 1;
        }
        if !less(v[root], v[child]) {
            return;
        }
        let t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

/// The first code that appears twice in `codes`, after sorting them.
#[doc(hidden)]
#[must_use]
pub const fn first_duplicate<const N: usize>(mut codes: [&'static str; N]) -> Option<&'static str> {
    sort(&mut codes);
    let mut i = 1;
    while i < N {
        if equal(codes[i - 1], codes[i]) {
            return Some(codes[i]);
        }
        i += 1;
    }
    None
}

const MSG_CAP: usize = 400;

/// Fails const evaluation, naming the code, when `codes` holds a duplicate.
#[doc(hidden)]
pub const fn assert_unique<const N: usize>(codes: [&'static str; N], what: &'static str) {
    if let Some(dup) = first_duplicate(codes) {
        let mut buf = [0u8; MSG_CAP];
        let mut len = 0;
        len = push(&mut buf, len, "duplicate problem code `");
        len = push(&mut buf, len, dup);
        len = push(&mut buf, len, "`: ");
        len = push(&mut buf, len, what);
        len = push(
            &mut buf,
            len,
            "; rename one of them: every code and alias must be unique",
        );
        let (msg, _) = buf.split_at(len);
        match core::str::from_utf8(msg) {
            Ok(msg) => panic!("{}", msg),
            Err(_) => panic!("duplicate problem code"),
        }
    }
}

/// Appends as much of `s` as fits, on a character boundary.
const fn push(buf: &mut [u8; MSG_CAP], mut len: usize, s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && len < MSG_CAP {
        // Stop before a character that would not fit whole.
        let b = bytes[i];
        let width = if b < 0x80 {
            1
        } else if b >= 0xf0 {
            4
        } else if b >= 0xe0 {
            3
        } else {
            2
        };
        if len + width > MSG_CAP {
            break;
        }
        let mut k = 0;
        while k < width {
            buf[len] = bytes[i + k];
            len += 1;
            k += 1;
        }
        i += width;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::{INNER, OUTER};

    #[test]
    fn codes_of_nested_catalogs_are_collected() {
        const N: usize = code_count(&[OUTER, INNER]);
        assert_eq!(N, 6);
        assert_eq!(
            collect_codes::<N>(&[OUTER, INNER]),
            ["a.one", "a.two", "b.one", "b.uno", "b.one", "b.uno"]
        );
        assert_eq!(
            first_duplicate(collect_codes::<N>(&[OUTER, INNER])),
            Some("b.one")
        );
    }

    #[test]
    fn duplicates_found_after_sorting() {
        const N: usize = OUTER.code_count();
        const CODES: [&str; N] = collect_codes::<N>(&[OUTER]);
        assert_eq!(first_duplicate(CODES), None);
        let mut many: Vec<String> = (0..2000).map(|i| format!("c.{i:05}")).collect();
        many.reverse();
        let leaked: Vec<&'static str> = many
            .into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect();
        let mut arr = [""; 2001];
        arr[..2000].copy_from_slice(&leaked);
        arr[2000] = "c.01234";
        assert_eq!(first_duplicate(arr), Some("c.01234"));
        arr[2000] = "d";
        assert_eq!(first_duplicate(arr), None);
    }
}
