//! The trust chain drawn as inline SVG: on premises on the left, the public internet in the
//! middle (DNS and metadata endpoints, when probed), the Microsoft 365 tenant on the right.
//! Each party is a `<g data-node>`, each link a `<g data-link data-state>`: coloured by state,
//! dashed when missing or unknown, and labelled with a ✓/≈/◌/✗/○/? marker, its name and the rules
//! that break it, so it reads without colour too. The layout is fixed (there are at most eight
//! parties); this module only places and routes, `graph` decides what is drawn.

use std::fmt::Write as _;

use super::escape::{esc, truncate};
use super::graph::{Link, NodeId, TrustGraph};
use crate::checklist::StepStatus;

const WIDTH: i32 = 1200;
const HEIGHT: i32 = 640;
const STATES: [StepStatus; 6] = [
    StepStatus::Done,
    StepStatus::Deviation,
    StepStatus::Planned,
    StepStatus::Failed,
    StepStatus::Missing,
    StepStatus::Unknown,
];

/// A node's box: centre and size.
#[derive(Clone, Copy)]
struct Box2 {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
}

impl Box2 {
    fn left(self) -> i32 {
        self.x - self.w / 2
    }
    fn right(self) -> i32 {
        self.x + self.w / 2
    }
    fn top(self) -> i32 {
        self.y - self.h / 2
    }
    fn bottom(self) -> i32 {
        self.y + self.h / 2
    }
}

fn place(id: NodeId) -> Box2 {
    let (x, y, w, h) = match id {
        NodeId::Endpoints => (395, 110, 190, 60),
        NodeId::Dns => (600, 110, 170, 60),
        NodeId::Pool => (150, 270, 210, 72),
        NodeId::LyncPrincipal => (805, 270, 220, 72),
        NodeId::ExchangeOnline => (1090, 270, 190, 72),
        NodeId::Certificate => (150, 520, 210, 72),
        NodeId::ExchangePrincipal => (805, 520, 220, 72),
        NodeId::Acs => (1090, 520, 190, 72),
    };
    Box2 { x, y, w, h }
}

/// Where a link's label goes: the anchor point, how the text aligns to it, and whether its
/// lines stack up from the anchor (a label above a line) or down from it.
struct Label {
    x: i32,
    y: i32,
    anchor: &'static str,
    up: bool,
    /// How many characters a line may have there (the longest rule id has 36).
    max: usize,
}

/// The longest rule id, so most labels show rule ids whole.
const RULE_CHARS: usize = 36;

fn below(x: i32, y: i32) -> Label {
    Label {
        x,
        y,
        anchor: "start",
        up: false,
        max: RULE_CHARS,
    }
}

fn above(x: i32, y: i32) -> Label {
    Label {
        up: true,
        ..below(x, y)
    }
}

/// The two lanes under the pool's row: partner application (to Exchange Online) and OAuth
/// server (to ACS).
const PARTNER_LANE: i32 = 350;
const OAUTH_LANE: i32 = 420;

/// A link's route: SVG path data, and where its label goes.
fn route(link: &Link) -> (String, Label) {
    use NodeId::*;
    let (from, to) = (place(link.from), place(link.to));
    match (link.from, link.to) {
        (Pool, Certificate) => (
            format!("M{},{} V{}", from.x, from.bottom(), to.top() - 2),
            // Left of the line, in the on-premises zone: room for `cert/*` ids (24 at most).
            Label {
                x: from.x - 10,
                y: (from.bottom() + to.top()) / 2 - 10,
                anchor: "end",
                up: false,
                max: 24,
            },
        ),
        (Certificate, LyncPrincipal) => (
            format!(
                "M{},{} C{},{} {},{} {},{}",
                from.right(),
                from.y - 16,
                from.right() + 200,
                from.y - 16,
                to.left() - 150,
                to.bottom() + 40,
                to.left() + 30,
                to.bottom() + 2
            ),
            below(490, 452),
        ),
        (Certificate, ExchangePrincipal) => (
            format!("M{},{} H{}", from.right(), from.y + 12, to.left() - 2),
            below(440, from.y + 34),
        ),
        (ExchangePrincipal, Acs) => (
            format!("M{},{} H{}", from.right(), from.y, to.left() - 2),
            Label {
                anchor: "middle",
                ..below((from.right() + to.left()) / 2, to.bottom() + 20)
            },
        ),
        (Pool, Acs) => (
            format!(
                "M{},{} V{} H{} V{}",
                from.x + 85,
                from.bottom(),
                OAUTH_LANE,
                to.x + 40,
                to.top() - 2
            ),
            above(300, OAUTH_LANE),
        ),
        (Pool, ExchangeOnline) => (
            format!(
                "M{},{} V{} H{} V{}",
                from.x + 55,
                from.bottom(),
                PARTNER_LANE,
                to.x - 40,
                to.bottom() + 2
            ),
            above(300, PARTNER_LANE),
        ),
        (ExchangeOnline, Pool) => {
            let via = place(LyncPrincipal);
            (
                format!(
                    "M{},{} H{} M{},{} H{}",
                    from.left(),
                    from.y,
                    via.right(),
                    via.left(),
                    from.y,
                    to.right() + 2
                ),
                above(300, from.y),
            )
        }
        (ExchangeOnline, Dns) => (
            format!(
                "M{},{} V{} H{}",
                from.x + 40,
                from.top(),
                to.y,
                to.right() + 2
            ),
            above(720, to.y),
        ),
        (Dns, Endpoints) => (
            format!("M{},{} H{}", from.left(), from.y, to.right() + 2),
            below(to.right() + 10, from.bottom() + 20),
        ),
        (Endpoints, Pool) => (
            format!("M{},{} H{} V{}", from.left(), from.y, to.x, to.top() - 2),
            below(to.x + 10, from.bottom() + 20),
        ),
        // Not in the chain: a straight line, should a new link appear before it has a route.
        _ => (
            format!("M{},{} L{},{}", from.x, from.y, to.x, to.y),
            below((from.x + to.x) / 2, (from.y + to.y) / 2),
        ),
    }
}

/// The marker that says a state without colour.
pub(super) fn marker(state: StepStatus) -> &'static str {
    match state {
        StepStatus::Done => "✓",
        StepStatus::Failed => "✗",
        StepStatus::Missing => "○",
        StepStatus::Planned => "◌",
        StepStatus::Deviation => "≈",
        StepStatus::Unknown => "?",
    }
}

/// How much shorter the drawing is without probes: the DNS and endpoints row is left out.
const NO_PROBE_SHIFT: i32 = 100;

/// The SVG for `graph`.
pub(super) fn svg(graph: &TrustGraph) -> String {
    let probed = graph.has(NodeId::Dns) || graph.has(NodeId::Endpoints);
    let shift = if probed { 0 } else { NO_PROBE_SHIFT };
    let height = HEIGHT - shift;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="trust" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="trust-title trust-desc">"#
    );
    out.push_str(r#"<title id="trust-title">The OAuth trust chain</title>"#);
    out.push_str(r#"<desc id="trust-desc">Each party of the server-to-server OAuth trust, and each link between them marked done, planned, failed, missing or unknown from the checklist.</desc>"#);
    defs(&mut out);
    zones(&mut out, height - 80, probed);
    let _ = write!(out, r#"<g transform="translate(0,{})">"#, -shift);
    for link in &graph.links {
        draw_link(&mut out, link);
    }
    for node in &graph.nodes {
        draw_node(&mut out, node.id, node.detail.as_deref());
    }
    out.push_str("</g>");
    legend(&mut out, height - 18);
    out.push_str("</svg>");
    out
}

pub(super) fn defs(out: &mut String) {
    out.push_str("<defs>");
    for s in STATES {
        let _ = write!(
            out,
            r#"<marker id="arrow-{s}" class="arrow {s}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="16" markerHeight="16" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>"#,
            s = s.as_str()
        );
    }
    out.push_str("</defs>");
}

/// The three zones' backgrounds and headings, `height` tall.
fn zones(out: &mut String, height: i32, probed: bool) {
    for (x, w, name) in [
        (10, 270, "On premises"),
        (290, 400, "Public internet"),
        (700, 490, "Microsoft 365 tenant"),
    ] {
        let _ = write!(
            out,
            r#"<g class="zone"><rect x="{x}" y="40" width="{w}" height="{height}" rx="10"/><text x="{tx}" y="28">{name}</text></g>"#,
            tx = x + w / 2
        );
    }
    if !probed {
        out.push_str(r#"<text class="zone-note" x="495" y="72">DNS and endpoints not probed</text><text class="zone-note" x="495" y="90">(hybridlint check --probe)</text>"#);
    }
}

fn draw_node(out: &mut String, id: NodeId, detail: Option<&str>) {
    let b = place(id);
    let second = detail.map_or_else(|| id.role().to_string(), |d| truncate(d, 30));
    let _ = write!(
        out,
        r#"<g class="node" data-node="{id}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8"/><text class="node-label" x="{cx}" y="{ly}">{label}</text><text class="node-role" x="{cx}" y="{ry}">{second}</text></g>"#,
        id = id.as_str(),
        x = b.left(),
        y = b.top(),
        w = b.w,
        h = b.h,
        cx = b.x,
        ly = b.y - 4,
        ry = b.y + 16,
        label = esc(id.label()),
        second = esc(&second),
    );
}

/// The label's lines, at most `max` characters each: marker and name, then the rules that break
/// the link (or, without rules, why), with "+N more" past the first.
fn label_lines(link: &Link, max: usize) -> Vec<(String, &'static str)> {
    let mut lines = vec![(format!("{} {}", marker(link.state), link.name), "link-name")];
    let rules = link.rules();
    match (link.state, rules.as_slice()) {
        // The legend says what unknown means; a done link needs no reason.
        (StepStatus::Done | StepStatus::Unknown, []) | (StepStatus::Done, _) => {}
        (_, []) => {
            if let Some(m) = link.message() {
                lines.push((truncate(m, max), "link-rule"));
            }
        }
        (_, [first, rest @ ..]) => {
            lines.push((truncate(first, max), "link-rule"));
            if !rest.is_empty() {
                lines.push((format!("+{} more", rest.len()), "link-more"));
            }
        }
    }
    lines
}

/// What hovering a link shows: its ends, its state and why.
pub(super) fn link_title(link: &Link) -> String {
    let state = link.state.as_str();
    match link.message() {
        Some(m) => format!("{} → {}: {state}. {m}", link.from.label(), link.to.label()),
        None => format!("{} → {}: {state}", link.from.label(), link.to.label()),
    }
}

fn draw_link(out: &mut String, link: &Link) {
    let (d, label) = route(link);
    let state = link.state.as_str();
    let title = link_title(link);
    let lines = label_lines(link, label.max);
    let first_y = if label.up {
        label.y - 7 - LINE * (lines.len() as i32 - 1)
    } else {
        label.y
    };
    let _ = write!(
        out,
        r#"<g class="link {state}" data-link="{id}" data-state="{state}"{via}><title>{title}</title><path d="{d}" marker-end="url(#arrow-{state})"/><text class="link-label" x="{x}" y="{first_y}" text-anchor="{anchor}">"#,
        id = esc(&link.id()),
        via = link
            .via
            .map(|v| format!(r#" data-via="{}""#, v.as_str()))
            .unwrap_or_default(),
        title = esc(&title),
        x = label.x,
        anchor = label.anchor,
    );
    for (i, (text, class)) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan class="{class}" x="{x}" dy="{dy}">{text}</tspan>"#,
            x = label.x,
            dy = if i == 0 { 0 } else { LINE },
            text = esc(text),
        );
    }
    out.push_str("</text></g>");
}

/// The distance between a label's lines.
const LINE: i32 = 15;

pub(super) fn legend(out: &mut String, y: i32) {
    let _ = write!(
        out,
        r#"<g class="legend"><text class="legend-title" x="20" y="{y}">Links:</text>"#
    );
    for (i, s) in STATES.iter().enumerate() {
        let x = 40 + i as i32 * 192;
        let word = match s {
            StepStatus::Done => "done",
            StepStatus::Deviation => "deviation, works",
            StepStatus::Failed => "failed",
            StepStatus::Missing => "missing",
            StepStatus::Planned => "planned",
            StepStatus::Unknown => "no evidence",
        };
        let _ = write!(
            out,
            r#"<g class="link {s}" data-legend="{s}"><path d="M{x},{py} h50" marker-end="url(#arrow-{s})"/><text class="legend-text" x="{tx}" y="{y}">{m} {word}</text></g>"#,
            s = s.as_str(),
            py = y - 5,
            tx = x + 62,
            m = marker(*s),
        );
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{Checklist, Step};
    use crate::report::html::graph::derive;

    fn step(id: &str, status: StepStatus, rules: &[&str]) -> Step {
        Step {
            id: id.into(),
            title: id.into(),
            status,
            location: None,
            detail: format!("detail of {id} <b>"),
            rules: rules.iter().map(|r| (*r).to_string()).collect(),
        }
    }

    #[test]
    fn every_node_and_link_is_drawn_with_its_state() {
        let checklist = Checklist {
            procedures: Vec::new(),
            steps: vec![
                step(
                    "export-certificate",
                    StepStatus::Failed,
                    &["cert/der-encoded"],
                ),
                step("spn:lyncweb.contoso.com", StepStatus::Done, &[]),
                step("dns", StepStatus::Done, &[]),
                step("metadata-endpoints", StepStatus::Missing, &["endpoint/x"]),
            ],
            ..Checklist::default()
        };
        let graph = derive(&checklist);
        let svg = svg(&graph);
        for n in &graph.nodes {
            assert!(
                svg.contains(&format!(r#"data-node="{}""#, n.id.as_str())),
                "{svg}"
            );
        }
        assert!(svg.contains(r#"data-link="pool-certificate" data-state="failed""#));
        assert!(svg.contains(
            r#"data-link="exchange-online-pool" data-state="done" data-via="lync-principal""#
        ));
        assert!(svg.contains(r#"data-link="endpoints-pool" data-state="missing""#));
        assert!(svg.contains(r#"data-link="pool-acs" data-state="unknown""#));
        assert!(svg.contains("✗ export"));
        assert!(svg.contains("detail of export-certificate &lt;b&gt;"));
        assert!(!svg.contains("not probed"));
        assert_eq!(
            svg.matches("<g class=\"link ").count(),
            graph.links.len() + STATES.len()
        );
    }

    #[test]
    fn without_probes_the_internet_zone_says_so() {
        let svg = svg(&derive(&Checklist::default()));
        assert!(svg.contains("not probed"));
        assert!(!svg.contains(r#"data-node="dns""#));
    }

    #[test]
    fn long_rule_lists_are_summarised() {
        let checklist = Checklist {
            procedures: Vec::new(),
            steps: vec![step(
                "lync-credential",
                StepStatus::Failed,
                &["tenant/lync-credential-missing", "guid/truncated", "a/b"],
            )],
            ..Checklist::default()
        };
        let graph = derive(&checklist);
        let link = graph
            .link(NodeId::Certificate, NodeId::LyncPrincipal)
            .expect("link");
        let lines: Vec<String> = label_lines(link, RULE_CHARS)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            lines,
            ["✗ credential", "tenant/lync-credential-missing", "+2 more"]
        );
    }
}
