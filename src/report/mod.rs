//! Report models: one builder per document kind over the statistics core, each producing a
//! typed, serializable model that renderers turn into bytes.

pub mod aqi;
pub mod stats;
