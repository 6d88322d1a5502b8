//! One module per subcommand.

pub mod import;
pub mod serve;
pub mod stats;
