//! Strategies for JSON input, valid and not.

use eft_session::strategy;
use proptest::prelude::*;

/// Any JSON value, a few levels deep.
pub fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        strategy::detail().prop_map(|c| serde_json::Value::from(c.as_str())),
        strategy::status().prop_map(|s| serde_json::Value::from(s.as_str())),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid status body, as JSON.
pub fn status_body() -> impl Strategy<Value = serde_json::Value> {
    strategy::status_response().prop_map(|body| serde_json::to_value(body).unwrap())
}

/// A valid body's text with one small edit: a byte inserted, removed or
/// replaced, or white space added. Mostly invalid, sometimes not.
pub fn near_valid_text() -> impl Strategy<Value = String> {
    (
        status_body(),
        any::<prop::sample::Index>(),
        prop_oneof![
            Just(None),
            prop::sample::select(vec![
                '"', '\\', ',', ':', '{', '}', '[', ']', ' ', '\n', '0', '-', '.', 'e', 'n', 'u',
                '\u{1}', 'é'
            ])
            .prop_map(Some),
        ],
        0..3usize,
    )
        .prop_map(|(body, index, byte, edit)| {
            let text = body.to_string();
            let chars: Vec<char> = text.chars().collect();
            let at = index.index(chars.len() + 1);
            let mut out: Vec<char> = chars.clone();
            match (edit, byte) {
                (0, Some(c)) => out.insert(at, c),
                (1, _) if at < out.len() => {
                    out.remove(at);
                }
                (_, Some(c)) if at < out.len() => out[at] = c,
                _ => out.insert(at.min(out.len()), ' '),
            }
            out.into_iter().collect()
        })
}
