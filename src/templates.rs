//! The one registry of templates: the Typst layouts (`*.typ`), the text snippets staff may re-word
//! (`text/*.j2`) and the ranking's web page (`ranking.html`). All are embedded in the binary from
//! the repository's `templates/`; a configured folder replaces any of them file by file under the
//! same relative name (`我的模板/weekly.typ`, `我的模板/text/weekly.j2`, `我的模板/ranking.html`) and
//! may add Typst files of its own. The renderer, the wording, the exporters and the manifests'
//! hashes all read this registry, so a template is found one way only.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The templates shipped in the binary: relative name → text.
const EMBEDDED: &[(&str, &str)] = &[
    ("official.typ", include_str!("../templates/official.typ")),
    ("monthly.typ", include_str!("../templates/monthly.typ")),
    ("ranking.typ", include_str!("../templates/ranking.typ")),
    ("weekly.typ", include_str!("../templates/weekly.typ")),
    ("daily.typ", include_str!("../templates/daily.typ")),
    (
        "text/monthly.j2",
        include_str!("../templates/text/monthly.j2"),
    ),
    (
        "text/ranking.j2",
        include_str!("../templates/text/ranking.j2"),
    ),
    (
        "text/weekly.j2",
        include_str!("../templates/text/weekly.j2"),
    ),
    ("text/daily.j2", include_str!("../templates/text/daily.j2")),
    ("ranking.html", include_str!("../templates/ranking.html")),
];

/// Where a template came from (for diagnostics and manifests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary (from the repository's `templates/`).
    Embedded,
    /// A file in the staff's template folder.
    File(PathBuf),
}

/// One template: its relative name, text and origin.
#[derive(Clone, Debug)]
pub struct Template {
    pub name: String,
    pub text: String,
    pub origin: Origin,
}

/// The templates in use, by relative name (sorted, so iteration is deterministic).
#[derive(Clone, Debug)]
pub struct Templates {
    files: BTreeMap<String, Template>,
}

impl Templates {
    /// The embedded templates.
    pub fn embedded() -> Templates {
        Templates {
            files: EMBEDDED
                .iter()
                .map(|(n, t)| {
                    let t = Template {
                        name: n.to_string(),
                        text: t.to_string(),
                        origin: Origin::Embedded,
                    };
                    (t.name.clone(), t)
                })
                .collect(),
        }
    }

    /// The embedded templates, each replaced by the file of the same relative name in `dir`
    /// when there is one; further `.typ` files directly in `dir` are added (a layout may import
    /// a helper of its own).
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let mut t = Templates::embedded();
        let Some(dir) = dir else {
            return Ok(t);
        };
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("无法读取模板目录 {}", dir.display()))?;
        let mut extra: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("typ"))
            .collect();
        extra.sort();
        let mut names: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        for p in &extra {
            if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                if !names.iter().any(|m| m == n) {
                    names.push(n.to_string());
                }
            }
        }
        for name in names {
            let path = dir.join(&name);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("无法读取模板 {}（须为 UTF-8 文本）", path.display()))?;
            t.files.insert(
                name.clone(),
                Template {
                    name,
                    text,
                    origin: Origin::File(path),
                },
            );
        }
        Ok(t)
    }

    /// A template's text by relative name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|t| t.text.as_str())
    }

    /// Every template, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &Template> {
        self.files.values()
    }

    /// The templates whose name ends in `suffix` (`.typ`, `.j2`).
    pub fn with_suffix<'a>(&'a self, suffix: &'a str) -> impl Iterator<Item = &'a Template> {
        self.iter().filter(move |t| t.name.ends_with(suffix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_replaces_file_by_file_and_adds_layouts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("text")).unwrap();
        std::fs::write(dir.path().join("text/weekly.j2"), "staff").unwrap();
        std::fs::write(dir.path().join("ranking.html"), "<p>page</p>").unwrap();
        std::fs::write(dir.path().join("helper.typ"), "#let x = 1").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.get("text/weekly.j2"), Some("staff"));
        assert_eq!(t.get("ranking.html"), Some("<p>page</p>"));
        assert_eq!(t.get("helper.typ"), Some("#let x = 1"));
        assert_eq!(t.get("notes.txt"), None);
        assert_eq!(t.iter().count(), EMBEDDED.len() + 1);
        let from_files: Vec<&str> = t
            .iter()
            .filter(|x| x.origin != Origin::Embedded)
            .map(|x| x.name.as_str())
            .collect();
        assert_eq!(from_files, ["helper.typ", "ranking.html", "text/weekly.j2"]);
        assert_eq!(t.with_suffix(".j2").count(), 4);
    }
}
