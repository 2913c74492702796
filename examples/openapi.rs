//! Prints the OpenAPI 3.1 document of the session API, generated from the
//! crate's types: `cargo run --example openapi --features schemars`.

fn main() {
    let document = eft_session::openapi::document();
    // A Value always serializes.
    println!(
        "{}",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    );
}
