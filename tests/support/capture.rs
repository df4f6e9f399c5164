//! Captures `tracing` events with a real subscriber (tracing-subscriber's
//! registry and a recording layer), installed once for the whole test binary
//! as the global default, so that servers on other threads are seen too.
//! Tests tell their events apart by a request id or detail of their own.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One recorded event.
#[derive(Clone, Debug)]
pub struct Captured {
    pub target: String,
    pub level: Level,
    /// Every field, as text (`message` included).
    pub fields: BTreeMap<String, String>,
    /// The names of the spans the event is inside, innermost first.
    pub spans: Vec<String>,
}

impl Captured {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

static EVENTS: Mutex<Vec<Captured>> = Mutex::new(Vec::new());

/// Installs the recording subscriber (once).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::registry().with(Recorder);
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
    });
}

/// The events with target `problem` whose `field` is `value`.
pub fn problems_where(field: &str, value: &str) -> Vec<Captured> {
    EVENTS
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.target == "problem" && e.field(field) == Some(value))
        .cloned()
        .collect()
}

/// How many events with target `problem` have each value of `field`.
pub fn problem_counts_by(field: &str) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for event in EVENTS.lock().unwrap().iter() {
        if let (true, Some(value)) = (event.target == "problem", event.field(field)) {
            *counts.entry(value.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// Every event whose fields mention `text` anywhere.
pub fn events_mentioning(text: &str) -> Vec<Captured> {
    EVENTS
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e.fields.values().any(|v| v.contains(text)))
        .cloned()
        .collect()
}

struct Recorder;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields(BTreeMap::new());
        event.record(&mut fields);
        let spans = ctx
            .event_scope(event)
            .map(|scope| scope.map(|span| span.name().to_owned()).collect())
            .unwrap_or_default();
        EVENTS.lock().unwrap().push(Captured {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields: fields.0,
            spans,
        });
    }
}

struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}
