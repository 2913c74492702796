//! Views of the transition function, for people: a Markdown table, a Mermaid
//! state diagram, a Graphviz graph, and the table of detail codes.
//!
//! Each view is made by asking [`SessionStatus::transition`] about every
//! status and every kind of event, with every documented code of the event's
//! family, so it cannot say anything the code does not do. The output is
//! deterministic: statuses, events and codes come in their declared order.
//!
//! `cargo run --example transitions -- --format markdown|mermaid|dot|codes`
//! prints them; the README holds copies that a test keeps current.
//!
//! # Examples
//!
//! ```
//! let table = eft_session::views::markdown_table();
//! assert!(table.contains("| Initiated | start | **InProgress** |"));
//! assert!(table.contains("| Completed | cancel with EFT05xx | refused, 400: cannot cancel session: already terminal at Completed |"));
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::{Event, EventKind, SessionState, SessionStatus, StatusDetail, TransitionError};

/// What the transition function does with one kind of event in one status.
struct Rule {
    from: SessionStatus,
    kind: EventKind,
    outcome: Result<(SessionStatus, Vec<StatusDetail>), TransitionError>,
}

/// The events of `kind` that the views try: `Start`, or the kind with each
/// documented code of its target's family.
fn events_of(kind: EventKind) -> Vec<Event> {
    let with: fn(StatusDetail) -> Event = match kind {
        EventKind::Start => return Vec::from([Event::Start]),
        EventKind::Complete => Event::Complete,
        EventKind::Fail => Event::Fail,
        EventKind::Cancel => Event::Cancel,
        EventKind::Expire => Event::Expire,
    };
    StatusDetail::DOCUMENTED
        .iter()
        .filter(|code| code.status() == kind.target())
        .map(|code| with(*code))
        .collect()
}

/// Every (status, kind of event) pair, in declared order.
fn rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for from in SessionStatus::all() {
        for kind in EventKind::all() {
            let mut reached: Option<SessionStatus> = None;
            let mut codes = Vec::new();
            let mut refused = None;
            for event in events_of(kind) {
                match from.transition(event) {
                    Ok(step) => {
                        reached = Some(step.to());
                        codes.extend(step.detail());
                    }
                    Err(error) => refused = refused.or(Some(error)),
                }
            }
            let outcome = match (reached, refused) {
                (Some(to), None) => Ok((to, codes)),
                (_, Some(error)) => Err(error),
                // `events_of` yields at least one event for every kind.
                (None, None) => continue,
            };
            rules.push(Rule {
                from,
                kind,
                outcome,
            });
        }
    }
    rules
}

/// How an event of `kind` is named in the views: `start`, `cancel with EFT05xx`.
fn event_label(kind: EventKind) -> String {
    match kind {
        EventKind::Start => String::from(kind.as_str()),
        _ => format!("{kind} with EFT{:02}xx", kind.target().detail_family()),
    }
}

fn codes_label(codes: &[StatusDetail]) -> String {
    codes
        .iter()
        .map(|code| code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every status and kind of event, with what happens: the status reached and
/// the documented codes that reach it, or the error and its HTTP status.
///
/// # Examples
///
/// ```
/// let table = eft_session::views::markdown_table();
/// assert!(table.starts_with("| From | Event | Outcome |"));
/// assert!(table.contains("| InProgress | fail with EFT04xx | **Failed** (EFT0401, EFT0402, EFT0403, EFT0404) |"));
/// assert!(table.contains("| Initiated | complete with EFT03xx | refused, 409: cannot complete session in status Initiated |"));
/// ```
#[must_use]
pub fn markdown_table() -> String {
    let mut out = String::from("| From | Event | Outcome |\n|---|---|---|\n");
    for rule in rules() {
        let outcome = match &rule.outcome {
            Ok((to, codes)) if codes.is_empty() => format!("**{to}**"),
            Ok((to, codes)) => format!("**{to}** ({})", codes_label(codes)),
            Err(error) => format!("refused, {}: {error}", error.http_status()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {outcome} |",
            rule.from,
            event_label(rule.kind)
        );
    }
    out
}

/// The legal transitions as a Mermaid `stateDiagram-v2`, each labelled by its
/// event and codes; terminal states lead to the end marker.
///
/// # Examples
///
/// ```
/// let diagram = eft_session::views::mermaid();
/// assert!(diagram.starts_with("stateDiagram-v2\n"));
/// assert!(diagram.contains("    Initiated --> Cancelled: cancel EFT0501\n"));
/// assert!(diagram.contains("    Expired --> [*]\n"));
/// ```
#[must_use]
pub fn mermaid() -> String {
    let start = SessionState::INITIATED;
    let mut out = String::from("stateDiagram-v2\n");
    let _ = writeln!(
        out,
        "    [*] --> {}: create {}",
        start.status(),
        codes_label(&Vec::from_iter(start.detail()))
    );
    for rule in rules() {
        if let Ok((to, codes)) = &rule.outcome {
            let label = [rule.kind.as_str(), &codes_label(codes)].join(" ");
            let _ = writeln!(out, "    {} --> {to}: {}", rule.from, label.trim_end());
        }
    }
    for status in SessionStatus::all().filter(|status| status.is_terminal()) {
        let _ = writeln!(out, "    {status} --> [*]");
    }
    out
}

/// The legal transitions as a Graphviz DOT graph; terminal states are drawn
/// with a double border.
///
/// # Examples
///
/// ```
/// let graph = eft_session::views::dot();
/// assert!(graph.starts_with("digraph eft_session {\n"));
/// assert!(graph.contains("    InProgress -> Completed [label=\"complete EFT0301, EFT0302\"];\n"));
/// assert!(graph.contains("    Failed [peripheries=2];\n"));
/// ```
#[must_use]
pub fn dot() -> String {
    let start = SessionState::INITIATED;
    let mut out = String::from(
        "digraph eft_session {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n",
    );
    let _ = writeln!(out, "    start [shape=point];");
    for status in SessionStatus::all() {
        let border = if status.is_terminal() {
            " [peripheries=2]"
        } else {
            ""
        };
        let _ = writeln!(out, "    {status}{border};");
    }
    let _ = writeln!(
        out,
        "    start -> {} [label=\"create {}\"];",
        start.status(),
        codes_label(&Vec::from_iter(start.detail()))
    );
    for rule in rules() {
        if let Ok((to, codes)) = &rule.outcome {
            let label = [rule.kind.as_str(), &codes_label(codes)].join(" ");
            let _ = writeln!(
                out,
                "    {} -> {to} [label=\"{}\"];",
                rule.from,
                label.trim_end()
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Every documented detail code with its status, meaning and the products
/// whose docs list it, from the same table as [`StatusDetail::description`].
///
/// # Examples
///
/// ```
/// let codes = eft_session::views::status_detail_table();
/// assert!(codes.contains("| `EFT0402` | Failed | eligibility failed: no guaranteed EFT was offered | GEFT |"));
/// assert!(codes.contains("| `EFT0501` | Cancelled | session cancelled by API request | EFT V2, GEFT |"));
/// ```
#[must_use]
pub fn status_detail_table() -> String {
    let mut out = String::from("| Code | Status | Meaning | Products |\n|---|---|---|---|\n");
    for code in StatusDetail::DOCUMENTED {
        let products = code
            .products()
            .unwrap_or_default()
            .iter()
            .map(|product| product.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| `{code}` | {} | {} | {products} |",
            code.status(),
            code.description().unwrap_or_default()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_has_one_row() {
        let rules = rules();
        assert_eq!(
            rules.len(),
            SessionStatus::all().count() * EventKind::all().count()
        );
        assert_eq!(markdown_table().lines().count(), rules.len() + 2);
    }

    #[test]
    fn diagrams_draw_exactly_the_legal_rules() {
        let legal = rules().iter().filter(|rule| rule.outcome.is_ok()).count();
        assert_eq!(legal, 7);
        assert_eq!(mermaid().matches(" --> ").count(), legal + 1 + 4);
        assert_eq!(dot().matches(" -> ").count(), legal + 1);
    }
}
