//! Exporters: report models in, bytes out (CSV, XLSX, HTML, JSON). They never touch the disk;
//! writing a file, atomically, is the caller's step.

pub mod aqi;
pub mod docx;
pub mod ranking;
pub mod stats;

use anyhow::{Context, Result};
use serde::Serialize;

/// A model as pretty JSON with a final newline.
pub fn json<M: Serialize + ?Sized>(model: &M) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(model).context("无法序列化为 JSON")?;
    v.push(b'\n');
    Ok(v)
}
