//! The Typst `World` of one document: the Typst layouts of the template registry
//! ([`crate::templates`]), the fonts, the report model as `/data.json`, and a fixed "today".
//! Nothing is read from the disk or the clock while compiling.

use super::fonts::FontSet;
use crate::templates::Templates;
use anyhow::Result;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

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

/// Parsed sources of the Typst layouts, shared by every document of a run.
#[derive(Clone)]
pub struct Prepared {
    sources: Arc<HashMap<FileId, Source>>,
    /// Where each layout came from, by file id (for diagnostics).
    names: Arc<HashMap<FileId, String>>,
}

impl Prepared {
    /// Parses the registry's `.typ` files into sources.
    pub fn new(templates: &Templates) -> Result<Prepared> {
        let mut sources = HashMap::new();
        let mut names = HashMap::new();
        for t in templates.with_suffix(".typ") {
            let id = file_id(&format!("/{}", t.name))?;
            sources.insert(id, Source::new(id, t.text.clone()));
            let shown = match &t.origin {
                crate::templates::Origin::Embedded => format!("templates/{}", t.name),
                crate::templates::Origin::File(p) => p.display().to_string(),
            };
            names.insert(id, shown);
        }
        Ok(Prepared {
            sources: Arc::new(sources),
            names: Arc::new(names),
        })
    }

    /// Whether a layout exists.
    pub fn has(&self, name: &str) -> bool {
        file_id(&format!("/{name}")).is_ok_and(|id| self.sources.contains_key(&id))
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
        self.prepared
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.vpath().get_without_slash().to_string())
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
