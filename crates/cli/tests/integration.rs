//! The one integration-test binary of the `kamerwacht` CLI: runs the real binary against real
//! data directories and loopback servers. One module per topic.

mod common;
mod demo;
mod import;
mod motion;
mod sync;
