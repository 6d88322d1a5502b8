//! Kamerwacht web UI (server-rendered, Dutch) and, in later rounds, the HTTP API.
//!
//! **Invariant:** handlers only call `kw_app` queries; no SQL lives here.

pub mod error;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::get;
use kw_store::Store;

pub use error::WebError;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
}

/// The application: every route, ready to serve or to call from tests with `oneshot`.
pub fn app(store: Store) -> Router {
    let state = AppState {
        store: Arc::new(Mutex::new(store)),
    };
    Router::new()
        .route("/", get(pages::index))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(state)
}

/// Serves `app` on `addr` until `shutdown` completes.
pub async fn serve(
    data_dir: PathBuf,
    addr: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    let store = Store::open(&data_dir)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| WebError::Bind(addr, e))?;
    axum::serve(listener, app(store))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(WebError::Serve)
}

impl AppState {
    /// Runs a read on the store off the async threads.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, kw_app::AppError> + Send + 'static,
    ) -> Result<T, WebError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let guard = store
                .lock()
                .map_err(|_| WebError::Internal("store lock poisoned".into()))?;
            f(&guard).map_err(WebError::from)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
    }
}
