//! Report models: one builder per document kind over the statistics core, each producing a
//! typed, serializable model that renderers turn into bytes.

pub mod aqi;
pub mod common;
pub mod counties;
pub mod daily;
pub mod days;
pub mod monthly;
pub mod outline;
pub mod progress;
pub mod ranking;
pub mod stats;
pub mod weekly;
pub mod wording;
