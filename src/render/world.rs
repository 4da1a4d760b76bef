//! The Typst `World` of one document: templates (embedded from `templates/`, or a staff folder
//! that overrides them file by file), the embedded fonts, the report model as `/data.json`, and a
//! fixed "today". Nothing is read from the disk or the clock while compiling.

use super::fonts::FontSet;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The layout templates shipped in the binary: file name → text.
const EMBEDDED: &[(&str, &str)] = &[
    ("official.typ", include_str!("../../templates/official.typ")),
    ("monthly.typ", include_str!("../../templates/monthly.typ")),
    ("ranking.typ", include_str!("../../templates/ranking.typ")),
    ("weekly.typ", include_str!("../../templates/weekly.typ")),
    ("daily.typ", include_str!("../../templates/daily.typ")),
];

/// Where a template came from, for diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary (from the repository's `templates/`).
    Embedded,
    /// A file in the staff's template folder.
    File(PathBuf),
}

/// The set of layout templates a document may use.
#[derive(Clone, Debug)]
pub struct Templates {
    files: BTreeMap<String, (String, Origin)>,
}

impl Templates {
    /// The embedded templates.
    pub fn embedded() -> Templates {
        Templates {
            files: EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), (t.to_string(), Origin::Embedded)))
                .collect(),
        }
    }

    /// The embedded templates, with every `.typ` file of `dir` replacing (or adding to) them.
    pub fn with_folder(dir: &Path) -> Result<Templates> {
        let mut t = Templates::embedded();
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("无法读取模板目录 {}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.extension().and_then(|e| e.to_str()) != Some("typ") {
                continue;
            }
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&p)
                .with_context(|| format!("无法读取模板 {}", p.display()))?;
            t.files.insert(name, (text, Origin::File(p.clone())));
        }
        Ok(t)
    }

    /// All files: name, text and origin.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &Origin)> {
        self.files
            .iter()
            .map(|(n, (t, o))| (n.as_str(), t.as_str(), o))
    }

    /// Where a template came from.
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.files.get(name).map(|(_, o)| o)
    }
}

/// The file id of a path in the virtual project, e.g. `/monthly.typ`.
pub fn file_id(path: &str) -> Result<FileId> {
    let vpath =
        VirtualPath::new(path).map_err(|e| anyhow::anyhow!("无效的模板路径 {path}：{e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The standard library, built once per process.
fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::default()))
}

/// Prepared sources of a template set, shared by every document of a run.
#[derive(Clone)]
pub struct Prepared {
    pub templates: Templates,
    sources: Arc<HashMap<FileId, Source>>,
}

impl Prepared {
    /// Parses the templates into sources.
    pub fn new(templates: Templates) -> Result<Prepared> {
        let mut sources = HashMap::new();
        for (name, text, _) in templates.iter() {
            let id = file_id(&format!("/{name}"))?;
            sources.insert(id, Source::new(id, text.to_string()));
        }
        Ok(Prepared {
            templates,
            sources: Arc::new(sources),
        })
    }

    /// Whether a template exists.
    pub fn has(&self, name: &str) -> bool {
        self.templates.files.contains_key(name)
    }
}

/// The world of one document.
pub struct DocWorld<'a> {
    fonts: &'a FontSet,
    main: FileId,
    prepared: &'a Prepared,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl<'a> DocWorld<'a> {
    /// A world compiling `main` (a template name such as `monthly.typ`) with `data` as
    /// `/data.json` and `today` as the date `datetime.today()` returns.
    pub fn new(
        prepared: &'a Prepared,
        fonts: &'a FontSet,
        main: &str,
        data: Vec<u8>,
        today: Option<Datetime>,
    ) -> Result<DocWorld<'a>> {
        let mut files = HashMap::new();
        files.insert(file_id("/data.json")?, Bytes::new(data));
        Ok(DocWorld {
            fonts,
            main: file_id(&format!("/{main}"))?,
            prepared,
            files,
            today,
        })
    }

    /// The text of a source, for diagnostics.
    pub fn text_of(&self, id: FileId) -> Option<String> {
        if let Some(s) = self.prepared.sources.get(&id) {
            return Some(s.text().to_string());
        }
        self.files
            .get(&id)
            .map(|b| String::from_utf8_lossy(b.as_slice()).into_owned())
    }

    /// The name of a file id: the template file (or its override path) or `data.json`.
    pub fn name_of(&self, id: FileId) -> String {
        let name = id.vpath().get_without_slash().to_string();
        match self.prepared.templates.origin(&name) {
            Some(Origin::File(p)) => p.display().to_string(),
            Some(Origin::Embedded) => format!("templates/{name}"),
            None => name,
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.prepared.sources.get(&id).cloned().ok_or_else(|| {
            FileError::NotFound(std::path::PathBuf::from(id.vpath().get_with_slash()))
        })
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.files.get(&id) {
            return Ok(b.clone());
        }
        if let Some(s) = self.prepared.sources.get(&id) {
            return Ok(Bytes::from_string(s.text().to_string()));
        }
        Err(FileError::NotFound(std::path::PathBuf::from(
            id.vpath().get_with_slash(),
        )))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
