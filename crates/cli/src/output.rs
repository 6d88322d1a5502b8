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

/// Prints an error chain and picks the exit code: a query that found nothing or too much gets 3,
/// input that cannot be read (a missing or unreadable file) gets 1, anything else 4.
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
    let bad_input = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some()
            || c.downcast_ref::<kw_app::documents::DocumentError>()
                .is_some()
    });
    ExitCode::from(if user {
        EXIT_NOT_FOUND
    } else if bad_input {
        EXIT_REJECTED
    } else {
        EXIT_INTERNAL
    })
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
