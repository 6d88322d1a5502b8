//! Kamerwacht domain types and rules: the Kamer's entities, the version clock, motion outcomes,
//! members and parties.
//!
//! **Invariant:** pure. No I/O, no database, no network; every function is deterministic on
//! its arguments.

pub mod entity;
pub mod error;
pub mod members;
pub mod motion;
pub mod outcome;
pub mod parties;
pub mod stats;
pub mod version;

pub use entity::Entity;
pub use error::DomainError;
pub use version::{Decision, Version, decide};

pub use members::{Directory, Member, NameContext, PersoonInput, Resolution};
pub use motion::{MotionInput, MotionView};
pub use outcome::{BesluitInput, Finding, MotionOutcome, Outcome, StemmingInput, Tally};
pub use parties::{FractieInput, Party, PartyRegistry};
