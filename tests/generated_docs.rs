//! The README and the crate docs hold copies of the generated views. This test
//! fails when a copy no longer matches what the code generates; regenerate
//! them all with
//!
//!     UPDATE_GENERATED_DOCS=1 cargo test --test generated_docs

use std::path::Path;

use eft_session::views;

const REGENERATE: &str = "UPDATE_GENERATED_DOCS=1 cargo test --test generated_docs";

/// A generated block: where it lives, its marker name, and its text.
struct Block {
    file: &'static str,
    name: &'static str,
    text: String,
}

fn blocks() -> Vec<Block> {
    let fenced = |lang: &str, text: String| format!("```{lang}\n{text}```\n");
    vec![
        Block {
            file: "README.md",
            name: "mermaid",
            text: fenced("mermaid", views::mermaid()),
        },
        Block {
            file: "docs/transitions.md",
            name: "transitions",
            text: views::markdown_table(),
        },
        Block {
            file: "docs/status-details.md",
            name: "status-details",
            text: views::status_detail_table(),
        },
        Block {
            file: "docs/diagrams.md",
            name: "mermaid",
            text: fenced("mermaid", views::mermaid()),
        },
        Block {
            file: "docs/diagrams.md",
            name: "dot",
            text: fenced("dot", views::dot()),
        },
    ]
}

/// Replaces what stands between `<!-- generated:NAME -->` and
/// `<!-- /generated:NAME -->` in `document` with `text`.
fn splice(document: &str, name: &str, text: &str) -> Option<String> {
    let open = format!("<!-- generated:{name} -->\n");
    let close = format!("<!-- /generated:{name} -->");
    let start = document.find(&open)? + open.len();
    let end = start + document[start..].find(&close)?;
    Some(format!("{}{text}{}", &document[..start], &document[end..]))
}

#[test]
fn generated_copies_match_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GENERATED_DOCS").is_some();
    let mut stale = Vec::new();
    for block in blocks() {
        let path = root.join(block.file);
        let document =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", block.file));
        let fresh = splice(&document, block.name, &block.text).unwrap_or_else(|| {
            panic!(
                "{} has no <!-- generated:{} --> block",
                block.file, block.name
            )
        });
        if fresh != document {
            if update {
                std::fs::write(&path, fresh).unwrap();
            } else {
                stale.push(format!("{} ({})", block.file, block.name));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs in {}; regenerate with: {REGENERATE}",
        stale.join(", ")
    );
}

#[test]
fn splice_replaces_only_the_named_block() {
    let doc = "a\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nb\n";
    assert_eq!(
        splice(doc, "x", "new\n").unwrap(),
        "a\n<!-- generated:x -->\nnew\n<!-- /generated:x -->\nb\n"
    );
    assert_eq!(splice(doc, "y", "new\n"), None);
}

#[test]
fn every_view_is_deterministic() {
    for view in [
        views::markdown_table,
        views::mermaid,
        views::dot,
        views::status_detail_table,
    ] {
        assert_eq!(view(), view());
    }
}

/// `docs/openapi.json` is the OpenAPI document the crate generates, byte for
/// byte; the sandbox serves the same document at `/openapi.json`.
#[cfg(feature = "schemars")]
#[test]
fn the_checked_in_openapi_document_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json");
    let fresh = format!(
        "{}\n",
        serde_json::to_string_pretty(&eft_session::openapi::document()).unwrap()
    );
    if std::env::var_os("UPDATE_GENERATED_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "docs/openapi.json is stale; regenerate with: {REGENERATE} --all-features"
    );
}

/// The document is generated from the table: every status and each of its
/// spellings is in the status body's schema.
#[cfg(feature = "schemars")]
#[test]
fn the_openapi_document_names_every_status_from_the_table() {
    let document = eft_session::openapi::document();
    let schema = &document["components"]["schemas"]["SessionStatusResponse"];
    let names = schema["properties"]["status"]["enum"].to_string();
    for status in eft_session::SessionStatus::all() {
        for product in eft_session::Product::all() {
            assert!(
                names.contains(status.as_str_in(product)),
                "{status} in {names}"
            );
        }
    }
    assert_eq!(
        schema["oneOf"].as_array().map(Vec::len),
        Some(eft_session::SessionStatus::all().count())
    );
}
