//! Accepting connections for `serve` under hostile or careless clients: a request head must arrive
//! within [`Limits::header_timeout`] (a client sending one byte a minute is closed, not kept for
//! ever), and at most [`Limits::connections`] are open at once (more wait to be accepted). axum's
//! own `serve` sets neither.

use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Bounds on what clients of the preview server can hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time a client has to send a whole request head.
    pub header_timeout: Duration,
    /// Connections open at once (each open tab holds one for live reload).
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { header_timeout: Duration::from_secs(10), connections: 256 }
    }
}

/// Serves `app` on `listener` until the runtime stops.
pub(crate) async fn serve(listener: TcpListener, app: axum::Router, limits: Limits) {
    let open = Arc::new(Semaphore::new(limits.connections));
    loop {
        // A free slot first, then the next connection: excess clients wait in the backlog.
        let Ok(permit) = Arc::clone(&open).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a moment instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            // A client that goes away is not an error of the server.
            let _ = connection.await;
            drop(permit);
        });
    }
}
