//! Paths named in the configuration, anchored at the configuration file's folder.

use std::path::{Path, PathBuf};

/// `base` joined with the relative `p`, with each `name/..` pair dropped, so that messages name
/// `output/national` rather than `data/national/../../output/national` (lexical only: symbolic links
/// are not followed, and a leading `..` is kept).
pub fn tidy_join(base: &Path, p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in base.components().chain(p.components()) {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_drop_name_dotdot_pairs() {
        assert_eq!(
            tidy_join(
                Path::new("data/national"),
                Path::new("../../output/national")
            ),
            PathBuf::from("output/national")
        );
        assert_eq!(
            tidy_join(Path::new(""), Path::new("../x")),
            PathBuf::from("../x")
        );
        assert_eq!(
            tidy_join(Path::new("a"), Path::new("..")),
            PathBuf::from(".")
        );
    }
}
