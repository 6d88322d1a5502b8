//! Shared output helpers: errors to stderr with the right exit code, JSON to stdout.

use std::process::ExitCode;

/// Exit code: some input was rejected, the rest was done.
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: a query found nothing.
pub const EXIT_NOT_FOUND: u8 = 3;
/// Exit code: an internal error.
pub const EXIT_INTERNAL: u8 = 4;
/// Exit code: interrupted by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Prints an error chain and picks the exit code: user errors (not found, ambiguous) get 3.
pub fn fail(e: &anyhow::Error) -> ExitCode {
    eprintln!("kamerwacht: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    let user = e.chain().any(|c| {
        matches!(
            c.downcast_ref::<kw_app::AppError>(),
            Some(kw_app::AppError::NotFound(_) | kw_app::AppError::Ambiguous(_))
        )
    });
    ExitCode::from(if user { EXIT_NOT_FOUND } else { EXIT_INTERNAL })
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
