//! The exit codes of the command line, documented in the README. Cron jobs and systemd units act
//! on them, so their numbers never change.

/// Everything done.
pub const SUCCESS: u8 = 0;
/// An unexpected failure (rendering, writing output).
pub const FAILURE: u8 = 1;
/// The command line is wrong (unknown option, `--from` after `--to`…).
pub const USAGE: u8 = 2;
/// Input data, targets or configuration are wrong or missing (or, for `run`, a document's data
/// are not complete yet and it was skipped).
pub const DATA: u8 = 3;
/// `run`: some documents failed, the others were produced.
pub const PARTIAL: u8 = 4;
/// `run`: nothing was due, or everything due was already up to date.
pub const NOTHING_DUE: u8 = 5;
/// `run`: another run holds the lock.
pub const LOCKED: u8 = 6;
/// `verify`: the document no longer matches its manifest.
pub const MISMATCH: u8 = 7;
