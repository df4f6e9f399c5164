//! The JSON sink: writes an envelope as JSON bytes, in any shape, the fast
//! path behind `to_vec` (the same bytes as serializing the envelope with
//! `serde_json`).
//!
//! The derive pre-renders each variant's constant members as escaped JSON
//! text at compile time (the [`Head`]'s `json_*` fields); this sink appends
//! them, escapes the dynamic members as it writes them (the detail is
//! formatted straight into the buffer, with no intermediate `String`, unless
//! the logs' probe formatted it already) and
//! hands extension values to `serde_json`.

use core::fmt;

use serde::Serialize;

use crate::details::FieldError;
use crate::escape::{args_into, string_into, u64_into};
use crate::protocol::{Context, EnvelopeShape, Head, Sink};
use crate::translate::Translate;

/// Writes an envelope as JSON into a byte buffer, in any [`EnvelopeShape`].
///
/// Members arrive in RFC 9457 order; the wrapped and flat shapes reorder
/// them on the way: `code` is written with the head, the `message` (the
/// detail, or the title when no detail comes) before `instance`, and every
/// member after `code` goes into the `details` object, opened by the first.
/// The RFC 9457 shape, the common one, has a path of its own through
/// [`Sink::start`].
pub(crate) struct JsonSink<'a, 'c> {
    out: &'a mut Vec<u8>,
    ctx: &'c Context<'c>,
    tr: Option<Translate<'c>>,
    shape: EnvelopeShape,
    /// The head's code, for a translated detail (set only when localized).
    code: &'static str,
    /// Wrapped and flat: the message when no detail comes, the title
    /// (`title`, or translated), or pre-rendered as `,"message":"…"`
    /// (`title_message`, empty when it is not).
    title: &'c str,
    title_message: &'static str,
    retryable: bool,
    /// Wrapped and flat: whether the message is written.
    message: bool,
    /// Wrapped and flat: whether `"details":{` is open.
    details_open: bool,
    /// The detail, formatted already: written in place of the one that
    /// comes (the same text), unless a translation replaces it.
    formatted_detail: Option<&'c str>,
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
            title_message: "",
            retryable: false,
            message: false,
            details_open: false,
            formatted_detail: None,
        }
    }

    /// The sink, writing `detail` (the problem's detail, formatted already)
    /// when a detail comes, rather than formatting it again.
    pub(crate) fn formatted_detail(mut self, detail: Option<&'c str>) -> Self {
        self.formatted_detail = detail;
        self
    }

    /// Closes the envelope.
    pub(crate) fn finish(mut self) {
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

    /// RFC 9457: `,"instance":…`, the problem's own or the context's.
    #[inline]
    fn rfc_instance(&mut self, instance: Option<&str>) {
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
        if self.title_message.is_empty() {
            self.out.extend_from_slice(b",\"message\":");
            string_into(self.out, self.title);
        } else {
            self.out.extend_from_slice(self.title_message.as_bytes());
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

    /// `request_id` and `trace_id` from the context.
    #[inline]
    fn ids(&mut self) {
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
        if let Some(text) = self.formatted_detail {
            string_into(self.out, text);
            return true;
        }
        self.out.push(b'"');
        if args_into(self.out, detail).is_err() {
            self.out.truncate(mark);
            return false;
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
        self.title_message = match (title, pre) {
            (None, Some((_, message))) => message,
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
        _name: &'static str,
        json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        // Before the mark: a message still to write is not part of this member.
        if self.shape != EnvelopeShape::Rfc9457 {
            self.message();
        }
        let (mark, was_open) = (self.out.len(), self.details_open);
        self.key(json_key);
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
