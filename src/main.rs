//! The `chitieu` binary: parse the command line, run, exit with the contract's code.

use clap::Parser;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: chitieu::allocator::Allocator = chitieu::allocator::Allocator;

fn main() {
    chitieu::allocator::tune();
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
