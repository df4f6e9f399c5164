//! The details sink: builds the owned [`ProblemDetails`] of an occurrence
//! (`to_details`), its RFC 9457 members whatever the type's shape.

use core::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::details::{FieldError, ProblemDetails};
use crate::protocol::{Context, Head, Sink, format_detail};
use crate::translate::Translate;

/// Builds [`ProblemDetails`] from a problem's members.
pub(crate) struct DetailsSink<'c> {
    details: ProblemDetails,
    ctx: &'c Context<'c>,
    tr: Option<Translate<'c>>,
    /// The head's code, for a translated detail.
    code: &'static str,
}

impl<'c> DetailsSink<'c> {
    pub(crate) fn new(ctx: &'c Context<'c>, tr: Option<Translate<'c>>) -> Self {
        DetailsSink {
            details: ProblemDetails::default(),
            ctx,
            tr,
            code: "",
        }
    }

    /// The details built.
    pub(crate) fn finish(self) -> ProblemDetails {
        self.details
    }
}

impl Sink for DetailsSink<'_> {
    type Error = core::convert::Infallible;

    fn head(&mut self, head: &Head, status: u16, _retryable: bool) -> Result<(), Self::Error> {
        let title = self.tr.and_then(|t| t.title(head.code));
        self.code = head.code;
        head.type_uri.clone_into(&mut self.details.type_uri);
        self.details.title = Some(title.unwrap_or(head.title).to_owned());
        self.details.status = Some(status);
        Ok(())
    }

    fn detail(&mut self, detail: fmt::Arguments<'_>) -> Result<(), Self::Error> {
        self.details.detail = match self.tr.and_then(|t| t.detail(self.code)) {
            Some(translated) => translated.ok(),
            None => format_detail(detail),
        };
        Ok(())
    }

    fn instance(&mut self, instance: Option<&str>) -> Result<(), Self::Error> {
        self.details.instance = instance.or(self.ctx.instance).map(str::to_owned);
        Ok(())
    }

    fn code(&mut self, head: &Head) -> Result<(), Self::Error> {
        self.details.code = Some(head.code.to_owned());
        self.details.request_id = self.ctx.request_id.map(str::to_owned);
        self.details.trace_id = self.ctx.trace_id.map(str::to_owned);
        Ok(())
    }

    fn extension<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        _json_key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        // A value that cannot be serialized is left out, as the fast writer does.
        if let Ok(value) = serde_json::to_value(value) {
            self.details.extensions.insert(name.to_owned(), value);
        }
        Ok(())
    }

    fn retry_after(&mut self, secs: u64) -> Result<(), Self::Error> {
        self.details
            .extensions
            .insert("retry_after".to_owned(), Value::from(secs));
        Ok(())
    }

    fn errors<'e, I: IntoIterator<Item = &'e FieldError>>(
        &mut self,
        errors: I,
    ) -> Result<(), Self::Error> {
        self.details.errors = errors.into_iter().cloned().collect();
        Ok(())
    }
}
