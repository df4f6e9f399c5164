//! The serde sink: writes an envelope's members into a `serde` map, for
//! `Envelope`'s `Serialize` implementation (any serde format, the same
//! bytes as the JSON sink with `serde_json`).
//!
//! A serde map cannot take back a key, and the wrapped and flat shapes nest
//! some members in objects of their own, so an envelope is serialized in
//! [`Part`]s: each pass over the occurrence's members writes those of one
//! object.

use core::cell::Cell;
use core::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::details::FieldError;
use crate::protocol::{Context, EnvelopeShape, Head, Sink};
use crate::translate::Translate;

/// Which members a [`SerdeSink`] pass writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Every member, RFC 9457.
    Whole,
    /// The wrapped and flat shapes' own members: `code`, `message`,
    /// `retryable` (wrapped), `request_id`, `trace_id`.
    Header,
    /// What goes into `details`.
    Details,
}

/// What the header part has yet to write: the message, when the occurrence
/// has no detail, and `retryable`.
#[derive(Clone, Copy)]
struct Pending<'t> {
    title: &'t str,
    retryable: bool,
}

/// Serializes one part of an envelope's members into a serde map.
pub(crate) struct SerdeSink<'c, M> {
    map: M,
    ctx: &'c Context<'c>,
    tr: Option<Translate<'c>>,
    shape: EnvelopeShape,
    part: Part,
    /// The head's code, for a translated detail.
    code: &'static str,
    /// Header part: set by `head`, taken when the message is written.
    pending: Option<Pending<'c>>,
}

impl<'c, M: SerializeMap> SerdeSink<'c, M> {
    pub(crate) fn new(
        map: M,
        ctx: &'c Context<'c>,
        tr: Option<Translate<'c>>,
        shape: EnvelopeShape,
        part: Part,
    ) -> Self {
        SerdeSink {
            map,
            ctx,
            tr,
            shape,
            part,
            code: "",
            pending: None,
        }
    }

    /// Ends the pass: the map, with the header part's message written.
    pub(crate) fn finish(mut self) -> Result<M, M::Error> {
        self.message()?;
        Ok(self.map)
    }

    /// Header part: the title as the message when no detail came, then the
    /// members that follow it.
    fn message(&mut self) -> Result<(), M::Error> {
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        self.map.serialize_entry("message", pending.title)?;
        self.after_message(pending.retryable)
    }

    fn after_message(&mut self, retryable: bool) -> Result<(), M::Error> {
        if self.shape == EnvelopeShape::Wrapped {
            self.map.serialize_entry("retryable", &retryable)?;
        }
        self.ids()
    }

    fn ids(&mut self) -> Result<(), M::Error> {
        if let Some(id) = self.ctx.request_id {
            self.map.serialize_entry("request_id", id)?;
        }
        if let Some(id) = self.ctx.trace_id {
            self.map.serialize_entry("trace_id", id)?;
        }
        Ok(())
    }

    /// Whether a member of the RFC 9457 body (after `code`) is written in this pass.
    fn writes_members(&self) -> bool {
        matches!(self.part, Part::Whole | Part::Details)
    }
}

/// How many bytes of a detail are formatted on the stack.
const INLINE: usize = 128;

/// A detail formatted once, before its key is written (a serde map cannot
/// take a key back, and `serde_json`'s `collect_str` panics on a `Display`
/// that fails): on the stack up to [`INLINE`] bytes, so that the usual
/// detail costs no allocation, in a `String` beyond.
struct DetailText {
    inline: [u8; INLINE],
    len: usize,
    spilled: String,
}

impl DetailText {
    /// The detail's text, or `None` when formatting it fails.
    fn format(detail: fmt::Arguments<'_>) -> Option<DetailText> {
        let mut text = DetailText {
            inline: [0; INLINE],
            len: 0,
            spilled: String::new(),
        };
        fmt::write(&mut text, detail).ok().map(|()| text)
    }

    fn as_str(&self) -> &str {
        if self.spilled.is_empty() {
            // Whole `&str` pieces, copied end to end: valid UTF-8.
            core::str::from_utf8(&self.inline[..self.len]).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

impl fmt::Write for DetailText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if self.spilled.is_empty() && end <= INLINE {
            self.inline[self.len..end].copy_from_slice(s.as_bytes());
            self.len = end;
        } else {
            if self.spilled.is_empty() {
                let inline = self.as_str().to_owned();
                self.spilled = inline;
            }
            self.spilled.push_str(s);
        }
        Ok(())
    }
}

/// Serializes an iterator of field errors once, as a sequence.
struct Seq<I>(Cell<Option<I>>);

impl<'e, I: Iterator<Item = &'e FieldError>> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(iter) => serializer.collect_seq(iter),
            None => serializer.collect_seq(core::iter::empty::<&FieldError>()),
        }
    }
}

impl<'c, M: SerializeMap> Sink for SerdeSink<'c, M> {
    type Error = M::Error;

    fn head(&mut self, head: &Head, status: u16, retryable: bool) -> Result<(), Self::Error> {
        let title = self
            .tr
            .and_then(|t| t.title(head.code))
            .unwrap_or(head.title);
        self.code = head.code;
        match self.part {
            Part::Whole => {
                self.map.serialize_entry("type", head.type_uri)?;
                self.map.serialize_entry("title", title)?;
                self.map.serialize_entry("status", &status)
            }
            Part::Header => {
                self.map.serialize_entry("code", head.code)?;
                self.pending = Some(Pending { title, retryable });
                Ok(())
            }
            Part::Details => Ok(()),
        }
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error> {
        let key = match self.part {
            Part::Whole => "detail",
            Part::Header => "message",
            Part::Details => return Ok(()),
        };
        // A detail that cannot be formatted is left out (the header part's
        // message is then the title).
        match self.tr.and_then(|t| t.detail(self.code)) {
            Some(Ok(text)) => self.map.serialize_entry(key, &text)?,
            Some(Err(fmt::Error)) => return Ok(()),
            None => match detail.as_str() {
                Some(text) => self.map.serialize_entry(key, text)?,
                None => match DetailText::format(detail) {
                    Some(text) => self.map.serialize_entry(key, text.as_str())?,
                    None => return Ok(()),
                },
            },
        }
        if let Some(pending) = self.pending.take() {
            self.after_message(pending.retryable)?;
        }
        Ok(())
    }

    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error> {
        match self.part {
            Part::Whole => match instance.or(self.ctx.instance) {
                Some(instance) => self.map.serialize_entry("instance", instance),
                None => Ok(()),
            },
            Part::Header => self.message(),
            Part::Details => match instance {
                Some(instance) => self.map.serialize_entry("instance", instance),
                None => Ok(()),
            },
        }
    }

    fn code(&mut self, head: &Head) -> Result<(), Self::Error> {
        if self.part == Part::Whole {
            self.map.serialize_entry("code", head.code)?;
            self.ids()?;
        }
        Ok(())
    }

    fn extension<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        _json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        if self.writes_members() {
            self.map.serialize_entry(name, value)?;
        }
        Ok(())
    }

    fn retry_after(&mut self, secs: u64) -> Result<(), Self::Error> {
        if self.writes_members() {
            self.map.serialize_entry("retry_after", &secs)?;
        }
        Ok(())
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Self::Error> {
        if !self.writes_members() {
            return Ok(());
        }
        let mut iter = errors.into_iter().peekable();
        if iter.peek().is_none() {
            return Ok(());
        }
        self.map
            .serialize_entry("errors", &Seq(Cell::new(Some(iter))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_text_on_the_stack_then_the_heap() {
        let short = DetailText::format(format_args!("scan {} of {}", 42, "é")).unwrap();
        assert_eq!(
            (short.as_str(), short.spilled.is_empty()),
            ("scan 42 of é", true)
        );
        let piece = "ü".repeat(100);
        let long = DetailText::format(format_args!("{piece}/{piece}/{}", 7)).unwrap();
        assert_eq!(long.as_str(), format!("{piece}/{piece}/7"));
        assert!(!long.spilled.is_empty());

        struct Fails;
        impl fmt::Display for Fails {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("partial")?;
                Err(fmt::Error)
            }
        }
        assert!(DetailText::format(format_args!("a {Fails}")).is_none());
    }
}
