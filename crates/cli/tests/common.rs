//! Tests: helpers shared by the CLI integration tests.
