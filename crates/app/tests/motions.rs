//! Tests: placeholder for the motion/member/party query tests, filled in by its owner.
