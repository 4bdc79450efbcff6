//! Where the trust diagram puts things: each party's box from its column and row (rows with no
//! party shown are left out), the zones behind them, and each link's route and label anchor.
//! Parties side by side (no box between) are joined by a straight line; a link that names a
//! party it passes through (`via`) is a straight line broken around that box; every other link
//! runs in a lane of its own in the gap below its row (or between its two rows). Geometry only:
//! what is drawn, and how it looks, is `trust_diagram`'s.

use crate::checklist::{DiagramParty, TrustDiagram};

pub(super) const WIDTH: i32 = 1200;
pub(super) const LINE: i32 = 15;
const MARGIN: i32 = 10;
const BOX_H: i32 = 64;
const MAX_BOX_W: i32 = 260;
/// The zones' headings sit above this; the first row's boxes below it.
const ZONE_TOP: i32 = 40;
/// Room for a label of three lines above a lane, and between lanes.
const LANE_GAP: i32 = 3 * LINE + 14;
/// How far in from a box's side a vertical link runs (and lanes at most), how far off the box's
/// centre the first lane leaves it, and the distance between lanes there.
const LANE_INSET: i32 = 22;
const LANE_OFF_CENTRE: i32 = 10;
const LANE_STEP: i32 = 26;
/// About how wide a label's character is, to tell whether a label fits beside its line.
const CHAR_W: i32 = 7;
/// The longest rule id, which a label's second line may hold.
const RULE_CHARS: usize = 36;

/// A party's box: centre and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Box2 {
    pub(super) x: i32,
    pub(super) y: i32,
    pub(super) w: i32,
    pub(super) h: i32,
}

impl Box2 {
    pub(super) fn left(self) -> i32 {
        self.x - self.w / 2
    }
    pub(super) fn right(self) -> i32 {
        self.x + self.w / 2
    }
    pub(super) fn top(self) -> i32 {
        self.y - self.h / 2
    }
    pub(super) fn bottom(self) -> i32 {
        self.y + self.h / 2
    }
}

/// Where a link's label goes: the anchor, how the text aligns to it, whether its lines stack up
/// from it (a label above a lane) or down, and how many characters a line may have there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Label {
    pub(super) x: i32,
    pub(super) y: i32,
    pub(super) anchor: &'static str,
    pub(super) up: bool,
    pub(super) max: usize,
}

/// A zone's background: its span and heading, and the note when none of its parties is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ZoneBox {
    pub(super) x: i32,
    pub(super) w: i32,
    pub(super) heading: &'static str,
    /// The labels of its parties left out (probe-only parties when no probes ran).
    pub(super) hidden: Vec<String>,
}

/// The whole drawing's geometry.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub(super) height: i32,
    /// Per party (by index); `None` when not shown.
    pub(super) boxes: Vec<Option<Box2>>,
    pub(super) zones: Vec<ZoneBox>,
    /// Per link (by index): SVG path data and its label's place.
    pub(super) routes: Vec<(String, Label)>,
    /// Where the zones' backgrounds end and the legend begins.
    pub(super) zone_bottom: i32,
}

/// How a link is drawn, decided before rows are spaced (lanes need room).
enum Shape {
    /// Side by side in one row, the `nth` link between the pair.
    Straight { nth: i32 },
    /// In one row, through the shown boxes between.
    Through,
    /// Same column, rows apart.
    Vertical,
    /// In lane `lane` of the gap below visible row `gap`.
    Lane { gap: usize, lane: i32 },
}

pub(super) fn layout(d: &TrustDiagram) -> Layout {
    let columns = d.parties.iter().map(|p| p.column + 1).max().unwrap_or(1) as i32;
    let slot = (WIDTH - 2 * MARGIN) / columns.max(1);
    let box_w = MAX_BOX_W.min(slot - 16);
    let x_of = |column: usize| MARGIN + slot * column as i32 + slot / 2;
    // The rows that have a party shown, top to bottom; each party's visible row.
    let mut rows: Vec<usize> = d
        .parties
        .iter()
        .filter(|p| p.shown)
        .map(|p| p.row)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let visible = |p: &DiagramParty| rows.iter().position(|r| *r == p.row);
    let shapes = shapes(d, &rows);
    // Whether a straight link's label goes under its line rather than under the boxes: the
    // only link between its two parties, with a free span (between the boxes' sides) its label
    // fits in.
    let wide: Vec<bool> = d
        .links
        .iter()
        .map(|l| {
            let (a, b) = (
                d.parties.get(l.from).map_or(0, |p| x_of(p.column)),
                d.parties.get(l.to).map_or(0, |p| x_of(p.column)),
            );
            let alone = d
                .links
                .iter()
                .filter(|o| {
                    (o.from.min(o.to), o.from.max(o.to)) == (l.from.min(l.to), l.from.max(l.to))
                })
                .count()
                == 1;
            let reason = if l.rules.is_empty() && l.detail.is_empty() {
                0
            } else {
                RULE_CHARS
            };
            let chars = (l.label.chars().count() + 2).max(reason).min(48) as i32;
            alone && (a - b).abs() - box_w >= chars * CHAR_W + 20
        })
        .collect();
    // Each visible row's y, from the room its straight labels and the lanes below it need.
    let lanes_below = |row: usize| {
        shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Lane { gap, lane } if *gap == row => Some(lane + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    };
    // Labels under the boxes: straight links between parties too close for a label beside
    // the line.
    let straight_room = |row: usize| {
        d.links
            .iter()
            .zip(&shapes)
            .zip(&wide)
            .filter(|((l, _), _)| {
                d.parties
                    .get(l.from)
                    .and_then(&visible)
                    .is_some_and(|r| r == row)
            })
            .filter_map(|((_, s), wide)| match s {
                Shape::Straight { nth } if !wide => Some((nth + 1) * 3 * LINE),
                // A wide link's label sits under its line, a vertical link's beside it, a
                // lane's above it.
                _ => None,
            })
            .max()
            .unwrap_or(0)
    };
    let mut ys: Vec<i32> = Vec::new();
    let mut lane_tops: Vec<i32> = Vec::new();
    let mut y = ZONE_TOP + 30 + BOX_H / 2;
    let mut zone_bottom = y;
    for row in 0..rows.len() {
        ys.push(y);
        let below = y + BOX_H / 2 + 22 + straight_room(row);
        let lanes = lanes_below(row);
        lane_tops.push(below + 2 * LINE);
        zone_bottom = below + lanes * LANE_GAP;
        y = zone_bottom + 30 + BOX_H / 2;
    }
    let height = zone_bottom + 60;
    let boxes: Vec<Option<Box2>> = d
        .parties
        .iter()
        .map(|p| {
            let row = visible(p).filter(|_| p.shown)?;
            Some(Box2 {
                x: x_of(p.column),
                y: ys[row],
                w: box_w,
                h: BOX_H,
            })
        })
        .collect();
    let zones = zones(d, &x_of, slot);
    let routes = routes(d, &shapes, &wide, &boxes, &lane_tops, box_w);
    Layout {
        height,
        boxes,
        zones,
        routes,
        zone_bottom,
    }
}

/// Each link's shape, and the lanes handed out gap by gap in link order.
fn shapes(d: &TrustDiagram, rows: &[usize]) -> Vec<Shape> {
    let visible = |i: usize| {
        d.parties
            .get(i)
            .and_then(|p| rows.iter().position(|r| *r == p.row))
    };
    let mut lanes_used: Vec<i32> = vec![0; rows.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    d.links
        .iter()
        .map(|l| {
            let (Some(a), Some(b)) = (visible(l.from), visible(l.to)) else {
                return Shape::Through;
            };
            let (from, to) = (&d.parties[l.from], &d.parties[l.to]);
            let between = |p: &DiagramParty| {
                p.shown
                    && p.row == from.row
                    && p.column > from.column.min(to.column)
                    && p.column < from.column.max(to.column)
            };
            if a == b && !d.parties.iter().any(between) {
                let pair = (l.from.min(l.to), l.from.max(l.to));
                let nth = pairs.iter().filter(|p| **p == pair).count() as i32;
                pairs.push(pair);
                Shape::Straight { nth }
            } else if a == b && l.via.is_some() {
                Shape::Through
            } else if from.column == to.column && a != b {
                Shape::Vertical
            } else {
                // Same row: the gap below it; rows apart: the gap next to the source, toward
                // the target.
                let gap = if b < a { a - 1 } else { a };
                let lane = lanes_used[gap];
                lanes_used[gap] += 1;
                Shape::Lane { gap, lane }
            }
        })
        .collect()
}

/// Each zone's span: from the first to the last column of its parties (shown or not).
fn zones(d: &TrustDiagram, x_of: &dyn Fn(usize) -> i32, slot: i32) -> Vec<ZoneBox> {
    let mut out: Vec<(&str, usize, usize, Vec<String>)> = Vec::new();
    for p in &d.parties {
        match out.iter_mut().find(|(z, ..)| *z == p.zone) {
            Some((_, first, last, hidden)) => {
                *first = (*first).min(p.column);
                *last = (*last).max(p.column);
                if !p.shown {
                    hidden.push(p.label.clone());
                }
            }
            None => out.push((
                p.zone,
                p.column,
                p.column,
                if p.shown {
                    Vec::new()
                } else {
                    vec![p.label.clone()]
                },
            )),
        }
    }
    out.sort_by_key(|(_, first, ..)| *first);
    out.into_iter()
        .map(|(zone, first, last, hidden)| {
            let shown_any = d.parties.iter().any(|p| p.zone == zone && p.shown);
            ZoneBox {
                x: x_of(first) - slot / 2 + 4,
                w: x_of(last) - x_of(first) + slot - 8,
                heading: zone,
                hidden: if shown_any { Vec::new() } else { hidden },
            }
        })
        .collect()
}

/// Each link's path and label place.
fn routes(
    d: &TrustDiagram,
    shapes: &[Shape],
    wide: &[bool],
    boxes: &[Option<Box2>],
    lane_tops: &[i32],
    box_w: i32,
) -> Vec<(String, Label)> {
    // Lanes leaving or entering each box's bottom or top, counted to spread them apart.
    let mut attached: Vec<(usize, bool)> = Vec::new();
    // The first lane at a box's edge leaves just off its centre toward the other end; each
    // later one (a lower lane, or a higher one above the box) one step farther back, outside
    // the span of the lanes before it, so lanes at one box never cross.
    let mut attach = |party: usize, bottom: bool, toward_right: bool| {
        let n = attached
            .iter()
            .filter(|(p, b)| *p == party && *b == bottom)
            .count() as i32;
        attached.push((party, bottom));
        let offset = (LANE_OFF_CENTRE - n * LANE_STEP).max(LANE_INSET - box_w / 2);
        if toward_right { offset } else { -offset }
    };
    let none = Box2 {
        x: 0,
        y: 0,
        w: 0,
        h: 0,
    };
    d.links
        .iter()
        .zip(shapes)
        .zip(wide)
        .map(|((l, shape), wide)| {
            let from = boxes.get(l.from).copied().flatten().unwrap_or(none);
            let to = boxes.get(l.to).copied().flatten().unwrap_or(none);
            let toward = if to.x >= from.x { 1 } else { -1 };
            match shape {
                Shape::Straight { nth } => {
                    let y = from.y - 12 + nth * 24;
                    let (start, end) =
                        (from.x + toward * from.w / 2, to.x - toward * (to.w / 2 + 2));
                    let label = Label {
                        x: (start + end) / 2,
                        y: if *wide {
                            y + 18
                        } else {
                            from.bottom() + 22 + nth * 3 * LINE
                        },
                        anchor: "middle",
                        up: false,
                        max: 48,
                    };
                    (format!("M{start},{y} H{end}"), label)
                }
                Shape::Through => {
                    let y = from.y;
                    let mut path = format!("M{},{y}", from.x + toward * from.w / 2);
                    let mut between: Vec<Box2> = d
                        .parties
                        .iter()
                        .enumerate()
                        .filter_map(|(i, _)| boxes.get(i).copied().flatten())
                        .filter(|b| b.y == y && b.x > from.x.min(to.x) && b.x < from.x.max(to.x))
                        .collect();
                    between.sort_by_key(|b| b.x * toward);
                    for b in between {
                        let (near, far) = if toward > 0 {
                            (b.left(), b.right())
                        } else {
                            (b.right(), b.left())
                        };
                        path.push_str(&format!(" H{near} M{far},{y}"));
                    }
                    path.push_str(&format!(" H{}", to.x - toward * (to.w / 2 + 2)));
                    // Under the line, in the widest free stretch.
                    let label = Label {
                        x: (from.x + to.x) / 2,
                        y: y + 18,
                        anchor: "middle",
                        up: false,
                        max: 48,
                    };
                    (path, label)
                }
                Shape::Vertical => {
                    // Down the side away from the lanes (which leave toward their targets),
                    // labelled on its inner side.
                    let left = from.x < WIDTH / 2;
                    let x = if left {
                        from.left() + LANE_INSET
                    } else {
                        from.right() - LANE_INSET
                    };
                    let down = to.y > from.y;
                    let (start, end) = if down {
                        (from.bottom(), to.top() - 2)
                    } else {
                        (from.top(), to.bottom() + 2)
                    };
                    // Near the target, clear of the lanes that cross the gap's middle.
                    let label = Label {
                        x: if left { x + 8 } else { x - 8 },
                        y: if down {
                            to.top() - 10
                        } else {
                            to.bottom() + 20
                        },
                        anchor: if left { "start" } else { "end" },
                        up: down,
                        max: ((from.w - 2 * LANE_INSET - LANE_STEP - 16) / 7).max(12) as usize,
                    };
                    (format!("M{x},{start} V{end}"), label)
                }
                Shape::Lane { gap, lane } => {
                    let lane_y = lane_tops.get(*gap).copied().unwrap_or(0) + lane * LANE_GAP;
                    let right = to.x > from.x;
                    let down_from = lane_y > from.y;
                    let x1 = from.x + attach(l.from, down_from, right);
                    let down_to = lane_y > to.y;
                    let x2 = to.x + attach(l.to, down_to, !right);
                    let (y1, y2) = (
                        if down_from { from.bottom() } else { from.top() },
                        if down_to {
                            to.bottom() + 2
                        } else {
                            to.top() - 2
                        },
                    );
                    let label = Label {
                        x: (x1 + x2) / 2,
                        y: lane_y - 7,
                        anchor: "middle",
                        up: true,
                        // The longest rule id (36) whole; longer only where the lane is long.
                        max: (((x1 - x2).abs() - 20) / 7).clamp(36, 48) as usize,
                    };
                    (format!("M{x1},{y1} V{lane_y} H{x2} V{y2}"), label)
                }
            }
        })
        .collect()
}
