//! The HTTP edge's one error type, with stable error codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A failure at the HTTP edge. Each variant has a stable `code()`; internal details are
/// logged, never sent to the client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The requested thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The address cannot be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(std::net::SocketAddr, #[source] std::io::Error),
    /// The server stopped with an error.
    #[error("server: {0}")]
    Serve(#[source] std::io::Error),
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] kw_store::StoreError),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound(_) => "not_found",
            _ => "internal",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<kw_app::AppError> for WebError {
    fn from(e: kw_app::AppError) -> Self {
        match e {
            kw_app::AppError::NotFound(m) => WebError::NotFound(m),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("kamerwacht web: {self}");
            "Er ging iets mis aan onze kant. / Something went wrong on our side.".to_string()
        } else {
            self.to_string()
        };
        let body = serde_json::json!({ "error": { "code": self.code(), "message": message } });
        (status, axum::Json(body)).into_response()
    }
}
