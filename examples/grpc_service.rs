//! The quickstart's `ServiceError` (examples/quickstart.rs) served over gRPC
//! with tonic: a handler returns the error enum, the client gets a
//! `tonic::Status` with Google's rich error details, and reads it back into
//! the typed error.
//!
//! Run it with `cargo run --example grpc_service -- 50051` (the port; 50051
//! when omitted; it listens on 127.0.0.1 only). It calls its own method once
//! per kind of error, prints what the client read, and goes on serving until
//! stopped. `tests/test_tonic.rs` runs it on port 0 and calls it.
//!
//! The method, `scans.v1.Scans/GetScan`, is written by hand so that the
//! example builds without `protoc`: the messages derive `prost::Message`, and
//! [`Unary`] serves one function with tonic's `server::Grpc` and a
//! `ProstCodec`, as `tonic-build`'s generated code would. With generated
//! code, the handler is the same:
//!
//! ```text
//! async fn get_scan(&self, request: Request<GetScanRequest>) -> Result<Response<Scan>, Status> {
//!     Ok(Response::new(lookup(request.get_ref().id)?))   // `?`: From<ServiceError> for Status
//! }
//! ```

use std::convert::Infallible;
use std::future::{Future, Ready, ready};
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use problem_core::tonic::{details_from_status, to_status};
use problem_core::{FieldError, FromProblem, Problem};
use tonic::Status;
use tonic::body::Body;
use tonic::transport::{Channel, Endpoint, Server, server::TcpIncoming};
use tonic_prost::ProstCodec;

#[allow(dead_code)]
#[path = "quickstart.rs"]
mod quickstart;

pub use quickstart::ServiceError;

/// The request of `GetScan`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GetScanRequest {
    /// The scan id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
}

/// A scan.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Scan {
    /// The scan id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// What was scanned.
    #[prost(string, tag = "2")]
    pub target: String,
}

/// The method's path: `/<package>.<service>/<method>`.
pub const GET_SCAN: &str = "/scans.v1.Scans/GetScan";

/// The scan with this id, or the error the id names: 401, 403, 422, 429,
/// 500, 502 and 503 answer with that status's error, 1 is a scan, and any
/// other id is not found.
pub fn lookup(id: u64) -> Result<Scan, ServiceError> {
    match id {
        1 => Ok(Scan {
            id,
            target: "example.com".into(),
        }),
        401 => Err(ServiceError::InvalidApiKey),
        403 => Err(ServiceError::MissingScope {
            scope: "scans:read",
        }),
        422 => Err(ServiceError::Validation {
            errors: vec![FieldError {
                path: "/id".into(),
                code: "range".into(),
                detail: Some("ids 422 and up are reserved".into()),
            }],
        }),
        429 => Err(ServiceError::QuotaExceeded {
            limit: 100,
            used: 100,
            retry_after: Duration::from_secs(1800),
        }),
        500 => Err(ServiceError::Internal {
            cause: "connection pool exhausted (postgres://10.0.0.7)".into(),
        }),
        502 | 503 => Err(ServiceError::Upstream {
            status: if id == 502 { 502 } else { 503 },
            host: "scanner-3.internal".into(),
        }),
        _ => Err(ServiceError::ScanNotFound { id }),
    }
}

/// The `GetScan` handler. A request with an `x-request-id` gets its id back
/// in the status (a `google.rpc.RequestInfo`), through the envelope; without
/// one, the error converts as it is, with `?`.
pub fn get_scan(request: tonic::Request<GetScanRequest>) -> Result<Scan, Status> {
    let id = request.get_ref().id;
    match request
        .metadata()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
    {
        Some(request_id) => {
            lookup(id).map_err(|err| to_status(&err.envelope().request_id(request_id)))
        }
        None => Ok(lookup(id)?),
    }
}

/// One unary method served by a function: what `tonic-build` generates for
/// a service, for a single method and without `protoc`.
pub struct Unary<F, Req, Resp> {
    path: &'static str,
    handler: F,
    messages: PhantomData<fn(Req) -> Resp>,
}

impl<F, Req, Resp> Unary<F, Req, Resp> {
    /// Serves `handler` at `path` (`/<package>.<service>/<method>`).
    pub fn new(path: &'static str, handler: F) -> Self {
        Unary {
            path,
            handler,
            messages: PhantomData,
        }
    }
}

impl<F: Clone, Req, Resp> Clone for Unary<F, Req, Resp> {
    fn clone(&self) -> Self {
        Unary::new(self.path, self.handler.clone())
    }
}

impl<F, Req, Resp> tower_service::Service<http::Request<Body>> for Unary<F, Req, Resp>
where
    F: Fn(tonic::Request<Req>) -> Result<Resp, Status> + Clone + Send + 'static,
    Req: prost::Message + Default + Send + 'static,
    Resp: prost::Message + Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        if request.uri().path() != self.path {
            let status = Status::unimplemented(format!("no method {}", request.uri().path()));
            return Box::pin(ready(Ok(status.into_http())));
        }
        let method = Method(self.handler.clone(), PhantomData);
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(ProstCodec::<Resp, Req>::default());
            Ok(grpc.unary(method, request).await)
        })
    }
}

/// The handler as tonic's `UnaryService`.
struct Method<F, Req, Resp>(F, PhantomData<fn(Req) -> Resp>);

impl<F, Req, Resp> tonic::server::UnaryService<Req> for Method<F, Req, Resp>
where
    F: Fn(tonic::Request<Req>) -> Result<Resp, Status>,
{
    type Response = Resp;
    type Future = Ready<Result<tonic::Response<Resp>, Status>>;

    fn call(&mut self, request: tonic::Request<Req>) -> Self::Future {
        ready((self.0)(request).map(tonic::Response::new))
    }
}

/// Serves `service` on `listener` until the process ends.
pub async fn serve<S>(listener: tokio::net::TcpListener, service: S)
where
    S: tower_service::Service<
            http::Request<Body>,
            Response = http::Response<Body>,
            Error = Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    let incoming = TcpIncoming::from(listener);
    if let Err(e) = Server::builder()
        .serve_with_incoming(service, incoming)
        .await
    {
        eprintln!("server stopped: {e}");
    }
}

/// A channel to the server at `addr`.
///
/// # Errors
///
/// When it cannot connect.
pub async fn connect(addr: SocketAddr) -> Result<Channel, tonic::transport::Error> {
    Endpoint::from_shared(format!("http://{addr}"))?
        .connect()
        .await
}

/// Calls the unary method at `path` with `request`, as a generated client would.
///
/// # Errors
///
/// The status the server answered with (or tonic's, when the call failed).
pub async fn call<Req, Resp>(
    channel: Channel,
    path: &'static str,
    request: tonic::Request<Req>,
) -> Result<Resp, Status>
where
    Req: prost::Message + Send + Sync + 'static,
    Resp: prost::Message + Default + Send + Sync + 'static,
{
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(format!("not ready: {e}")))?;
    let path = http::uri::PathAndQuery::from_static(path);
    let response = grpc
        .unary(request, path, ProstCodec::<Req, Resp>::default())
        .await?;
    Ok(response.into_inner())
}

/// What the client makes of `GetScan(id)`: one line, the gRPC code and
/// message, then the typed error read back, or the problem details when the
/// variant cannot be rebuilt (`MissingScope` borrows its scope; a variant
/// with an unmarked field, such as `QuotaExceeded`'s `used`, does not send
/// it).
pub async fn describe(channel: Channel, id: u64) -> String {
    let mut request = tonic::Request::new(GetScanRequest { id });
    request
        .metadata_mut()
        .insert("x-request-id", "req-7f3a".parse().expect("an ASCII id"));
    match call::<_, Scan>(channel, GET_SCAN, request).await {
        Ok(scan) => format!("GetScan({id}) -> {scan:?}"),
        Err(status) => {
            let details = details_from_status(&status);
            let read = match ServiceError::from_problem(&details) {
                Some(err) => format!("ServiceError::{err:?}"),
                None => format!(
                    "details {}",
                    serde_json::to_string(&details).unwrap_or_default()
                ),
            };
            format!(
                "GetScan({id}) -> {:?} {:?} -> {read}",
                status.code(),
                status.message()
            )
        }
    }
}

/// The port argument: 50051 when omitted.
///
/// # Errors
///
/// The usage line, for an argument that is not a port.
pub fn port(arg: Option<&str>) -> Result<u16, String> {
    match arg {
        None => Ok(50051),
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("usage: grpc_service [PORT]; {arg:?} is not a port")),
    }
}

#[tokio::main]
async fn main() {
    let port = match port(std::env::args().nth(1).as_deref()) {
        Ok(port) => port,
        Err(usage) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
                std::process::exit(1);
            }
        };
    let addr = listener.local_addr().expect("bound address");
    println!("gRPC scan service on http://{addr}; {GET_SCAN} answers:");
    tokio::spawn(serve(listener, Unary::new(GET_SCAN, get_scan)));

    let channel = match connect(addr).await {
        Ok(channel) => channel,
        Err(e) => {
            eprintln!("cannot connect to {addr}: {e}");
            std::process::exit(1);
        }
    };
    for id in [1, 401, 403, 422, 7, 429, 502, 500] {
        println!("{}", describe(channel.clone(), id).await);
    }
    println!("serving until stopped (Ctrl-C)");
    std::future::pending::<()>().await;
}
