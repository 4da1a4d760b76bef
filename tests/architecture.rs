//! The house rules of `src/`, read from the code itself (ARCHITECTURE.md): data flow one way,
//! floor by floor, so no top-level module names a module of a higher floor and the module graph
//! has no cycle; and no source file holds more than 600 lines of non-test code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors, lowest first. A module may use its own floor and those below.
const FLOORS: &[&[&str]] = &[
    &["error", "exit", "num", "calendar", "model", "output"],
    &["input", "templates"],
    &["stats"],
    &["import", "load"],
    &["report"],
    &["render", "export"],
    &["documents", "manifest"],
    &["run"],
    &["cli"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/input/hourly/mod.rs` → `input`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The code of a file before its test module.
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

/// The top-level modules a text names as `crate::x` or `crate::{x, y::z}`.
fn references(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let Some(m) = module_of(&src, &f) else {
            continue;
        };
        let text = std::fs::read_to_string(&f).unwrap();
        let refs = references(non_test_code(&text));
        g.entry(m.clone())
            .or_default()
            .extend(refs.into_iter().filter(|r| *r != m));
    }
    g
}

#[test]
fn every_module_has_a_floor_and_uses_only_floors_at_or_below_its_own() {
    let g = graph();
    let mut wrong = Vec::new();
    for (m, uses) in &g {
        let Some(own) = floor_of(m) else {
            wrong.push(format!("{m} has no floor in FLOORS"));
            continue;
        };
        for u in uses {
            match floor_of(u) {
                None => wrong.push(format!("{m} uses crate::{u}, which has no floor")),
                Some(f) if f > own => wrong.push(format!("{m} (floor {own}) uses {u} (floor {f})")),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The graph the test reads is the real one: the command line reaches the documents.
    assert!(g["cli"].contains("documents") && g["documents"].contains("render"));
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    // Depth-first search with colours: 1 = on the path, 2 = done.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match colour.get(m) {
            Some(2) => return None,
            Some(1) => {
                let start = path.iter().position(|p| p == m).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        colour.insert(m.to_string(), 1);
        path.push(m.to_string());
        for u in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(u, g, colour, path) {
                return Some(c);
            }
        }
        path.pop();
        colour.insert(m.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for m in g.keys() {
        let cycle = visit(m, &g, &mut colour, &mut Vec::new());
        assert!(cycle.is_none(), "cycle: {}", cycle.unwrap().join(" → "));
    }
}

#[test]
fn no_source_file_has_more_than_600_lines_of_non_test_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let n = non_test_code(&text).lines().count();
        if n > 600 {
            long.push(format!("{}: {n}", f.display()));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
    assert!(files.len() > 30, "the test reads the whole tree");
}

#[test]
fn references_are_read_from_paths_and_groups() {
    let r = references("use crate::model::Day;\nuse crate::{error::Failure, num};\nx(crate::calendar::Month::of(d))");
    let want: BTreeSet<String> = ["calendar", "error", "model", "num"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(r, want);
}
