//! Integration tests of kw-domain on the shipped sample (data/sample) and hand-made
//! fixtures (tests/data). One binary; one module per topic.

#[path = "integration/common.rs"]
mod common;
#[path = "integration/members.rs"]
mod members;
#[path = "integration/motion.rs"]
mod motion;
#[path = "integration/outcome.rs"]
mod outcome;
#[path = "integration/parties.rs"]
mod parties;
#[path = "integration/props.rs"]
mod props;
#[path = "integration/stats.rs"]
mod stats;
