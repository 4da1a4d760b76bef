//! The `air-bulletin` command.

fn main() -> std::process::ExitCode {
    air_bulletin::cli::main()
}
