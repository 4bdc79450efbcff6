//! The trust diagram of a procedure drawn from its data (`[[trust]]` in `procedures/*.toml`):
//! its parties in one row, on premises on the left, and each trust relation as a link coloured,
//! dashed and marked by the state of the steps that establish it, labelled with the rules that
//! break it. Adjacent parties are joined by straight lines, others by arcs above the row. The
//! seed procedure keeps its own hand-laid diagram (`diagram`); every other procedure gets this.

use std::fmt::Write as _;

use super::diagram::{defs, legend, marker};
use super::escape::{esc, truncate};
use crate::checklist::{StepStatus, TrustDiagram, TrustLink};

const WIDTH: i32 = 1200;
const BOX_W: i32 = 260;
const BOX_H: i32 = 64;
/// The row's centre line; arcs rise above it, straight links' labels sit below it.
const ROW_Y: i32 = 250;
const HEIGHT: i32 = 400;
const LINE: i32 = 15;

/// The x of party `i`'s centre, the parties spread evenly over the width.
fn centre(i: usize, count: usize) -> i32 {
    let count = count.max(1) as i32;
    let step = WIDTH / count;
    step / 2 + i as i32 * step
}

/// The SVG for one procedure's diagram.
pub(super) fn svg(d: &TrustDiagram) -> String {
    let mut out = String::new();
    let id = esc(&d.procedure);
    let _ = write!(
        out,
        r#"<svg class="trust" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="trust-title-{id} trust-desc-{id}">"#
    );
    let _ = write!(
        out,
        r#"<title id="trust-title-{id}">{title}: the trust chain</title><desc id="trust-desc-{id}">Each party of the trust, and each link between them marked done, planned, failed, missing or unknown from the checklist.</desc>"#,
        title = esc(&d.title)
    );
    defs(&mut out);
    // Parallel links between the same two parties are spread apart.
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for link in &d.links {
        let pair = (link.from.min(link.to), link.from.max(link.to));
        let nth = seen.iter().filter(|p| **p == pair).count() as i32;
        seen.push(pair);
        draw_link(&mut out, d, link, nth);
    }
    for (i, party) in d.parties.iter().enumerate() {
        let x = centre(i, d.parties.len());
        let _ = write!(
            out,
            r#"<g class="node" data-node="party-{i}"><rect x="{left}" y="{top}" width="{BOX_W}" height="{BOX_H}" rx="8"/><text class="node-label" x="{x}" y="{ly}">{label}</text></g>"#,
            left = x - BOX_W / 2,
            top = ROW_Y - BOX_H / 2,
            ly = ROW_Y + 5,
            label = esc(&truncate(party, 30)),
        );
    }
    legend(&mut out, HEIGHT - 18);
    out.push_str("</svg>");
    out
}

/// What hovering a link shows: its ends, its state and why.
pub(super) fn link_title(d: &TrustDiagram, link: &TrustLink) -> String {
    let name = |i: usize| d.parties.get(i).map_or("?", String::as_str);
    let state = link.status.as_str();
    if link.detail.is_empty() {
        format!("{} → {}: {state}", name(link.from), name(link.to))
    } else {
        format!(
            "{} → {}: {state}. {}",
            name(link.from),
            name(link.to),
            link.detail
        )
    }
}

fn draw_link(out: &mut String, d: &TrustDiagram, link: &TrustLink, nth: i32) {
    let count = d.parties.len();
    let (x1, x2) = (centre(link.from, count), centre(link.to, count));
    let toward = if x2 >= x1 { 1 } else { -1 };
    let adjacent = link.from.abs_diff(link.to) <= 1;
    let (path, label_x, label_y, up) = if adjacent {
        // Straight, between the boxes' sides; a second link between the same pair sits lower.
        let y = ROW_Y - 12 + nth * 24;
        let (start, end) = (x1 + toward * BOX_W / 2, x2 - toward * (BOX_W / 2 + 2));
        (
            format!("M{start},{y} H{end}"),
            (start + end) / 2,
            ROW_Y + BOX_H / 2 + 22 + nth * 3 * LINE,
            false,
        )
    } else {
        // An arc from top to top, higher the farther apart the parties are.
        let top = ROW_Y - BOX_H / 2;
        let rise = 40 + (link.from.abs_diff(link.to) as i32) * 30 + nth * 50;
        (
            format!(
                "M{x1},{top} C{x1},{c} {x2},{c} {x2},{e}",
                c = top - rise,
                e = top - 2
            ),
            (x1 + x2) / 2,
            top - rise * 3 / 4 - 6,
            true,
        )
    };
    let state = link.status.as_str();
    let lines = label_lines(link);
    let first_y = if up {
        label_y - LINE * (lines.len() as i32 - 1)
    } else {
        label_y
    };
    let _ = write!(
        out,
        r#"<g class="link {state}" data-link="{from}-{to}" data-state="{state}"><title>{title}</title><path d="{path}" marker-end="url(#arrow-{state})"/><text class="link-label" x="{label_x}" y="{first_y}" text-anchor="middle">"#,
        from = link.from,
        to = link.to,
        title = esc(&link_title(d, link)),
    );
    for (i, (text, class)) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan class="{class}" x="{label_x}" dy="{dy}">{text}</tspan>"#,
            dy = if i == 0 { 0 } else { LINE },
            text = esc(text),
        );
    }
    out.push_str("</text></g>");
}

/// Marker and name, then the first rule that breaks the link (or why), "+N more" past it.
fn label_lines(link: &TrustLink) -> Vec<(String, &'static str)> {
    let mut lines = vec![(
        format!("{} {}", marker(link.status), truncate(&link.label, 48)),
        "link-name",
    )];
    match (link.status, link.rules.as_slice()) {
        (StepStatus::Done | StepStatus::Unknown, []) | (StepStatus::Done, _) => {}
        (_, []) if !link.detail.is_empty() => {
            lines.push((truncate(&link.detail, 40), "link-rule"));
        }
        (_, []) => {}
        (_, [first, rest @ ..]) => {
            lines.push((truncate(first, 40), "link-rule"));
            if !rest.is_empty() {
                lines.push((format!("+{} more", rest.len()), "link-more"));
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram() -> TrustDiagram {
        let link = |from, to, status, rules: &[&str]| TrustLink {
            from,
            to,
            label: format!("link {from}-{to}"),
            status,
            detail: "why".to_string(),
            rules: rules.iter().map(|r| r.to_string()).collect(),
            steps: Vec::new(),
        };
        TrustDiagram {
            procedure: "exchange-hybrid".into(),
            title: "Exchange <hybrid>".into(),
            parties: vec![
                "On premises".into(),
                "Entra ID".into(),
                "Exchange Online".into(),
            ],
            links: vec![
                link(0, 1, StepStatus::Done, &[]),
                link(0, 2, StepStatus::Failed, &["tenant/x", "tenant/y"]),
                link(2, 0, StepStatus::Missing, &[]),
            ],
        }
    }

    #[test]
    fn each_party_and_link_is_drawn_with_its_state_and_escaped() {
        let svg = svg(&diagram());
        for i in 0..3 {
            assert!(svg.contains(&format!(r#"data-node="party-{i}""#)), "{svg}");
        }
        assert!(svg.contains(r#"data-link="0-1" data-state="done""#));
        assert!(svg.contains(r#"data-link="0-2" data-state="failed""#));
        assert!(svg.contains("✗ link 0-2") && svg.contains("tenant/x") && svg.contains("+1 more"));
        assert!(svg.contains(r#"data-link="2-0" data-state="missing""#));
        assert!(
            svg.contains("Exchange &lt;hybrid&gt;"),
            "titles are escaped"
        );
        assert!(!svg.contains("<hybrid>"));
    }

    #[test]
    fn adjacent_parties_get_a_line_and_others_an_arc() {
        let svg = svg(&diagram());
        let path = |link: &str| {
            let at = svg.find(&format!(r#"data-link="{link}""#)).unwrap_or(0);
            svg[at..]
                .split("d=\"")
                .nth(1)
                .unwrap_or("")
                .split('"')
                .next()
                .unwrap_or("")
                .to_string()
        };
        assert!(path("0-1").contains('H'), "{}", path("0-1"));
        assert!(path("0-2").contains('C'), "{}", path("0-2"));
    }
}
