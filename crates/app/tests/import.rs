//! Tests: import.
