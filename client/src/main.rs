//! `eft-client`: the session API from the command line.
//!
//! ```text
//! eft-client --base-url http://127.0.0.1:8080 --client-id sandbox --client-secret sandbox status <ID>
//! eft-client --help
//! ```

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    eft_client::cli::main(eft_client::cli::Args::parse())
}
