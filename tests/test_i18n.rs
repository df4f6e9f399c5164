//! Localised titles and details: `Envelope::localized`, `Translations`, a
//! hand-written `Localizer`, `negotiate`, and an axum service answering in
//! the caller's language over a socket.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use problem_core::i18n::{Localizer, Translations, negotiate};
use problem_core::{FromProblem, Problem, ProblemDetails, RequestProblem};
use serde_json::json;

#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

use http1::get as GET;

#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
    #[problem(code = "scans.named", status = 409, detail = "scan {1:?} ({0}) exists")]
    Named(u8, #[problem(extension)] String),
    #[problem(code = "scans.quiet", status = 400, title = "Quiet")]
    Quiet,
    #[problem(
        code = "scans.crashed",
        status = 500,
        detail = "worker {worker} crashed"
    )]
    Crashed {
        #[problem(extension)]
        worker: String,
    },
    #[problem(
        code = "scans.upstream",
        status = 502,
        detail = "upstream {host} failed"
    )]
    Upstream {
        #[problem(status)]
        status: u16,
        #[problem(extension)]
        host: String,
    },
    #[problem(transparent)]
    Quota(QuotaError),
}

#[derive(Debug, Clone, PartialEq, Problem)]
enum QuotaError {
    #[problem(
        code = "quota.exceeded",
        status = 429,
        detail = "{used} of {limit} used"
    )]
    Exceeded {
        #[problem(extension)]
        used: u32,
        #[problem(extension)]
        limit: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(envelope = "flat")]
enum FlatError {
    #[problem(
        code = "ROOM_NOT_FOUND",
        status = 404,
        title = "Room not found",
        detail = "room {0} is gone"
    )]
    NotFound(#[problem(extension = "room")] u32),
    #[problem(code = "ROOM_FULL", status = 409, title = "Room is full")]
    Full,
}

fn german() -> Translations {
    Translations::new()
        .with_title("de", "scans.not_found", "Scan nicht gefunden")
        .with_detail("de", "scans.not_found", "Scan {id} wurde nicht gefunden")
        .with_title("de-ch", "scans.not_found", "Scan nöd gfunde")
        .with_detail(
            "de",
            "scans.named",
            "Scan {1} ({0}) gibt es schon {unknown} {{}}",
        )
        .with_title("de", "scans.quiet", "Leise")
        .with_detail("de", "scans.quiet", "nie gezeigt")
        .with_title("de", "scans.crashed", "Absturz")
        .with_detail("de", "scans.crashed", "Worker {worker} abgestürzt")
        .with_detail("de", "scans.upstream", "Upstream {host} fehlgeschlagen")
        .with_detail("de", "quota.exceeded", "{used} von {limit} verbraucht")
        .with_title("de", "ROOM_NOT_FOUND", "Raum nicht gefunden")
        .with_detail("de", "ROOM_NOT_FOUND", "Raum {0} ist weg")
        .with_title("de", "ROOM_FULL", "Raum ist voll")
        .with_title("de", "resource.not_found", "Ressource nicht gefunden")
        .with_detail("de", "resource.not_found", "hier ist nichts")
}

/// The localized envelope as text, after checking that the fast path and
/// serde agree.
fn localized<P: Problem>(p: &P, l: &dyn Localizer, lang: &str) -> String {
    let e = p.envelope().localized(l, lang);
    let fast = e.to_vec();
    assert_eq!(
        fast,
        serde_json::to_vec(&e).unwrap(),
        "fast path and serde differ"
    );
    String::from_utf8(fast).unwrap()
}

#[test]
fn title_and_detail_are_translated_and_the_rest_is_not() {
    let t = german();
    let err = ScanError::NotFound { id: 42 };
    assert_eq!(
        localized(&err, &t, "de"),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan nicht gefunden","status":404,"detail":"Scan 42 wurde nicht gefunden","code":"scans.not_found","id":42}"#
    );
    // The most specific tag first, then less specific ones.
    assert_eq!(
        localized(&err, &t, "de-CH"),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan nöd gfunde","status":404,"detail":"Scan 42 wurde nicht gefunden","code":"scans.not_found","id":42}"#
    );
    assert!(localized(&err, &t, "DE-AT-1996").contains(r#""title":"Scan nicht gefunden""#));
    // No translation: the source text, byte for byte.
    for lang in ["fr", "", "d", "*", "en-US"] {
        assert_eq!(
            localized(&err, &t, lang).as_bytes(),
            problem_core::to_vec(&err),
            "{lang}"
        );
    }
    // The typed error is decoded from the code and members, whatever the language.
    let details = ProblemDetails::from_response(
        404,
        Some("application/problem+json"),
        localized(&err, &t, "de").as_bytes(),
    );
    assert_eq!(ScanError::from_problem(&details), Some(err.clone()));
    assert_eq!(
        err.envelope().localized(&t, "de").to_details(),
        ProblemDetails {
            title: Some("Scan nicht gefunden".into()),
            detail: Some("Scan 42 wurde nicht gefunden".into()),
            ..err.to_details()
        }
    );
}

#[test]
fn templates_read_the_fields_as_the_source_formats_them() {
    let t = german();
    let err = ScanError::Named(7, "a\"b".into());
    assert_eq!(err.detail().as_deref(), Some(r#"scan "a\"b" (7) exists"#));
    // `{1}` is formatted as the source's `{1:?}`; an unknown
    // placeholder is kept; `{{}}` is braces.
    assert_eq!(
        localized(&err, &t, "de"),
        r#"{"type":"https://docs.example.com/errors/scans.named","title":"Conflict","status":409,"detail":"Scan \"a\\\"b\" (7) gibt es schon {unknown} {}","code":"scans.named","1":"a\"b"}"#
    );
}

#[test]
fn a_detail_that_is_absent_or_withheld_stays_so() {
    let t = german();
    // No source detail: a translated detail is not used; the title is.
    assert_eq!(
        localized(&ScanError::Quiet, &t, "de"),
        r#"{"type":"https://docs.example.com/errors/scans.quiet","title":"Leise","status":400,"code":"scans.quiet"}"#
    );
    // A withheld 5xx detail stays withheld.
    let crashed = ScanError::Crashed {
        worker: "w-1".into(),
    };
    assert_eq!(
        localized(&crashed, &t, "de"),
        r#"{"type":"https://docs.example.com/errors/scans.crashed","title":"Absturz","status":500,"code":"scans.crashed","worker":"w-1"}"#
    );
    // The status of the occurrence decides.
    let shown = ScanError::Upstream {
        status: 409,
        host: "h".into(),
    };
    assert!(localized(&shown, &t, "de").contains(r#""detail":"Upstream h fehlgeschlagen""#));
    let hidden = ScanError::Upstream {
        status: 503,
        host: "h".into(),
    };
    assert!(!localized(&hidden, &t, "de").contains("detail"));
}

#[test]
fn transparent_variants_use_the_inner_fields() {
    let err = ScanError::Quota(QuotaError::Exceeded { used: 9, limit: 10 });
    assert_eq!(
        localized(&err, &german(), "de"),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"9 von 10 verbraucht","code":"quota.exceeded","used":9,"limit":10}"#
    );
}

#[test]
fn other_shapes_translate_the_message() {
    let t = german();
    assert_eq!(
        localized(&FlatError::NotFound(3), &t, "de"),
        r#"{"code":"ROOM_NOT_FOUND","message":"Raum 3 ist weg","details":{"room":3}}"#
    );
    // Without a detail, the message is the translated title.
    assert_eq!(
        localized(&FlatError::Full, &t, "de"),
        r#"{"code":"ROOM_FULL","message":"Raum ist voll"}"#
    );
    let e = FlatError::Full
        .envelope()
        .localized(&t, "de")
        .request_id("r");
    assert_eq!(e.to_vec(), serde_json::to_vec(&e).unwrap());
}

/// A localizer over the user's own storage.
struct Catalogue(HashMap<(String, String), String>);

impl Localizer for Catalogue {
    fn title(&self, lang: &str, code: &str) -> Option<&str> {
        self.0
            .get(&(lang.to_owned(), code.to_owned()))
            .map(String::as_str)
    }
    fn detail(&self, _: &str, _: &str) -> Option<&str> {
        None
    }
    fn languages(&self) -> Vec<&str> {
        self.0.keys().map(|(l, _)| l.as_str()).collect()
    }
}

#[test]
fn a_hand_written_localizer() {
    let mut table = HashMap::new();
    table.insert(
        ("fr".to_owned(), "scans.not_found".to_owned()),
        "Analyse introuvable".to_owned(),
    );
    let fr = Catalogue(table);
    let err = ScanError::NotFound { id: 1 };
    // Tags reach the localizer lowercased.
    assert!(
        localized(&err, &fr, "FR-ca").contains(
            r#""title":"Analyse introuvable","status":404,"detail":"scan 1 was not found""#
        )
    );
    let shared: Arc<dyn Localizer> = Arc::new(fr);
    assert!(localized(&err, &shared, "fr").contains("introuvable"));
    assert!(localized(&err, &&*shared, "fr").contains("introuvable"));
}

#[test]
fn translations_from_a_file_and_completeness() {
    let file = r#"{
        "DE": {"scans.not_found": {"title": "Scan nicht gefunden", "detail": "Scan {id} fehlt"}},
        "fr": {"scans.quiet": {"title": "Silencieux"}}
    }"#;
    let t: Translations = serde_json::from_str(file).unwrap();
    assert_eq!(t.languages(), ["de", "fr"]);
    assert_eq!(
        t.title("de", "scans.not_found"),
        Some("Scan nicht gefunden")
    );
    assert_eq!(t.detail("de", "scans.not_found"), Some("Scan {id} fehlt"));
    assert_eq!(t.detail("fr", "scans.quiet"), None);
    assert!(
        serde_json::from_str::<Translations>(r#"{"de":{"a":{"titel":"x"}}}"#).is_err(),
        "a misspelt member is an error, not a silent gap"
    );
    assert_eq!(
        t.untranslated(&ScanError::CATALOG, "fr"),
        [
            "scans.not_found",
            "scans.named",
            "scans.crashed",
            "scans.upstream",
            "quota.exceeded"
        ]
    );
    assert_eq!(t.untranslated(&ScanError::CATALOG, "de").len(), 5);
    assert_eq!(
        german().untranslated(&FlatError::CATALOG, "de"),
        Vec::<&str>::new()
    );
}

#[test]
fn negotiating_accept_language() {
    let available = ["de", "de-ch", "fr"];
    assert_eq!(negotiate("de-CH, de;q=0.9", &available), Some("de-ch"));
    assert_eq!(negotiate("fr;q=0.5, de;q=0.6", &available), Some("de"));
    assert_eq!(negotiate("en-GB, en;q=0.9", &available), None);
    assert_eq!(negotiate("en, *;q=0.1", &available), Some("de"));
    assert_eq!(negotiate("de-AT", &available), Some("de"));
    assert_eq!(negotiate("fr-BE;q=1.0", &available), Some("fr"));
    assert_eq!(negotiate("de;q=0, fr", &available), Some("fr"));
    assert_eq!(negotiate("de;q=garbage", &available), None);
    assert_eq!(negotiate(",,;;,", &available), None);
    assert_eq!(negotiate("de", &[]), None);
}

// ---- over a socket ---------------------------------------------------------

fn server() -> SocketAddr {
    use axum::Router;
    use axum::routing::get;
    use problem_core::axum::{Path, ProblemLayer};

    async fn scan(Path(id): Path<u64>) -> Result<String, ScanError> {
        Err(ScanError::NotFound { id })
    }

    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let app = Router::new()
            .route("/scans/{id}", get(scan))
            .route("/room", get(|| async { FlatError::NotFound(5) }))
            .route("/ok", get(|| async { "ok" }))
            .fallback(problem_core::axum::not_found)
            .layer(ProblemLayer::new().localizer(german()));
        // Several worker threads: the language must follow the request,
        // whichever thread polls it.
        serve::axum(app, 2)
    })
}

#[test]
fn axum_answers_in_the_callers_language() {
    let reply = GET("/scans/42")
        .header("Accept-Language", "fr;q=0.9, de-CH;q=0.8, en;q=0.1")
        .header("X-Request-Id", "req-de")
        .send(server());
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(reply.header("content-language"), Some("de-ch"));
    assert_eq!(reply.header("vary"), Some("accept-language"));
    let err = ScanError::NotFound { id: 42 };
    let t = german();
    assert_eq!(
        reply.body,
        err.envelope()
            .localized(&t, "de-ch")
            .instance("/scans/42")
            .request_id("req-de")
            .to_vec()
    );
    assert_eq!(
        reply.text(),
        r#"{"type":"https://docs.example.com/errors/scans.not_found","title":"Scan nöd gfunde","status":404,"detail":"Scan 42 wurde nicht gefunden","instance":"/scans/42","code":"scans.not_found","request_id":"req-de","id":42}"#
    );
    let details = reply.problem();
    assert_eq!(details.code.as_deref(), Some("scans.not_found"));
    assert_eq!(ScanError::from_problem(&details), Some(err.clone()));

    // A language the service does not have, or none asked: the source text.
    for accept in [Some("ja, en;q=0.5"), None] {
        let mut req = GET("/scans/42").header("X-Request-Id", "r");
        if let Some(accept) = accept {
            req = req.header("Accept-Language", accept);
        }
        let reply = req.send(server());
        assert_eq!(reply.header("content-language"), None);
        assert_eq!(reply.header("vary"), Some("accept-language"));
        assert_eq!(
            reply.body,
            err.envelope()
                .instance("/scans/42")
                .request_id("r")
                .to_vec()
        );
    }
}

#[test]
fn axum_localizes_built_in_problems_and_other_shapes() {
    let reply = GET("/nowhere")
        .header("Accept-Language", "de")
        .header("X-Request-Id", "n")
        .send(server());
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-language"), Some("de"));
    let details = reply.problem();
    assert_eq!(details.title.as_deref(), Some("Ressource nicht gefunden"));
    assert_eq!(details.detail.as_deref(), Some("hier ist nichts"));
    assert_eq!(details.code.as_deref(), Some("resource.not_found"));
    assert_eq!(
        RequestProblem::from_problem(&details),
        Some(RequestProblem::NotFound {
            instance: "/nowhere".into()
        })
    );

    let reply = GET("/room").header("Accept-Language", "de").send(server());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("content-language"), Some("de"));
    assert_eq!(reply.problem().detail.as_deref(), Some("Raum 5 ist weg"));
    let request_id = reply.header("x-request-id").unwrap();
    assert_eq!(
        reply.text(),
        format!(
            r#"{{"code":"ROOM_NOT_FOUND","message":"Raum 5 ist weg","request_id":"{request_id}","details":{{"room":5}}}}"#
        )
    );
    assert_eq!(
        FlatError::from_problem(&reply.problem()),
        Some(FlatError::NotFound(5))
    );
    assert_eq!(reply.problem().extension("room"), Some(&json!(5)));

    // A response that is not a problem is left alone.
    let ok = GET("/ok").header("Accept-Language", "de").send(server());
    assert_eq!((ok.status, ok.text()), (200, "ok"));
    assert_eq!(ok.header("content-language"), None);
}

#[test]
fn concurrent_requests_keep_their_languages() {
    let threads: Vec<_> = (0..16)
        .map(|i| {
            std::thread::spawn(move || {
                let lang = if i % 2 == 0 { "de" } else { "en" };
                let path = format!("/scans/{i}");
                let reply = GET(&path).header("Accept-Language", lang).send(server());
                let title = reply.problem().title.unwrap();
                (lang, title)
            })
        })
        .collect();
    for t in threads {
        let (lang, title) = t.join().unwrap();
        let expected = if lang == "de" {
            "Scan nicht gefunden"
        } else {
            "Scan not found"
        };
        assert_eq!(title, expected);
    }
}
