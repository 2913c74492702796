//! Prints a view of the transition function.
//!
//! `cargo run --example transitions -- --format markdown|mermaid|dot|codes`

use std::process::ExitCode;

use eft_session::views;

const USAGE: &str = "usage: transitions --format markdown|mermaid|dot|codes";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let format = match args.as_slice() {
        [flag, format] if flag == "--format" => format.as_str(),
        [flag] if flag.starts_with("--format=") => &flag["--format=".len()..],
        [] => "markdown",
        _ => return usage(&format!("unexpected arguments {args:?}")),
    };
    let view = match format {
        "markdown" => views::markdown_table(),
        "mermaid" => views::mermaid(),
        "dot" => views::dot(),
        "codes" => views::status_detail_table(),
        other => return usage(&format!("unknown format {other:?}")),
    };
    print!("{view}");
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}
