//! A procedure's trust diagram as inline SVG, drawn from its data (`[[party]]` and `[[trust]]`
//! in `procedures/*.toml`, with the checklist's states): the zones (on premises, public
//! internet, tenant) behind the parties, each party a `<g data-node>`, each trust relation a
//! `<g data-link data-state>` coloured by the worst state of its steps, dashed when missing or
//! unknown, and labelled with a ✓/≈/◌/✗/○/? marker, its name and the rules that break it, so it
//! reads without colour too. `trust_layout` places and routes; this module draws.

use std::fmt::Write as _;

use super::escape::{esc, truncate};
use super::trust_layout::{LINE, Label, WIDTH, layout};
use crate::checklist::{StepStatus, TrustDiagram, TrustLink};

const STATES: [StepStatus; 6] = [
    StepStatus::Done,
    StepStatus::Deviation,
    StepStatus::Planned,
    StepStatus::Failed,
    StepStatus::Missing,
    StepStatus::Unknown,
];

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

/// `<from>-<to>` by party id (`data-link`).
pub(super) fn link_id(d: &TrustDiagram, link: &TrustLink) -> String {
    let id = |i: usize| d.parties.get(i).map_or("?", |p| p.id.as_str());
    format!("{}-{}", id(link.from), id(link.to))
}

/// What hovering a link shows: its ends, its state and why.
pub(super) fn link_title(d: &TrustDiagram, link: &TrustLink) -> String {
    let name = |i: usize| d.parties.get(i).map_or("?", |p| p.label.as_str());
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

/// The SVG for one procedure's diagram.
pub(super) fn svg(d: &TrustDiagram) -> String {
    let geometry = layout(d);
    let height = geometry.height;
    let mut out = String::new();
    let id = esc(&d.procedure);
    let _ = write!(
        out,
        r#"<svg class="trust" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="trust-title-{id} trust-desc-{id}">"#
    );
    let _ = write!(
        out,
        r#"<title id="trust-title-{id}">{title}: the trust chain</title><desc id="trust-desc-{id}">Each party of the trust, and each link between them marked done, planned, failed, missing or unknown from the checklist.</desc>"#,
        title = esc(&d.title)
    );
    defs(&mut out);
    for z in &geometry.zones {
        let _ = write!(
            out,
            r#"<g class="zone"><rect x="{x}" y="40" width="{w}" height="{h}" rx="10"/><text x="{tx}" y="28">{name}</text></g>"#,
            x = z.x,
            w = z.w,
            h = geometry.zone_bottom - 40 + 20,
            tx = z.x + z.w / 2,
            name = z.heading,
        );
        if !z.hidden.is_empty() {
            let _ = write!(
                out,
                r#"<text class="zone-note" x="{tx}" y="72">{what} not probed</text><text class="zone-note" x="{tx}" y="90">(hybridlint check --probe)</text>"#,
                tx = z.x + z.w / 2,
                what = esc(&z.hidden.join(" and ")),
            );
        }
    }
    for (link, (path, label)) in d.links.iter().zip(&geometry.routes) {
        draw_link(&mut out, d, link, path, label);
    }
    for (party, b) in d.parties.iter().zip(&geometry.boxes) {
        let Some(b) = b else { continue };
        let _ = write!(
            out,
            r#"<g class="node" data-node="{id}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8"/><text class="node-label" x="{cx}" y="{ly}">{label}</text>"#,
            id = esc(&party.id),
            x = b.left(),
            y = b.top(),
            w = b.w,
            h = b.h,
            cx = b.x,
            ly = if party.second.is_some() {
                b.y - 4
            } else {
                b.y + 5
            },
            label = esc(&truncate(&party.label, 30)),
        );
        if let Some(second) = &party.second {
            let _ = write!(
                out,
                r#"<text class="node-role" x="{cx}" y="{ry}">{second}</text>"#,
                cx = b.x,
                ry = b.y + 16,
                second = esc(&truncate(second, 34)),
            );
        }
        out.push_str("</g>");
    }
    legend(&mut out, height - 18);
    out.push_str("</svg>");
    out
}

fn defs(out: &mut String) {
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

fn draw_link(out: &mut String, d: &TrustDiagram, link: &TrustLink, path: &str, label: &Label) {
    let state = link.status.as_str();
    let lines = label_lines(link, label.max);
    let first_y = if label.up {
        label.y - LINE * (lines.len() as i32 - 1)
    } else {
        label.y
    };
    let via = link
        .via
        .and_then(|v| d.parties.get(v))
        .map(|p| format!(r#" data-via="{}""#, esc(&p.id)))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<g class="link {state}" data-link="{id}" data-state="{state}"{via}><title>{title}</title><path d="{path}" marker-end="url(#arrow-{state})"/><text class="link-label" x="{x}" y="{first_y}" text-anchor="{anchor}">"#,
        id = esc(&link_id(d, link)),
        title = esc(&link_title(d, link)),
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

/// Marker and name, then the first rule that breaks the link (or, without rules, why), "+N
/// more" past it; at most `max` characters a line.
fn label_lines(link: &TrustLink, max: usize) -> Vec<(String, &'static str)> {
    let mut lines = vec![(
        format!("{} {}", marker(link.status), truncate(&link.label, max)),
        "link-name",
    )];
    match (link.status, link.rules.as_slice()) {
        // The legend says what unknown means; a done link needs no reason.
        (StepStatus::Done | StepStatus::Unknown, []) | (StepStatus::Done, _) => {}
        (_, []) if !link.detail.is_empty() => {
            lines.push((truncate(&link.detail, max), "link-rule"));
        }
        (_, []) => {}
        (_, [first, rest @ ..]) => {
            lines.push((truncate(first, max), "link-rule"));
            if !rest.is_empty() {
                lines.push((format!("+{} more", rest.len()), "link-more"));
            }
        }
    }
    lines
}

fn legend(out: &mut String, y: i32) {
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
    use crate::checklist::DiagramParty;

    fn party(id: &str, zone: &'static str, column: usize, row: usize, shown: bool) -> DiagramParty {
        DiagramParty {
            id: id.into(),
            label: format!("{id} <label>"),
            second: Some(format!("{id} role")),
            zone,
            column,
            row,
            shown,
        }
    }

    fn link(from: usize, to: usize, status: StepStatus, rules: &[&str]) -> TrustLink {
        TrustLink {
            from,
            to,
            via: None,
            label: format!("link {from}-{to}"),
            status,
            detail: "why".to_string(),
            rules: rules.iter().map(|r| r.to_string()).collect(),
            steps: Vec::new(),
        }
    }

    /// Two rows and a probe-only row, like the seed's: pool (0) and certificate (1) on premises,
    /// a principal (2) and a service (3) in the tenant, DNS (4) on the internet.
    fn diagram(probed: bool) -> TrustDiagram {
        let mut links = vec![
            link(0, 1, StepStatus::Deviation, &["cert/der-encoded"]),
            link(0, 3, StepStatus::Done, &[]),
            link(1, 2, StepStatus::Failed, &["tenant/x", "tenant/y"]),
            TrustLink {
                via: Some(2),
                ..link(3, 0, StepStatus::Missing, &[])
            },
        ];
        if probed {
            links.push(link(3, 4, StepStatus::Unknown, &[]));
        }
        TrustDiagram {
            procedure: "p".into(),
            title: "T <&>".into(),
            parties: vec![
                party("pool", "On premises", 0, 1, true),
                party("certificate", "On premises", 0, 2, true),
                party("principal", "Microsoft 365 tenant", 2, 1, true),
                party("service", "Microsoft 365 tenant", 3, 1, true),
                party("dns", "Public internet", 1, 0, probed),
            ],
            links,
        }
    }

    fn path_of(svg: &str, link: &str) -> String {
        let at = svg
            .find(&format!(r#"data-link="{link}""#))
            .unwrap_or_else(|| panic!("no link {link}"));
        svg[at..]
            .split("d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn each_shown_party_and_link_is_drawn_with_its_state_and_escaped() {
        let svg = svg(&diagram(false));
        for id in ["pool", "certificate", "principal", "service"] {
            assert!(svg.contains(&format!(r#"data-node="{id}""#)), "{svg}");
        }
        assert!(svg.contains(r#"data-link="pool-certificate" data-state="deviation""#));
        assert!(svg.contains(r#"data-link="certificate-principal" data-state="failed""#));
        assert!(svg.contains("✗ link 1-2") && svg.contains("tenant/x") && svg.contains("+1 more"));
        assert!(svg.contains(r#"data-state="missing" data-via="principal""#));
        assert!(svg.contains("pool &lt;label&gt;") && svg.contains("T &lt;&amp;&gt;"));
        assert!(!svg.contains("<label>"));
        // Four links and the legend's six.
        assert_eq!(svg.matches("<g class=\"link ").count(), 4 + STATES.len());
    }

    #[test]
    fn a_party_only_probes_show_is_left_out_without_them_and_its_zone_says_why() {
        let without = svg(&diagram(false));
        assert!(!without.contains(r#"data-node="dns""#));
        assert!(without.contains("dns &lt;label&gt; not probed"));
        let with = svg(&diagram(true));
        assert!(with.contains(r#"data-node="dns""#));
        assert!(with.contains(r#"data-link="service-dns""#));
        assert!(!with.contains("not probed"));
        // The probe row adds height; the rows below keep their order.
        let height = |s: &str| {
            s.split("viewBox=\"0 0 1200 ")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|h| h.parse::<i32>().ok())
                .unwrap_or(0)
        };
        assert!(
            height(&with) > height(&without),
            "{} {}",
            height(&with),
            height(&without)
        );
    }

    #[test]
    fn links_are_straight_vertical_through_or_in_a_lane() {
        let svg = svg(&diagram(false));
        // Same column, rows apart.
        assert!(path_of(&svg, "pool-certificate").contains('V'));
        assert!(!path_of(&svg, "pool-certificate").contains('H'));
        // Same row with the principal between, naming no via: a lane below the row.
        let lane = path_of(&svg, "pool-service");
        assert_eq!(lane.matches('V').count(), 2, "{lane}");
        // Through the principal it names: a straight line broken around its box.
        let through = path_of(&svg, "service-pool");
        assert_eq!(through.matches('M').count(), 2, "{through}");
        assert!(!through.contains('V'), "{through}");
    }

    #[test]
    fn long_rule_lists_are_summarised() {
        let l = link(
            0,
            1,
            StepStatus::Failed,
            &["tenant/lync-credential-missing", "a/b", "c/d"],
        );
        let lines: Vec<String> = label_lines(&l, 36).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            lines,
            ["✗ link 0-1", "tenant/lync-credential-missing", "+2 more"]
        );
    }
}
