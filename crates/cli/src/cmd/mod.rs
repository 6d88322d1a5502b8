//! One module per subcommand.

pub mod extract;
pub mod import;
pub mod member;
pub mod motion;
pub mod party;
pub mod quality;
pub mod serve;
pub mod stats;
pub mod sync;
