//! The README's walk of the command line, run line by line in one bash
//! session against the real `eft-sandbox` on a free port: each line's exit
//! code is the number its comment starts with, and the text between
//! backquotes in the comment is in what it printed.

mod support;

use std::net::TcpListener;
use std::process::Command;

use support::{CLIENT, sandbox_binary};

/// The README's `sh` block that walks the command line.
fn walk() -> Vec<String> {
    let readme = include_str!("../README.md");
    let start = readme.find("```sh\neft-sandbox").expect("the walk's block") + "```sh\n".len();
    let end = start + readme[start..].find("```").expect("the block's end");
    readme[start..end].lines().map(str::to_owned).collect()
}

/// A line as `(command, expected exit code, expected text)`; a line that
/// ends in `&` runs in the background and has no code.
fn parse(line: &str) -> (String, Option<i32>, Option<String>) {
    let (command, comment) = line.rsplit_once("    # ").unwrap_or((line, ""));
    let code = comment
        .split_whitespace()
        .next()
        .and_then(|word| word.parse().ok());
    let text = comment.split('`').nth(1).map(str::to_owned);
    (command.trim().to_owned(), code, text)
}

/// Single quotes for bash.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[test]
fn every_line_of_the_readme_walk_does_what_its_comment_says() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut script = format!(
        "set -u\ncd {dir}\neft-client() {{ {client} \"$@\"; }}\neft-sandbox() {{ {sandbox} \"$@\"; }}\ntrap 'kill %1 2>/dev/null' EXIT\n",
        dir = quoted(&dir.path().display().to_string()),
        client = quoted(CLIENT),
        sandbox = quoted(&sandbox_binary().display().to_string()),
    );
    let lines = walk();
    assert!(lines.len() >= 15, "{lines:?}");
    let mut checked = 0;
    for (number, line) in lines.iter().enumerate() {
        let (command, code, text) = parse(&line.replace("8080", &port));
        let label = quoted(&format!("README walk line {}: {command}", number + 1));
        if let Some(background) = command.strip_suffix('&') {
            script.push_str(&format!(
                "{background} > sandbox.out 2>&1 &\nfor _ in $(seq 100); do grep -q 'listening on' sandbox.out && break; sleep 0.1; done\n\
                 grep -q 'listening on http://127.0.0.1:{port}' sandbox.out || {{ echo {label}: no listening line; cat sandbox.out; exit 1; }}\n"
            ));
            checked += 1;
            continue;
        }
        let Some(code) = code else {
            // A line without a code sets the stage (`export …`).
            script.push_str(&format!("{command}\n"));
            continue;
        };
        script.push_str(&format!(
            "{{ {command}\n}} > out 2> err\nrc=$?\nif [ $rc -ne {code} ]; then echo {label}: exit $rc, not {code}; cat out err; exit 1; fi\n"
        ));
        if let Some(text) = text {
            script.push_str(&format!(
                "cat out err | grep -qF -- {text} || {{ echo {label}: printed no {text}; cat out err; exit 1; }}\n",
                text = quoted(&text)
            ));
        }
        checked += 1;
    }
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        checked,
        lines.len() - 1,
        "every line but the export is checked"
    );
}
