//! air-bulletin: air-quality bulletins (周调度通报, 月通报, 城市排名) from monitoring data and a
//! plan's targets.
//!
//! Data flow one way: [`input`] (read and validate) → [`model`] (typed cities and days) →
//! [`stats`] (the rules, pure functions) → [`report`] (document models) → [`cli`] (commands).

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
