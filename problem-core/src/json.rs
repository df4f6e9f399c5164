//! The fast writer: envelopes written straight into a byte buffer.
//!
//! The derive pre-renders each variant's constant members (`type`, `title`,
//! `code`) as escaped JSON text at compile time; this module appends them,
//! escapes the dynamic members (the detail is formatted straight into the
//! buffer, with no intermediate `String`) and hands extension values to
//! `serde_json`. The output is byte-identical to serializing the
//! [`Envelope`](crate::Envelope) with `serde_json`.

use core::fmt;

use serde::Serialize;

use crate::details::FieldError;
use crate::i18n::Translate;
use crate::problem::{Context, EnvelopeShape, Head, Sink};

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

/// Writes an envelope as JSON into a byte buffer, in any [`EnvelopeShape`].
///
/// Members arrive in RFC 9457 order; the wrapped and flat shapes reorder
/// them on the way: `code` is written with the head, the `message` (the
/// detail, or the title when no detail comes) before `instance`, and every
/// member after `code` goes into the `details` object, opened by the first.
/// The RFC 9457 shape, the common one, has a path of its own through
/// [`Sink::start`].
pub(crate) struct JsonSink<'a, 'c> {
    pub(crate) out: &'a mut Vec<u8>,
    ctx: &'c Context<'c>,
    tr: Option<Translate<'c>>,
    shape: EnvelopeShape,
    /// The head's code, for a translated detail (set only when localized).
    code: &'static str,
    /// Wrapped and flat: the message when no detail comes, as the title
    /// (`title`, or translated), or pre-rendered as `,"message":"…"` (`next`).
    title: &'c str,
    next: &'static str,
    retryable: bool,
    /// Wrapped and flat: whether the message is written.
    message: bool,
    /// Wrapped and flat: whether `"details":{` is open.
    details_open: bool,
    /// Where `,"instance":…` from the context goes when the problem has no
    /// instance of its own (RFC 9457 only).
    pub(crate) instance_at: Option<usize>,
    /// Where `,"request_id":…,"trace_id":…` from the context go.
    pub(crate) context_at: usize,
}

impl<'a, 'c> JsonSink<'a, 'c> {
    pub(crate) fn new(
        out: &'a mut Vec<u8>,
        ctx: &'c Context<'c>,
        shape: EnvelopeShape,
        tr: Option<Translate<'c>>,
    ) -> Self {
        JsonSink {
            out,
            ctx,
            tr,
            shape,
            code: "",
            title: "",
            next: "",
            retryable: false,
            message: false,
            details_open: false,
            instance_at: None,
            context_at: 0,
        }
    }

    /// Closes the envelope.
    pub(crate) fn finish(&mut self) {
        match self.shape {
            EnvelopeShape::Rfc9457 => self.out.push(b'}'),
            EnvelopeShape::Wrapped => {
                self.message();
                if self.details_open {
                    self.out.extend_from_slice(b"}}}");
                } else {
                    self.out.extend_from_slice(b",\"details\":{}}}");
                }
            }
            EnvelopeShape::Flat => {
                self.message();
                if self.details_open {
                    self.out.push(b'}');
                }
                self.out.push(b'}');
            }
        }
    }

    /// RFC 9457: `{"type":…,"title":…,"status":N`.
    #[inline]
    fn rfc_open(&mut self, head: &Head, status: u16) {
        let title = match self.tr {
            Some(tr) => {
                self.code = head.code;
                tr.title(head.code)
            }
            None => None,
        };
        match (title, head.json_for(EnvelopeShape::Rfc9457)) {
            (None, Some((open, _))) => self.out.extend_from_slice(open.as_bytes()),
            (title, _) => {
                self.out.extend_from_slice(b"{\"type\":");
                string_into(self.out, head.type_uri);
                self.out.extend_from_slice(b",\"title\":");
                string_into(self.out, title.unwrap_or(head.title));
                self.out.extend_from_slice(b",\"status\":");
            }
        }
        u64_into(self.out, u64::from(status));
    }

    /// RFC 9457: `,"instance":…`, noting where a context's instance goes.
    #[inline]
    fn rfc_instance(&mut self, instance: Option<&str>) {
        self.instance_at = instance.is_none().then_some(self.out.len());
        if let Some(instance) = instance.or(self.ctx.instance) {
            self.out.extend_from_slice(b",\"instance\":");
            string_into(self.out, instance);
        }
    }

    /// RFC 9457: `,"code":…` and the context's ids.
    #[inline]
    fn rfc_code(&mut self, head: &Head) {
        match head.json_for(EnvelopeShape::Rfc9457) {
            Some((_, code)) => self.out.extend_from_slice(code.as_bytes()),
            None => {
                self.out.extend_from_slice(b",\"code\":");
                string_into(self.out, head.code);
            }
        }
        self.ids();
    }

    /// Wrapped and flat: the title as the message when no detail came, then
    /// `retryable` (wrapped) and the context's ids.
    fn message(&mut self) {
        if self.message {
            return;
        }
        self.message = true;
        if self.next.is_empty() {
            self.out.extend_from_slice(b",\"message\":");
            string_into(self.out, self.title);
        } else {
            self.out.extend_from_slice(self.next.as_bytes());
        }
        self.after_message();
    }

    fn after_message(&mut self) {
        if self.shape == EnvelopeShape::Wrapped {
            self.out.extend_from_slice(if self.retryable {
                b",\"retryable\":true"
            } else {
                b",\"retryable\":false"
            });
        }
        self.ids();
    }

    /// `request_id` and `trace_id` from the context, and where they go.
    #[inline]
    fn ids(&mut self) {
        self.context_at = self.out.len();
        if let Some(id) = self.ctx.request_id {
            self.out.extend_from_slice(b",\"request_id\":");
            string_into(self.out, id);
        }
        if let Some(id) = self.ctx.trace_id {
            self.out.extend_from_slice(b",\"trace_id\":");
            string_into(self.out, id);
        }
    }

    /// Starts a member after `code`: a comma at the top level (RFC 9457)
    /// or in `details`, or the opening of `details` for its first member.
    #[inline]
    fn open_member(&mut self) {
        if self.shape == EnvelopeShape::Rfc9457 || self.details_open {
            self.out.push(b',');
        } else {
            self.message();
            self.details_open = true;
            self.out.extend_from_slice(b",\"details\":{");
        }
    }

    /// Writes the pre-rendered key of a member after `code`, given as `,"key":`.
    #[inline]
    fn key(&mut self, key: &str) {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.out.extend_from_slice(key.as_bytes());
        } else {
            self.open_member();
            self.out
                .extend_from_slice(key.as_bytes().get(1..).unwrap_or_default());
        }
    }

    /// As [`key`](Self::key), for a name that is not pre-rendered.
    fn key_of(&mut self, name: &str) {
        self.open_member();
        string_into(self.out, name);
        self.out.push(b':');
    }

    /// Writes `key` (`,"detail":` or `,"message":`) and the detail as a JSON
    /// string; whether it did. A detail whose formatting fails (a field's
    /// `Display` returned `Err`) is left out whole, key included.
    #[inline]
    fn detail_member(&mut self, key: &[u8], detail: fmt::Arguments<'_>) -> bool {
        let mark = self.out.len();
        self.out.extend_from_slice(key);
        if let Some(tr) = self.tr
            && let Some(translated) = tr.detail(self.code)
        {
            return match translated {
                Ok(text) => {
                    string_into(self.out, &text);
                    true
                }
                Err(fmt::Error) => {
                    self.out.truncate(mark);
                    false
                }
            };
        }
        self.out.push(b'"');
        if let Some(s) = detail.as_str() {
            escape_into(self.out, s);
        } else {
            // Writing into a Vec cannot fail: an error is the detail's.
            let start = self.out.len();
            if fmt::write(&mut Raw(self.out), detail).is_err() {
                self.out.truncate(mark);
                return false;
            }
            escape_in_place(self.out, start);
        }
        self.out.push(b'"');
        true
    }
}

impl Sink for JsonSink<'_, '_> {
    type Error = core::convert::Infallible;

    #[inline]
    fn start(
        &mut self,
        head: &Head,
        status: u16,
        retryable: bool,
        detail: Option<fmt::Arguments<'_>>,
        instance: Option<&str>,
    ) -> Result<(), Self::Error> {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.rfc_open(head, status);
            if let Some(detail) = detail {
                self.detail_member(b",\"detail\":", detail);
            }
            self.rfc_instance(instance);
            self.rfc_code(head);
            return Ok(());
        }
        self.head(head, status, retryable)?;
        if let Some(detail) = detail {
            self.detail(detail)?;
        }
        self.instance(instance)
    }

    fn head(&mut self, head: &Head, status: u16, retryable: bool) -> Result<(), Self::Error> {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.rfc_open(head, status);
            return Ok(());
        }
        self.code = head.code;
        self.retryable = retryable;
        let title = self.tr.and_then(|t| t.title(head.code));
        let pre = head.json_for(self.shape);
        self.title = title.unwrap_or(head.title);
        // A translated title is not the pre-rendered one.
        self.next = match (title, pre) {
            (None, Some((_, next))) => next,
            _ => "",
        };
        if let Some((open, _)) = pre {
            self.out.extend_from_slice(open.as_bytes());
        } else {
            self.out
                .extend_from_slice(if self.shape == EnvelopeShape::Wrapped {
                    b"{\"schema_version\":1,\"error\":{\"code\":"
                } else {
                    b"{\"code\":"
                });
            string_into(self.out, head.code);
        }
        Ok(())
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error> {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.detail_member(b",\"detail\":", detail);
        } else if !self.message && self.detail_member(b",\"message\":", detail) {
            // Without a detail, the title is the message, written later.
            self.message = true;
            self.after_message();
        }
        Ok(())
    }

    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error> {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.rfc_instance(instance);
        } else {
            self.message();
            if let Some(instance) = instance {
                self.key(",\"instance\":");
                string_into(self.out, instance);
            }
        }
        Ok(())
    }

    fn code(&mut self, head: &Head) -> Result<(), Self::Error> {
        if self.shape == EnvelopeShape::Rfc9457 {
            self.rfc_code(head);
        }
        Ok(())
    }

    #[inline]
    fn extension<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        // Before the mark: a message still to write is not part of this member.
        if self.shape != EnvelopeShape::Rfc9457 {
            self.message();
        }
        let (mark, was_open) = (self.out.len(), self.details_open);
        if json_key.is_empty() {
            self.key_of(name);
        } else {
            self.key(json_key);
        }
        if serde_json::to_writer(&mut *self.out, value).is_err() {
            // A value that cannot be serialized is left out whole.
            self.out.truncate(mark);
            self.details_open = was_open;
        }
        Ok(())
    }

    #[inline]
    fn retry_after(&mut self, secs: u64) -> Result<(), Self::Error> {
        self.key(",\"retry_after\":");
        u64_into(self.out, secs);
        Ok(())
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Self::Error> {
        let mut first = true;
        for e in errors {
            if first {
                self.key(",\"errors\":");
                self.out.extend_from_slice(b"[{\"path\":");
            } else {
                self.out.extend_from_slice(b",{\"path\":");
            }
            first = false;
            string_into(self.out, &e.path);
            self.out.extend_from_slice(b",\"code\":");
            string_into(self.out, &e.code);
            if let Some(detail) = &e.detail {
                self.out.extend_from_slice(b",\"detail\":");
                string_into(self.out, detail);
            }
            self.out.push(b'}');
        }
        if !first {
            self.out.push(b']');
        }
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
