//! Output macros of the CLI.

/// `println!` that ignores a closed stdout (e.g. `kamerwacht stats | head`) instead of
/// panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
