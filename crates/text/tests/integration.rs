//! The one integration-test binary of kw-text: one module per topic.

mod accuracy;
mod common;
mod deadline;
mod extract;
mod letters;
mod read;
mod repair;
