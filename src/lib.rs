//! air-bulletin: air-quality bulletins (周调度通报, 月通报, 城市排名) from monitoring data and a
//! plan's targets.
//!
//! Data flow one way, floor by floor (see ARCHITECTURE.md): [`error`], [`num`], [`calendar`],
//! [`model`] → [`input`] (read and validate) → [`stats`] (the rules, pure functions) → [`load`]
//! and [`import`] → [`report`] (document models) → [`render`] (Typst) and [`export`] (CSV, XLSX,
//! HTML, JSON) → [`documents`] → [`run`] → [`cli`].

// Input errors carry the file, line, column and both texts a staff member reads; they are made
// once per problem, never in a hot loop, so their size in a `Result` does not matter.
#![allow(clippy::result_large_err)]

// Floors, lowest first; a module uses only the floors below its own (tests/architecture.rs).
pub mod calendar;
pub mod cli;
pub mod documents;
pub mod error;
pub mod exit;
pub mod export;
pub mod import;
pub mod input;
pub mod load;
pub mod manifest;
pub mod model;
pub mod num;
pub mod output;
pub mod render;
pub mod report;
pub mod run;
pub mod stats;
pub mod templates;
