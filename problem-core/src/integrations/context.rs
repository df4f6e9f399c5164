//! [`RequestContext`]: what a framework's layer knows of the request a
//! problem answers, and how it is added to an envelope, to problem details
//! and to a report. The same for axum's `ProblemLayer` and actix-web's
//! `ProblemMiddleware`.

use crate::details::ProblemDetails;
use crate::observe::report::ProblemReport;
use crate::problem::{Envelope, Problem};
use crate::protocol::Context;

/// One request's context, borrowed from the layer's scope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RequestContext<'a> {
    pub(crate) request_id: &'a str,
    /// The request path: the `instance` of a problem that has none.
    pub(crate) instance: &'a str,
    pub(crate) trace_id: Option<&'a str>,
}

impl<'a> RequestContext<'a> {
    /// The envelope with this context (a problem's own `instance` field
    /// still wins when the envelope is written).
    pub(crate) fn envelope<P: ?Sized + Problem>(
        self,
        envelope: Envelope<'a, P>,
    ) -> Envelope<'a, P> {
        let envelope = envelope.instance(self.instance).request_id(self.request_id);
        match self.trace_id {
            Some(trace_id) => envelope.trace_id(trace_id),
            None => envelope,
        }
    }

    /// The members this context adds to an envelope, as its sinks and the
    /// `problem` event take them.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn members(self) -> Context<'a> {
        Context {
            instance: Some(self.instance),
            request_id: Some(self.request_id),
            trace_id: self.trace_id,
        }
    }

    /// Fills the members the details lack.
    pub(crate) fn fill(self, details: &mut ProblemDetails) {
        for (slot, value) in [
            (&mut details.instance, Some(self.instance)),
            (&mut details.request_id, Some(self.request_id)),
            (&mut details.trace_id, self.trace_id),
        ] {
            if slot.is_none() {
                *slot = value.map(str::to_owned);
            }
        }
    }

    /// Sets what the report does not know yet.
    pub(crate) fn report(self, report: &mut ProblemReport) {
        if report.request_id.is_none() {
            report.request_id = Some(self.request_id.to_owned());
        }
        if report.trace_id.is_none() {
            report.trace_id = self.trace_id.map(str::to_owned);
        }
        if report.instance.is_none() {
            report.instance = Some(self.instance.to_owned());
        }
    }

    /// Whether the report lacks what this context would add.
    #[cfg_attr(not(feature = "actix-web"), allow(dead_code))]
    pub(crate) fn adds_to(self, report: &ProblemReport) -> bool {
        report.request_id.is_none()
            || report.instance.is_none()
            || (report.trace_id.is_none() && self.trace_id.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrations::request::RequestProblem;

    const CX: RequestContext<'static> = RequestContext {
        request_id: "req-1",
        instance: "/a",
        trace_id: Some("t"),
    };

    #[test]
    fn fills_what_is_missing_only() {
        let mut details = ProblemDetails {
            instance: Some("/own".into()),
            ..ProblemDetails::default()
        };
        CX.fill(&mut details);
        assert_eq!(details.instance.as_deref(), Some("/own"));
        assert_eq!(details.request_id.as_deref(), Some("req-1"));
        assert_eq!(details.trace_id.as_deref(), Some("t"));

        let problem = RequestProblem::BodyTooLarge;
        let json = String::from_utf8(CX.envelope(Envelope::new(&problem)).to_vec()).unwrap();
        assert!(
            json.ends_with(r#""instance":"/a","code":"validation.body_too_large","request_id":"req-1","trace_id":"t"}"#),
            "{json}"
        );

        let mut report = ProblemReport::of(&problem);
        assert!(CX.adds_to(&report));
        CX.report(&mut report);
        assert!(!CX.adds_to(&report));
        assert_eq!(report.request_id.as_deref(), Some("req-1"));
    }
}
