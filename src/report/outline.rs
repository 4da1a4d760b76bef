//! The outline of a laid-out document, the source of its Word edition: the blocks that
//! `templates/official.typ` records while it lays them out (a `metadata` labelled `<docx>` per
//! block), in document order. The sentences are the report model's, as the PDF prints them; the
//! tables carry their header cells with spans and every row; a figure carries its picture, cut
//! from the laid-out page (`render::outline`). Built by `render`, written by `export::docx`.

use serde::Deserialize;

/// One block of a document.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// The 版头: 发文机关标志 (the bulletin's name, in red), 期号, office and date, red rule.
    Header {
        name: String,
        issue: String,
        office: String,
        date: String,
    },
    /// The 标题, one or more lines.
    Title {
        lines: Vec<String>,
    },
    /// The 主送机关 line, with its colon.
    Recipients {
        text: String,
    },
    /// 一、 (level 1, 黑体), （一） (level 2, 楷体), 1. (level 3, 仿宋).
    Heading {
        level: u8,
        text: String,
    },
    /// A paragraph of the body; `lead` is set in 楷体 before it (工作要求's （一）).
    Para {
        #[serde(default)]
        lead: String,
        text: String,
    },
    /// A title set above a table in its own line (the national appendix).
    Caption {
        text: String,
    },
    Table(Table),
    /// 附件说明: "附表：1．名称" with the names of the attachments.
    AppendixList {
        word: String,
        names: Vec<String>,
    },
    /// An attachment starts on a new page with its label ("附表1") at the top left.
    Attachment {
        label: String,
    },
    /// A chart or the heat map, as pictures, one for each page it takes in the PDF (filled in
    /// by `render::outline`).
    Figure {
        #[serde(skip)]
        pictures: Vec<Picture>,
    },
    /// Where a figure ends on the page (used to cut the picture, then dropped).
    FigureEnd,
    /// The 版记: 抄送, 印发机关 and 印发日期.
    Imprint {
        cc: String,
        printer: String,
        date: String,
    },
}

/// A table as the PDF draws it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct Table {
    /// "表1　…" (none for a table without a title).
    pub title: Option<String>,
    /// Header cells placed on the header grid (row-major, spans resolved).
    pub head: Vec<HeadCell>,
    pub header_rows: usize,
    /// Body rows as text, the region's row last.
    pub rows: Vec<Vec<String>>,
    /// How many rows at the end are shaded (the region's total).
    #[serde(default)]
    pub shade: usize,
    #[serde(default)]
    pub note: String,
    /// Columns holding city names (never broken).
    #[serde(default)]
    pub whole_cols: Vec<usize>,
    /// The appendix's compact type (小五).
    #[serde(default)]
    pub compact: bool,
    /// Set on two columns in the PDF (the national appendix).
    #[serde(default)]
    pub two_up: bool,
}

/// A header cell: its column and row on the header grid, its spans and its text ("\n" breaks
/// the line; "|" marks where a line may break between words).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct HeadCell {
    pub x: usize,
    pub y: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

/// A picture: PNG bytes and the size it is printed at.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width_mm: f64,
    pub height_mm: f64,
}

impl Table {
    /// The number of columns.
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(self.head.iter().map(|c| c.x + c.colspan))
            .max()
            .unwrap_or(0)
    }
}
