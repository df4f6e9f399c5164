//! A typed SDK for the scan service of `examples/axum_service.rs`, on
//! reqwest: one method per route, each returning `Result<T, ClientError>`;
//! the service's problems decode into its own `ScanError`; a problem the
//! service calls retryable is retried after its `Retry-After`, a bounded
//! number of times.
//!
//! Routes covered: `GET /scans/{id}`, `POST /scans`, `GET /scans?limit=`,
//! `GET /upstream?overloaded=`, `GET /crash`, `GET /relayed`, `GET /whoami`
//! (not `/openapi.json`, a document rather than an operation).
//!
//! Start the service, then run the SDK against it:
//!
//! ```sh
//! cargo run --example axum_service -- 3000
//! cargo run --example sdk_client -- http://127.0.0.1:3000
//! ```
//!
//! `tests/test_sdk_client.rs` runs both, the service on a free port.

use std::fmt::Debug;
use std::time::Duration;

use problem_core::reqwest::ResponseExt;
use problem_core::{ClientError, Problem};
use reqwest::{RequestBuilder, Response};
use serde::Deserialize;

// The service's error enum, from the service's own file. In a real project
// it lives in a crate that the service and its SDK both depend on.
#[allow(dead_code, unreachable_pub)]
#[path = "axum_service.rs"]
mod service;

pub use service::ScanError;

/// A scan, as the service shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Scan {
    pub id: u64,
    pub target: String,
}

/// When the SDK retries a failed call: only a problem the service's
/// `ScanError` calls retryable, at most `attempts` times in all, waiting what
/// its `Retry-After` asks (else `backoff` times the attempt), and never
/// longer than `max_wait`: a problem that asks for more is returned at once,
/// for the caller to decide.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    pub backoff: Duration,
    pub max_wait: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 3,
            backoff: Duration::from_millis(200),
            max_wait: Duration::from_secs(10),
        }
    }
}

impl Retry {
    /// How long to wait before another attempt, after `attempt` failed with
    /// `err`; `None` to give up.
    pub fn wait(&self, err: &ClientError, attempt: u32) -> Option<Duration> {
        let retryable = err.decode::<ScanError>().is_some_and(|e| e.retryable());
        if !retryable || attempt >= self.attempts {
            return None;
        }
        let wait = err.retry_after().unwrap_or(self.backoff * attempt);
        (wait <= self.max_wait).then_some(wait)
    }
}

/// The scan service's client.
#[derive(Debug, Clone)]
pub struct ScanClient {
    http: reqwest::Client,
    base: String,
    retry: Retry,
}

impl ScanClient {
    /// A client of the service at `base` (`http://127.0.0.1:3000`), with a
    /// 10-second timeout per request and the default [`Retry`].
    pub fn new(base: &str) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(ScanClient {
            http,
            base: base.trim_end_matches('/').to_owned(),
            retry: Retry::default(),
        })
    }

    /// The same client, retrying as `retry` says.
    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// `GET /scans/{id}`: `ScanError::NotFound` for an unknown id.
    pub async fn get_scan(&self, id: u64) -> Result<Scan, ClientError> {
        let response = self
            .call(|| self.http.get(self.url(&format!("/scans/{id}"))))
            .await?;
        Ok(response.json().await?)
    }

    /// `POST /scans`: `ScanError::Invalid` for an empty or non-ASCII target.
    pub async fn start_scan(&self, target: &str) -> Result<Scan, ClientError> {
        let body = serde_json::json!({ "target": target });
        let response = self
            .call(|| self.http.post(self.url("/scans")).json(&body))
            .await?;
        Ok(response.json().await?)
    }

    /// `GET /scans?limit=`: `ScanError::RateLimited` above 10.
    pub async fn list_scans(&self, limit: u32) -> Result<Vec<Scan>, ClientError> {
        let url = self.url(&format!("/scans?limit={limit}"));
        Ok(self.call(|| self.http.get(&url)).await?.json().await?)
    }

    /// `GET /upstream`: the scanner fleet, which answers `ScanError::Upstream`
    /// (502, or 503 when `overloaded`); retried before it is returned.
    pub async fn upstream(&self, overloaded: bool) -> Result<(), ClientError> {
        let url = self.url(&format!("/upstream?overloaded={overloaded}"));
        self.call(|| self.http.get(&url)).await.map(drop)
    }

    /// `GET /crash`: a 500 whose detail the service keeps to its logs.
    pub async fn crash(&self) -> Result<String, ClientError> {
        Ok(self
            .call(|| self.http.get(self.url("/crash")))
            .await?
            .text()
            .await?)
    }

    /// `GET /relayed`: another service's problem (402), which is no
    /// `ScanError`: its details are all there is.
    pub async fn relayed(&self) -> Result<String, ClientError> {
        Ok(self
            .call(|| self.http.get(self.url("/relayed")))
            .await?
            .text()
            .await?)
    }

    /// `GET /whoami`: the request id the service saw, `request_id` here.
    pub async fn whoami(&self, request_id: &str) -> Result<String, ClientError> {
        let request = || {
            self.http
                .get(self.url("/whoami"))
                .header("x-request-id", request_id)
        };
        Ok(self.call(request).await?.text().await?)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends the request `request` builds, again while [`Retry`] says so: the
    /// response when its status is below 400.
    async fn call(&self, request: impl Fn() -> RequestBuilder) -> Result<Response, ClientError> {
        let mut attempt = 1;
        loop {
            // The whole of the glue between reqwest and the service's problems.
            let err = match request().send().await?.error_for_problem().await {
                Ok(response) => return Ok(response),
                Err(err) => err,
            };
            let Some(wait) = self.retry.wait(&err, attempt) else {
                return Err(err);
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// What a call gave, one line: the value, the service's typed error, or
/// (for a problem that is not a `ScanError`, or no response) the details.
pub fn outcome<T: Debug>(result: &Result<T, ClientError>) -> String {
    match result {
        Ok(value) => format!("ok {value:?}"),
        Err(err) => match err.decode::<ScanError>() {
            Some(typed) => match err.retry_after() {
                Some(wait) => format!("{typed:?}, retry after {}s", wait.as_secs()),
                None => format!("{typed:?}"),
            },
            None => format!("{} {err}", err.status()),
        },
    }
}

#[tokio::main]
async fn main() {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:3000".to_owned());
    let sdk = match ScanClient::new(&base) {
        Ok(sdk) => sdk,
        Err(err) => {
            eprintln!("cannot build the client: {err}");
            std::process::exit(1);
        }
    };
    // The first call tells whether the service is there at all.
    let first = sdk.get_scan(1).await;
    if let Err(err) = &first
        && err.status() == 0
    {
        eprintln!("{err}\nis the service running? cargo run --example axum_service");
        std::process::exit(1);
    }
    println!("get_scan(1)          {}", outcome(&first));
    println!("get_scan(7)          {}", outcome(&sdk.get_scan(7).await));
    println!(
        "start_scan(\"a.com\")  {}",
        outcome(&sdk.start_scan("a.com").await)
    );
    println!(
        "start_scan(\"\")       {}",
        outcome(&sdk.start_scan("").await)
    );
    println!("list_scans(5)        {}", outcome(&sdk.list_scans(5).await));
    println!(
        "list_scans(50)       {}",
        outcome(&sdk.list_scans(50).await)
    );
    println!(
        "upstream(true)       {}",
        outcome(&sdk.upstream(true).await)
    );
    println!("crash()              {}", outcome(&sdk.crash().await));
    println!("relayed()            {}", outcome(&sdk.relayed().await));
    println!(
        "whoami(\"sdk-1\")      {}",
        outcome(&sdk.whoami("sdk-1").await)
    );
}
