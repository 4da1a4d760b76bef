//! air-bulletin: air-quality bulletins (周调度通报, 月通报, 城市排名) from monitoring data and a
//! plan's targets.
//!
//! Data flow one way: [`input`] (read and validate) → [`model`] (typed cities and days) →
//! [`stats`] (the rules, pure functions) → [`report`] (document models) → [`cli`] (commands).

// Input errors carry the file, line, column and both texts a staff member reads; they are made
// once per problem, never in a hot loop, so their size in a `Result` does not matter.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod documents;
pub mod error;
pub mod import;
pub mod input;
pub mod manifest;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod run;
pub mod stats;
