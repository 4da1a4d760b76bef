//! Running the real binary in a folder, as staff would.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `air-bulletin` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_air-bulletin"))
        .args(args)
        .current_dir(dir)
        .env_remove("AIR_BULLETIN_CONFIG")
        .env("SOURCE_DATE_EPOCH", "")
        .output()
        .expect("binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Configuration, plan, rules and data loaded through the library, from a configuration file.
pub fn load_config(config: &Path) -> air_bulletin::load::Loaded {
    air_bulletin::load::load_file(config).unwrap_or_else(|_| panic!("{} loads", config.display()))
}

/// A temporary copy of a fixture folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for e in std::fs::read_dir(fixture(name)).expect("fixture") {
        let e = e.expect("entry");
        if e.path().is_file() {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
        }
    }
    dir
}
