//! The `air-bulletin` command.

/// mimalloc: Typst's layout allocates many small objects; glibc's allocator costs a sixth of the
/// layout time (measured with `perf` on `cargo bench --bench render`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    air_bulletin::cli::main()
}
