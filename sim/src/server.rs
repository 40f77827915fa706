//! The accept loop: plain TCP or TLS, HTTP/1.1 through hyper, and real connection resets.
//!
//! axum's `serve` cannot drop a connection without answering, so the simulator runs its own
//! loop. A handler asks for a reset by returning a response marked [`ResetConnection`]; the
//! per-connection service turns it into a service error, hyper then drops the connection
//! without writing anything, and [`ResettableStream`] closes the socket with `SO_LINGER` 0 so
//! the peer sees a TCP RST (not a clean FIN) — no status line, no headers, nothing.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

/// How long a client may take to finish the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause after a failed `accept` (e.g. out of file descriptors) before trying again.
const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_millis(50);

/// Response extension asking the connection to be reset instead of answered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResetConnection;

/// A response that resets the connection.
pub(crate) fn reset_connection() -> Response {
    let mut response = Response::new(Body::empty());
    response.extensions_mut().insert(ResetConnection);
    response
}

pub(crate) fn is_reset(response: &Response) -> bool {
    response.extensions().get::<ResetConnection>().is_some()
}

/// The service error that makes hyper drop a connection.
#[derive(Debug, thiserror::Error)]
#[error("connection reset on purpose (fault injection)")]
struct ConnectionResetOnPurpose;

/// Accepts connections until `shutdown` fires (or its sender is dropped). Dropping the
/// returned future, or its end, aborts every open connection.
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, tls.clone(), router.clone()));
                }
                Err(error) => {
                    log::warn!("cannot accept a connection: {error}");
                    tokio::time::sleep(ACCEPT_ERROR_BACKOFF).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    log::info!("simulator stopped");
}

async fn serve_connection(stream: TcpStream, tls: Option<TlsAcceptor>, router: Router) {
    // Small JSON responses: do not let Nagle delay them.
    if let Err(error) = stream.set_nodelay(true) {
        log::debug!("cannot set TCP_NODELAY: {error}");
    }
    let reset_switch = Arc::new(AtomicBool::new(false));
    let stream = ResettableStream {
        inner: stream,
        reset: Arc::clone(&reset_switch),
    };
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let router = router.clone();
        let reset_switch = Arc::clone(&reset_switch);
        async move {
            let response = match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if is_reset(&response) {
                reset_switch.store(true, Ordering::SeqCst);
                return Err(ConnectionResetOnPurpose);
            }
            Ok(response)
        }
    });
    let http = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .clone();
    let outcome = match tls {
        None => http.serve_connection(TokioIo::new(stream), service).await,
        Some(acceptor) => {
            match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls_stream)) => {
                    http.serve_connection(TokioIo::new(tls_stream), service)
                        .await
                }
                Ok(Err(error)) => {
                    log::debug!("TLS handshake failed: {error}");
                    return;
                }
                Err(_) => {
                    log::debug!("TLS handshake timed out");
                    return;
                }
            }
        }
    };
    if let Err(error) = outcome {
        log::debug!("connection ended: {error}");
    }
}

/// A TCP stream that can be reset: once the switch is on, nothing more is read or written
/// (not even a TLS close_notify or a FIN) and dropping it sends an RST.
struct ResettableStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl ResettableStream {
    fn is_reset(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }

    fn reset_error() -> io::Error {
        io::Error::new(io::ErrorKind::ConnectionReset, ConnectionResetOnPurpose)
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.is_reset() {
            return Poll::Ready(Err(Self::reset_error()));
        }
        Pin::new(&mut this.inner).poll_read(context, buffer)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.is_reset() {
            return Poll::Ready(Err(Self::reset_error()));
        }
        Pin::new(&mut this.inner).poll_write(context, buffer)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.is_reset() {
            return Poll::Ready(Err(Self::reset_error()));
        }
        Pin::new(&mut this.inner).poll_write_vectored(context, buffers)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.is_reset() {
            return Poll::Ready(Err(Self::reset_error()));
        }
        Pin::new(&mut this.inner).poll_flush(context)
    }

    fn poll_shutdown(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.is_reset() {
            return Poll::Ready(Err(Self::reset_error()));
        }
        Pin::new(&mut this.inner).poll_shutdown(context)
    }
}

impl Drop for ResettableStream {
    fn drop(&mut self) {
        if self.is_reset() {
            // Linger 0 turns the close into an RST. The socket is closed right here, so the
            // "blocks on drop" caveat of SO_LINGER does not apply.
            if let Err(error) = self.inner.set_zero_linger() {
                log::debug!("cannot set SO_LINGER to 0 for a reset: {error}");
            }
        }
    }
}
