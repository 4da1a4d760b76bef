//! The rules of the national standards as pure functions (no I/O): AQI, period statistics,
//! composite index, rankings, year-on-year changes and target progress.

pub mod aqi;
pub mod area;
pub mod days;
pub mod hourly;
pub mod period;
pub mod rank;
pub mod rules;
pub mod summary;
pub mod target;
