//! JSON text as `serde_json` writes it, straight into a byte buffer: string
//! bodies escaped exactly as `serde_json` escapes them (eight bytes checked
//! at a time), formatted text escaped in place, and unsigned integers. The
//! JSON sink writes envelopes with these.

use core::fmt;

/// Whether `serde_json` escapes this byte: `"`, `\` and the control
/// characters below 0x20 (not DEL, `/`, or U+2028/U+2029).
#[inline]
const fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes packed in `x` needs escaping (SWAR: the
/// high bit of a byte of `v - ONES & !v` is set for the first zero byte of
/// `v`, and of `x - 0x20.. & !x` for the first byte below 0x20). Exact for
/// "any": a chunk it calls clean has no byte to escape.
#[inline]
const fn chunk_needs_escape(x: u64) -> bool {
    let control = x.wrapping_sub(ONES * 0x20) & !x;
    let quote = x ^ (ONES * b'"' as u64);
    let backslash = x ^ (ONES * b'\\' as u64);
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS != 0
}

/// The escape sequence of a byte for which [`needs_escape`] holds, in the
/// first `len` bytes of the array.
fn escape_seq(b: u8) -> ([u8; 6], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let unicode = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ];
            return (unicode, 6);
        }
    };
    ([b'\\', short, 0, 0, 0, 0], 2)
}

/// Appends the escape sequence of a byte for which [`needs_escape`] holds.
#[cold]
fn escape_byte(out: &mut Vec<u8>, b: u8) {
    let (seq, len) = escape_seq(b);
    out.extend_from_slice(&seq[..len]);
}

/// The position of the first byte of `bytes` that needs escaping.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if chunk_needs_escape(u64::from_le_bytes(word)) {
            return chunk.iter().position(|&b| needs_escape(b)).map(|p| at + p);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| needs_escape(b))
        .map(|p| at + p)
}

/// Escapes `out[start..]` in place, to what [`escape_into`] would have
/// appended. JSON escaping maps each byte on its own, so escaping what a
/// formatter wrote piece by piece equals escaping the whole once. The usual
/// text has nothing to escape and costs one scan; otherwise the tail is
/// widened from its end, growing `out` and nothing else.
fn escape_in_place(out: &mut Vec<u8>, start: usize) {
    let Some(first) = first_to_escape(&out[start..]).map(|p| start + p) else {
        return;
    };
    let extra: usize = out[first..]
        .iter()
        .filter(|&&b| needs_escape(b))
        .map(|&b| escape_seq(b).1 - 1)
        .sum();
    let mut read = out.len();
    let mut write = read + extra;
    out.resize(write, 0);
    while read > first {
        read -= 1;
        let b = out[read];
        if needs_escape(b) {
            let (seq, len) = escape_seq(b);
            write -= len;
            out[write..write + len].copy_from_slice(&seq[..len]);
        } else {
            write -= 1;
            out[write] = b;
        }
    }
}

/// Appends `s` to `out` as the body of a JSON string, escaped exactly as
/// `serde_json` escapes. Clean runs are copied whole; eight bytes are
/// checked at a time.
pub(crate) fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if chunk_needs_escape(u64::from_le_bytes(word)) {
            for (j, &b) in chunk.iter().enumerate() {
                if needs_escape(b) {
                    out.extend_from_slice(&bytes[start..i + j]);
                    escape_byte(out, b);
                    start = i + j + 1;
                }
            }
        }
        i += 8;
    }
    for (j, &b) in chunks.remainder().iter().enumerate() {
        if needs_escape(b) {
            out.extend_from_slice(&bytes[start..i + j]);
            escape_byte(out, b);
            start = i + j + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Appends `s` as a quoted JSON string.
pub(crate) fn string_into(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// Appends an unsigned integer in decimal.
pub(crate) fn u64_into(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        // `n % 10` is below 10, so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        {
            buf[i] = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends formatted text to `out` as the body of a JSON string, escaped as
/// [`escape_into`] escapes. The text is formatted straight into `out`, with
/// no intermediate `String`, then escaped in place.
///
/// # Errors
///
/// The formatting's error (a `Display` that returned `Err`); `out` then holds
/// what was written before it, for the caller to truncate.
pub(crate) fn args_into(out: &mut Vec<u8>, args: fmt::Arguments<'_>) -> fmt::Result {
    if let Some(s) = args.as_str() {
        escape_into(out, s);
        return Ok(());
    }
    let start = out.len();
    // Writing into a `Vec` cannot fail: an error is the formatting's.
    fmt::write(&mut Raw(out), args)?;
    escape_in_place(out, start);
    Ok(())
}

/// A `fmt::Write` that appends what it is given as it is; the caller
/// escapes the result with [`escape_in_place`].
struct Raw<'a>(&'a mut Vec<u8>);

impl fmt::Write for Raw<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_serde_json() {
        let mut all = String::new();
        for c in (0u32..0x300).filter_map(char::from_u32) {
            all.push(c);
        }
        all.push_str("\u{2028}\u{2029}\u{fffd}😀\"\\/");
        let mut out = Vec::new();
        string_into(&mut out, &all);
        assert_eq!(out, serde_json::to_vec(&all).unwrap());
    }

    #[test]
    fn escaping_at_every_offset_of_a_chunk() {
        // Every byte value that can start or continue a character, at every
        // position of strings spanning zero to three 8-byte chunks.
        let specials = [
            '"', '\\', '\n', '\u{0}', '\u{1f}', ' ', '!', '#', '[', ']', '\u{7f}', 'é', '😀',
        ];
        for len in 0..24 {
            for at in 0..len {
                for c in specials {
                    let mut s: String = "a".repeat(at);
                    s.push(c);
                    s.push_str(&"b".repeat(len - at - 1));
                    let mut out = Vec::new();
                    string_into(&mut out, &s);
                    assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
        // Bytes next to the special ones in value, which a SWAR check could
        // confuse with them (0x21 `!`, 0x5b `[`, 0x5d `]`, 0x20 space).
        let near: String = (0x18u8..0x60).map(char::from).collect();
        let mut out = Vec::new();
        string_into(&mut out, &near.repeat(3));
        assert_eq!(out, serde_json::to_vec(&near.repeat(3)).unwrap());
    }

    #[test]
    fn escaping_in_place_matches_escaping_while_writing() {
        let specials = [
            "",
            "plain",
            "\"",
            "\\",
            "\n\t\r\u{8}\u{c}",
            "\u{0}\u{1f}",
            "é😀\u{2028}",
            "\u{7f}/",
        ];
        for prefix in ["", "{\"detail\":\""] {
            for a in specials {
                for b in specials {
                    for c in ["", "0123456789abcdef", "q\"uo\\te"] {
                        let whole = format!("{a}{c}{b}{a}");
                        let mut expected = prefix.as_bytes().to_vec();
                        escape_into(&mut expected, &whole);
                        let mut out = prefix.as_bytes().to_vec();
                        fmt::write(&mut Raw(&mut out), format_args!("{a}{c}{b}{a}")).unwrap();
                        escape_in_place(&mut out, prefix.len());
                        assert_eq!(out, expected, "{whole:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn integers_match_serde_json() {
        for n in [0, 1, 9, 10, 99, 404, 65_535, u64::MAX] {
            let mut out = Vec::new();
            u64_into(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }
}
