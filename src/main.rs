//! The `chitieu` binary: parse the command line, run, exit with the contract's code.

use clap::Parser;

// mimalloc over the system allocator: a run makes millions of small strings
// on every core, and glibc's per-thread arenas keep freed memory fragmented.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = chitieu::cli::Cli::parse();
    chitieu::cli::init_logging(&cli);
    let code = match chitieu::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("chitieu: {e:#}");
            chitieu::cli::EXIT_PROBLEMS
        }
    };
    std::process::exit(code);
}
