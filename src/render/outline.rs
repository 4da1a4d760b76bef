//! Reads a laid-out document's outline (the `<docx>` metadata of `templates/official.typ`) and cuts
//! each figure out of its pages as a PNG picture, for the Word edition (`export::docx`).

use crate::report::outline::{Block, Picture};
use anyhow::{anyhow, Context, Result};
use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// Pictures are cut at print resolution.
const DPI: f32 = 300.0;
const PT_PER_MM: f64 = 72.0 / 25.4;
/// The text block's left edge and width (GB/T 9704: 28 mm and 156 mm), and its top and bottom.
const LEFT_MM: f64 = 28.0;
const WIDTH_MM: f64 = 156.0;
const TOP_MM: f64 = 37.0;
const BOTTOM_MM: f64 = 297.0 - 35.0;

/// The blocks of a document in order, each figure with its picture.
pub fn outline(doc: &PagedDocument) -> Result<Vec<Block>> {
    let intro = doc.introspector();
    let label = Label::new(PicoStr::intern("docx")).ok_or_else(|| anyhow!("label"))?;
    let mut blocks = Vec::new();
    let mut figure_start: Option<(usize, f64)> = None;
    for elem in intro.query(&Selector::Label(label)).iter() {
        let Some(meta) = elem.to_packed::<MetadataElem>() else {
            continue;
        };
        let value = serde_json::to_value(&meta.value).context("Word 版大纲")?;
        let block: Block = serde_json::from_value(value.clone())
            .with_context(|| format!("Word 版大纲中无法识别的一项：{value}"))?;
        let at = || -> Result<(usize, f64)> {
            let loc = elem.location().ok_or_else(|| anyhow!("图的位置"))?;
            match intro.position(loc) {
                Some(p) => Ok((p.page.get(), p.point.y.to_pt())),
                None => Err(anyhow!("图的位置")),
            }
        };
        match block {
            Block::Figure { .. } => {
                figure_start = Some(at()?);
                blocks.push(block);
            }
            Block::FigureEnd => {
                let start = figure_start.take().ok_or_else(|| anyhow!("图没有起点"))?;
                let cut = cut(doc, start, at()?)?;
                if let Some(Block::Figure { pictures }) = blocks
                    .iter_mut()
                    .rev()
                    .find(|b| matches!(b, Block::Figure { .. }))
                {
                    *pictures = cut;
                }
            }
            b => blocks.push(b),
        }
    }
    Ok(blocks)
}

/// The drawing between `from` and `to` (page, y in pt) across the text block's width, one
/// picture for each page, on white.
fn cut(doc: &PagedDocument, from: (usize, f64), to: (usize, f64)) -> Result<Vec<Picture>> {
    let scale = DPI / 72.0;
    let px = |pt: f64| (pt * f64::from(scale)).round().max(0.0) as u32;
    let x0 = px(LEFT_MM * PT_PER_MM);
    let width = px(WIDTH_MM * PT_PER_MM);
    let mut out = Vec::new();
    for page in from.0..=to.0 {
        let mut rgb: Vec<u8> = Vec::new();
        let top = if page == from.0 {
            from.1 - 2.0
        } else {
            TOP_MM * PT_PER_MM
        };
        let bottom = if page == to.0 {
            to.1 + 2.0
        } else {
            BOTTOM_MM * PT_PER_MM
        };
        let page_ = doc
            .pages()
            .get(page - 1)
            .ok_or_else(|| anyhow!("图所在的第{page}页不存在"))?;
        let pixmap = typst_render::render(
            page_,
            &typst_render::RenderOptions {
                pixel_per_pt: typst::utils::Scalar::new(f64::from(scale)),
                render_bleed: false,
            },
        );
        let (y0, y1) = (px(top), px(bottom).min(pixmap.height()));
        let stride = pixmap.width() as usize * 4;
        let data = pixmap.data();
        for y in y0..y1 {
            let row = &data[y as usize * stride..(y as usize + 1) * stride];
            for x in x0..(x0 + width).min(pixmap.width()) {
                // Premultiplied RGBA over white.
                let p = &row[x as usize * 4..x as usize * 4 + 4];
                let clear = 255 - p[3];
                rgb.extend([p[0] + clear, p[1] + clear, p[2] + clear]);
            }
        }
        let height = y1.saturating_sub(y0);
        if height > 0 {
            out.push(picture(&rgb, width, height, scale)?);
        }
    }
    Ok(out)
}

/// A PNG of RGB rows at 300 dpi.
fn picture(rgb: &[u8], width: u32, height: u32, scale: f32) -> Result<Picture> {
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // 300 dpi = 11811 pixels a metre, so that Word and LibreOffice print it at its size.
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 11811,
            yppu: 11811,
            unit: png::Unit::Meter,
        }));
        let mut w = enc.write_header().context("PNG")?;
        w.write_image_data(rgb).context("PNG")?;
    }
    Ok(Picture {
        png: png_bytes,
        width_mm: WIDTH_MM,
        height_mm: f64::from(height) / f64::from(scale) / PT_PER_MM,
    })
}
