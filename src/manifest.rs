//! The audit trail: beside each document a manifest (`<document>.manifest.json`) with the SHA-256
//! of every input file, of the configuration and templates, the rule sets, the tool version, the
//! report model and the output; `verify` recomputes them.

use crate::templates::{Origin, Templates};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Version of the manifest layout.
pub const MANIFEST_VERSION: u32 = 1;

/// SHA-256 of bytes, as lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).with_context(|| format!("无法读取 {}", path.display()))?;
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// One hashed input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hashed {
    /// A path (input files) or a name (templates: `templates/monthly.typ`).
    pub name: String,
    pub sha256: String,
}

/// The manifest of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub version: u32,
    pub tool: String,
    pub tool_version: String,
    /// monthly, ranking, weekly, daily.
    pub kind: String,
    /// 2022-11, 2022-W45, 2022-12-10.
    pub period: String,
    /// The document's file name (in the same folder).
    pub output: String,
    pub output_sha256: String,
    /// The configuration file.
    pub config: Hashed,
    /// Plan, daily, hourly and station files.
    pub inputs: Vec<Hashed>,
    /// Layout and text templates (embedded ones are named `embedded:<name>`).
    pub templates: Vec<Hashed>,
    pub rule_sets: Vec<String>,
    /// SHA-256 of the report model (the exact data the document shows).
    pub model_sha256: String,
}

/// Hashes of the templates in use (layouts, text snippets and the web page), embedded or from
/// the staff's folder: the registry's own list, so what renders is what is hashed.
pub fn template_hashes(t: &Templates) -> Vec<Hashed> {
    t.iter()
        .map(|t| Hashed {
            name: match &t.origin {
                Origin::Embedded => format!("embedded:{}", t.name),
                Origin::File(p) => p.display().to_string(),
            },
            sha256: sha256(t.text.as_bytes()),
        })
        .collect()
}

/// Hashes of input files.
pub fn file_hashes(paths: &[PathBuf]) -> Result<Vec<Hashed>> {
    paths
        .iter()
        .map(|p| {
            Ok(Hashed {
                name: absolute(p).display().to_string(),
                sha256: sha256_file(p)?,
            })
        })
        .collect()
}

/// An absolute path (so that `verify` works from any folder).
pub fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The manifest path of a document: `2022-11-月通报.pdf` → `2022-11-月通报.manifest.json`.
pub fn manifest_path(doc: &Path) -> PathBuf {
    // NAME.pdf keeps NAME.manifest.json; other files (NAME.docx) get NAME.docx.manifest.json,
    // so that the two editions of a document have a manifest each.
    if doc.extension().is_some_and(|e| e == "pdf") {
        doc.with_extension("manifest.json")
    } else {
        let mut name = doc.as_os_str().to_os_string();
        name.push(".manifest.json");
        PathBuf::from(name)
    }
}

/// Reads a manifest.
pub fn read(path: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("无法读取清单 {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("清单 {} 格式有误", path.display()))
}

/// What `verify` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// The document's bytes are those the manifest records.
    pub output_ok: bool,
    /// Inputs whose content changed (or which are gone), by name.
    pub changed: Vec<String>,
}

impl Verification {
    /// Everything matches.
    pub fn ok(&self) -> bool {
        self.output_ok && self.changed.is_empty()
    }
}

/// Recomputes the hashes a manifest records.
pub fn verify(doc: &Path, m: &Manifest, current_templates: &[Hashed]) -> Result<Verification> {
    let mut v = Verification {
        output_ok: sha256_file(doc)? == m.output_sha256,
        ..Default::default()
    };
    for h in std::iter::once(&m.config).chain(&m.inputs) {
        let now = sha256_file(Path::new(&h.name)).ok();
        if now.as_deref() != Some(h.sha256.as_str()) {
            v.changed.push(h.name.clone());
        }
    }
    for h in &m.templates {
        if !current_templates.iter().any(|c| c == h) {
            v.changed.push(h.name.clone());
        }
    }
    let tool = env!("CARGO_PKG_VERSION");
    if m.tool_version != tool {
        v.changed.push(format!(
            "工具版本（生成时 {}，现为 {tool}）",
            m.tool_version
        ));
    }
    Ok(v)
}
