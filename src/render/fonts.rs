//! The fonts of official documents, embedded in the binary (`fonts/`, see its README for sources
//! and licenses), parsed once per process, plus font folders a department adds in its
//! configuration (方正小标宋, 仿宋_GB2312 …).

use anyhow::{Context, Result};
use std::path::Path;
use std::sync::OnceLock;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The embedded font files.
const EMBEDDED: [(&str, &[u8]); 6] = [
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../fonts/FandolFang-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../../fonts/FandolHei-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../../fonts/FandolKai-Regular.otf"),
    ),
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../fonts/FandolSong-Regular.otf"),
    ),
    (
        "NotoSerifCJKsc-Bold.otf",
        include_bytes!("../../fonts/NotoSerifCJKsc-Bold.otf"),
    ),
    (
        "NotoSerifCJKsc-Regular.otf",
        include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf"),
    ),
];

/// Parsed fonts and the book Typst picks from; `fonts[i]` is the book's entry `i`.
pub struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
    /// Files of the department's folders that are not fonts Typst can read, as warnings to show.
    pub warnings: Vec<String>,
}

impl FontSet {
    /// The embedded fonts followed by every font file in `extra` folders (sorted by path, so the
    /// choice between equal families does not depend on the file system's order).
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<FontSet> {
        let mut fonts: Vec<Font> = Vec::new();
        let mut warnings = Vec::new();
        for dir in extra {
            let dir = dir.as_ref();
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .with_context(|| format!("无法读取字体目录 {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let ext = p
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
                })
                .collect();
            paths.sort();
            for p in paths {
                let data = match std::fs::read(&p) {
                    Ok(d) => d,
                    Err(e) => {
                        warnings.push(format!("字体文件 {} 无法读取（{e}），已跳过", p.display()));
                        continue;
                    }
                };
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() == before {
                    warnings.push(format!(
                        "字体文件 {} 不是可用的字体（文件损坏或格式不支持），已跳过；文书改用其他字体排版",
                        p.display()
                    ));
                }
            }
        }
        // Department fonts first, so that a family they own wins over the stand-in.
        fonts.extend(embedded().fonts.iter().cloned());
        Ok(FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            warnings,
        })
    }
}

/// The embedded fonts, parsed on first use and shared by every document of the process.
pub fn embedded() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| {
        let fonts: Vec<Font> = EMBEDDED
            .iter()
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .collect();
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            warnings: Vec::new(),
        }
    })
}

/// Names of the embedded font files, for `fonts/README.md` checks and diagnostics.
pub fn embedded_names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(n, _)| *n).collect()
}
