//! Draws a finding's parts (`human_shape::Shape`) without colour, byte for byte as
//! annotate-snippets' plain renderer draws them, for the shapes nearly every finding has: source
//! lines of printable ASCII, and a title with nothing the renderer rewrites. Long lines are cut
//! around the underlined span with `...` exactly as the renderer cuts them (its `Margin`).
//! annotate-snippets lays out every finding on a grid of styled characters (about 150,000
//! instructions a finding, a third of a human report of 2,500 findings); this writes the few
//! lines straight out. Any other shape is left to annotate-snippets (`draw` returns `false`);
//! tests hold the two equal over every fixture's findings and over generated ones.

use std::ops::Range;

use super::human_shape::{MessageKind, Part, Shape};

/// The parts of `shape` as annotate-snippets' plain renderer with a terminal width of
/// `term_width` draws them, appended to `out`; `false` (and `out` untouched) when the shape is one
/// only annotate-snippets draws.
pub fn draw(shape: &Shape, term_width: usize, out: &mut String) -> bool {
    let start = out.len();
    let drawn = draw_parts(shape, term_width, out);
    if drawn.is_none() {
        out.truncate(start);
    }
    drawn.is_some()
}

fn draw_parts(shape: &Shape, term_width: usize, out: &mut String) -> Option<()> {
    // The renderer rewrites tabs, control characters and a few invisible ones in the title.
    if rewritten_in_title(&shape.message) {
        return None;
    }
    // The line-number gutter is as wide as the largest line number shown.
    let gutter = shape
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Source { line, .. } => Some(digits(*line)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let level = shape.severity.as_str();
    out.push_str(level);
    out.push('[');
    out.push_str(shape.rule);
    out.push_str("]: ");
    // Continuation lines start under the message's first character.
    push_lines(out, &shape.message, level.len() + shape.rule.len() + 4);
    if matches!(shape.parts.first(), Some(Part::Message { .. })) {
        bar(out, gutter);
    }
    // The first place drawn is introduced by `-->`, the others by `:::` (annotate-snippets also
    // does so when the finding has no place of its own and a related one comes first).
    let mut first_place = true;
    for (i, part) in shape.parts.iter().enumerate() {
        match part {
            Part::Message { kind, text } => message(out, gutter, *kind, text),
            Part::Origin { path, at } => {
                origin(out, gutter, first_place, path);
                first_place = false;
                if let Some((line, column)) = at {
                    push_number(out, ':', *line);
                    push_number(out, ':', *column);
                }
            }
            Part::Source {
                path,
                line,
                text,
                span,
                primary,
                label,
            } => {
                if !text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
                    return None;
                }
                let rows = source_rows(text, span.clone(), *label, gutter, term_width, *primary)?;
                if !first_place {
                    bar(out, gutter);
                }
                origin(out, gutter, first_place, path);
                first_place = false;
                push_number(out, ':', *line);
                push_number(out, ':', span.start + 1);
                bar(out, gutter);
                out.push('\n');
                let mut digits = itoa::Buffer::new();
                let number = digits.format(*line);
                spaces(out, gutter.saturating_sub(number.len()));
                out.push_str(number);
                out.push_str(" |");
                push_ascii(out, rows.code.get(gutter + 2..).unwrap_or_default());
                out.push('\n');
                push_ascii(out, &rows.underline);
                if let Some(label) = label.filter(|l| !l.is_empty()) {
                    out.push(' ');
                    out.push_str(label);
                }
                if matches!(shape.parts.get(i + 1), Some(Part::Message { .. })) {
                    bar(out, gutter);
                }
            }
        }
    }
    Some(())
}

/// The source line's row (without its line number) and the underline's row (without the
/// label), as annotate-snippets lays them out: cut to the terminal's width around the span.
struct Rows {
    code: Vec<u8>,
    underline: Vec<u8>,
}

/// Lays out one line of printable ASCII (bytes, characters and columns are then the same) with
/// `span` underlined; `None` when the layout needs a label's display width that only
/// annotate-snippets works out (a label that is not printable ASCII, on a line too long to show
/// whole).
fn source_rows(
    text: &str,
    span: Range<usize>,
    label: Option<&str>,
    gutter: usize,
    term_width: usize,
    primary: bool,
) -> Option<Rows> {
    let code_offset = gutter + 3;
    let bytes = text.as_bytes();
    let len = bytes.len();
    // An empty span is drawn one column wide.
    let start = span.start;
    let end = if span.is_empty() { start + 1 } else { span.end };
    let label_width = match label {
        None => 0,
        Some(l) if l.bytes().all(|b| (0x20..0x7F).contains(&b)) => l.len() + 1,
        Some(_) => usize::MAX,
    };
    let margin = Margin::new(
        indent(bytes),
        start,
        end,
        end.saturating_add(label_width),
        term_width.saturating_sub(code_offset),
        len,
    )?;
    let left = margin.computed_left.min(len);
    let right = margin.right(len);
    let code = &bytes[left..right];
    let mut row = Vec::with_capacity(code_offset + code.len() + 3);
    put(&mut row, gutter + 1, b"|");
    let mut shown_from = 0;
    if margin.computed_left > 0 {
        // Cut on the left: `...` over the first three columns shown.
        put(&mut row, code_offset, b"...");
        shown_from = code.len().min(3);
    }
    put(&mut row, code_offset + shown_from, &code[shown_from..]);
    if len > right {
        let over = code.len().min(3);
        put(&mut row, code_offset + code.len() - over, b"...");
    }
    let mut underline = Vec::with_capacity(code_offset + end - left);
    put(&mut underline, gutter + 1, b"|");
    let mark = if primary { b'^' } else { b'-' };
    // The marks are consecutive, after the bar: blanks up to the first, then the marks.
    let first = (code_offset + start).saturating_sub(left);
    let last = (code_offset + end).saturating_sub(left);
    if last > first {
        underline.resize(first.max(underline.len()), b' ');
        underline.truncate(first);
        underline.resize(last, mark);
    }
    // A span wider than twice the room is shown by its ends, `...` between.
    let width = end - start;
    if width > margin.term_width.saturating_mul(2) && width > 13 {
        let pad = (margin.term_width / 3).max(5);
        let cut = code_offset + (start + pad).saturating_sub(left)
            ..code_offset + (end - pad).saturating_sub(left);
        replace(&mut row, cut.clone());
        replace(&mut underline, cut);
    }
    Some(Rows {
        code: row,
        underline,
    })
}

/// Writes `text` at `column` of `row`, padding with blanks.
fn put(row: &mut Vec<u8>, column: usize, text: &[u8]) {
    if text.is_empty() {
        return;
    }
    let end = column + text.len();
    if row.len() < end {
        row.resize(end, b' ');
    }
    row[column..end].copy_from_slice(text);
}

/// Replaces `cut` of `row` by `...` when it lies inside the row, as the renderer does.
fn replace(row: &mut Vec<u8>, cut: Range<usize>) {
    if cut.start == cut.end || cut.start > row.len() || cut.end > row.len() {
        return;
    }
    row.splice(cut, b"...".iter().copied());
}

/// How annotate-snippets fits a line to the terminal (its `Margin`, for one line holding one
/// span): the first column shown, and where to cut on the right.
struct Margin {
    computed_left: usize,
    computed_right: usize,
    term_width: usize,
}

impl Margin {
    const ELLIPSIS_PASSING: usize = 6;
    const LONG_WHITESPACE: usize = 20;
    const LONG_WHITESPACE_PADDING: usize = 4;

    /// `None` when the layout depends on a label width not known here (`usize::MAX`).
    fn new(
        whitespace_left: usize,
        span_left: usize,
        span_right: usize,
        label_right: usize,
        term_width: usize,
        max_line_len: usize,
    ) -> Option<Margin> {
        let whitespace_left = whitespace_left
            .min(span_left)
            .saturating_sub(Self::ELLIPSIS_PASSING);
        let span_left = span_left.saturating_sub(Self::ELLIPSIS_PASSING);
        let span_right = span_right + Self::ELLIPSIS_PASSING;
        let mut left = if whitespace_left > Self::LONG_WHITESPACE {
            whitespace_left - (Self::LONG_WHITESPACE - Self::LONG_WHITESPACE_PADDING)
        } else {
            0
        };
        let mut right = max_line_len.max(left);
        if right - left > term_width {
            if label_right == usize::MAX {
                return None;
            }
            let label_right = label_right + Self::ELLIPSIS_PASSING;
            if label_right.saturating_sub(whitespace_left) <= term_width
                && label_right >= whitespace_left
            {
                left = whitespace_left;
                right = left + term_width;
            } else if label_right - span_left <= term_width {
                let padding = (term_width - (label_right - span_left)) / 2;
                left = span_left.saturating_sub(padding);
                right = left + term_width;
            } else if span_right - span_left <= term_width {
                let padding = (term_width - (span_right - span_left)) / 5 * 2;
                left = span_left.saturating_sub(padding);
                right = left + term_width;
            } else {
                left = span_left;
                right = span_right;
            }
        }
        Some(Margin {
            computed_left: left,
            computed_right: right,
            term_width,
        })
    }

    fn right(&self, line_len: usize) -> usize {
        if line_len.saturating_sub(self.computed_left) <= self.term_width {
            line_len
        } else {
            line_len.min(self.computed_right)
        }
    }
}

/// The blanks before a line's first other character (none for a blank line).
fn indent(line: &[u8]) -> usize {
    let n = line.iter().take_while(|&&b| b == b' ').count();
    if n == line.len() { 0 } else { n }
}

/// Whether annotate-snippets rewrites any character of a title (its `normalize_whitespace`:
/// tabs, control characters other than the line feed, and a few invisible ones).
fn rewritten_in_title(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7F);
    }
    text.chars().any(|c| {
        matches!(
            c,
            '\u{0}'..='\u{9}'
                | '\u{B}'..='\u{1F}'
                | '\u{7F}'
                | '\u{200D}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
    })
}

/// `= note: …`, `= fix: …` or `= help: …`, its further lines under its first.
fn message(out: &mut String, gutter: usize, kind: MessageKind, text: &str) {
    out.push('\n');
    spaces(out, gutter + 1);
    out.push_str("= ");
    out.push_str(kind.name());
    out.push_str(": ");
    push_lines(out, text, gutter + 3 + kind.name().len() + 2);
}

/// `text`'s lines, each after the first on a new line indented by `indent`.
fn push_lines(out: &mut String, text: &str, indent: usize) {
    let mut lines = text.split('\n');
    out.push_str(lines.next().unwrap_or(""));
    for line in lines {
        out.push('\n');
        spaces(out, indent);
        out.push_str(line);
    }
}

/// A new line holding the gutter's bar, `   |`.
fn bar(out: &mut String, gutter: usize) {
    out.push('\n');
    spaces(out, gutter + 1);
    out.push('|');
}

/// A new line starting a place: `  --> path` for the first, `  ::: path` for the others.
fn origin(out: &mut String, gutter: usize, first: bool, path: &str) {
    out.push('\n');
    spaces(out, gutter);
    out.push_str(if first { "--> " } else { "::: " });
    out.push_str(path);
}

fn push_number(out: &mut String, before: char, n: usize) {
    out.push(before);
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends bytes known to be ASCII.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    // The rows are built only from ASCII text and ASCII marks.
    out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
}

fn spaces(out: &mut String, n: usize) {
    const BLANKS: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(BLANKS.len());
        out.push_str(&BLANKS[..take]);
        left -= take;
    }
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use annotate_snippets::Renderer;
    use annotate_snippets::renderer::DEFAULT_TERM_WIDTH;
    use proptest::prelude::*;

    use super::*;
    use crate::findings::Severity;
    use crate::report::human_shape::MessageKind;
    use crate::report::span;

    /// annotate-snippets' drawing of `shape`, as the human report asks for it.
    fn reference(shape: &Shape, width: Option<usize>) -> String {
        let renderer = match width {
            Some(w) => Renderer::plain().term_width(w),
            None => Renderer::plain(),
        };
        renderer.render(&shape.groups())
    }

    /// Whether `draw` agrees with annotate-snippets on `shape` (or leaves it to it).
    fn agrees(shape: &Shape, width: Option<usize>) -> Result<bool, String> {
        let mut out = String::from("kept");
        let drawn = draw(shape, width.unwrap_or(DEFAULT_TERM_WIDTH), &mut out);
        if !drawn {
            return if out == "kept" {
                Ok(false)
            } else {
                Err(format!("left {out:?} behind"))
            };
        }
        let want = format!("kept{}", reference(shape, width));
        if out == want {
            Ok(true)
        } else {
            Err(format!("drawn:\n{out}\nannotate-snippets:\n{want}"))
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[ -~]{0,60}",
            2 => "[ ]{0,40}[!-~][ -~]{0,30}",
            1 => "[ -~]{100,260}",
            1 => "[ -~\t]{0,30}",
            1 => "[a-zé日本\u{200D}\u{202E} ]{0,20}",
            1 => Just(String::new()),
        ]
    }

    fn message() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[ -~]{0,80}",
            1 => "[ -~]{0,20}\n[ -~]{0,20}(\n[ -~]{0,10}){0,2}",
            1 => "[ -~\t\u{200D}é…]{0,20}",
            1 => "( *\n){1,3}",
        ]
    }

    #[derive(Debug, Clone)]
    enum Place {
        Source {
            path: String,
            line: usize,
            text: String,
            column: u32,
            len: u32,
            label: Option<String>,
        },
        Origin {
            path: String,
            at: Option<(usize, usize)>,
        },
        Note(String),
    }

    fn place() -> impl Strategy<Value = Place> {
        let line = prop_oneof![0..12usize, 1..200usize, 1..100_000usize];
        let label = proptest::option::of(prop_oneof![
            "[ -~]{0,40}",
            "[a-zé…]{1,10}",
            Just(String::new())
        ]);
        prop_oneof![
            3 => ("[a-z/.]{1,30}", line.clone(), text(), 0..80u32, 0..30u32, label).prop_map(
                |(path, line, text, column, len, label)| Place::Source { path, line, text, column, len, label }
            ),
            1 => ("[a-z/.]{1,30}", proptest::option::of((line, 0..200usize))).prop_map(
                |(path, at)| Place::Origin { path, at }
            ),
            1 => "[ -~]{0,30}".prop_map(Place::Note),
        ]
    }

    fn shape_of<'a>(
        severity: Severity,
        rule: &'a str,
        message: &'a str,
        places: &'a [(Place, bool)],
        fix: Option<&'a str>,
    ) -> Shape<'a> {
        let mut parts = Vec::new();
        for (place, primary) in places {
            parts.push(match place {
                Place::Source {
                    path,
                    line,
                    text,
                    column,
                    len,
                    label,
                } => Part::Source {
                    path,
                    line: *line,
                    text,
                    span: span(text, *column, *len),
                    primary: *primary,
                    label: label.as_deref(),
                },
                Place::Origin { path, at } => Part::Origin { path, at: *at },
                Place::Note(text) => Part::Message {
                    kind: MessageKind::Note,
                    text: Cow::Borrowed(text),
                },
            });
        }
        if let Some(fix) = fix {
            parts.push(Part::Message {
                kind: MessageKind::Fix,
                text: Cow::Borrowed(fix),
            });
        }
        parts.push(Part::Message {
            kind: MessageKind::Help,
            text: Cow::Borrowed("run `hybridlint explain a/b`"),
        });
        Shape {
            severity,
            rule,
            message: Cow::Borrowed(message),
            parts,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever it draws is byte for byte what annotate-snippets draws: columns, tabs,
        /// non-ASCII text, empty and out-of-range spans, long lines, several places, messages
        /// over several lines, and terminal widths.
        #[test]
        fn draws_what_annotate_snippets_draws(
            severity in prop_oneof![Just(Severity::Error), Just(Severity::Warning), Just(Severity::Info)],
            rule in "[a-z]{1,10}/[a-z-]{1,20}",
            message in message(),
            places in prop::collection::vec((place(), any::<bool>()), 0..4),
            fix in proptest::option::of(message()),
            width in proptest::option::of(0..220usize),
        ) {
            let shape = shape_of(severity, &rule, &message, &places, fix.as_deref());
            if let Err(e) = agrees(&shape, width) {
                prop_assert!(false, "{shape:#?}\n{e}");
            }
        }
    }

    /// The generated shapes above are mostly drawn here, not left to annotate-snippets, so the
    /// property checks this drawer and not only its refusals.
    #[test]
    fn common_shapes_are_drawn_here() {
        let places = [
            (
                Place::Source {
                    path: "t.txt".into(),
                    line: 29,
                    text: "PS C:\\> Set-MsolServicePrincipal -AppPrincipalId x".into(),
                    column: 9,
                    len: 24,
                    label: Some("Tenant cmdlets run before a connection".into()),
                },
                true,
            ),
            (
                Place::Source {
                    path: "t.txt".into(),
                    line: 130,
                    text: "Set-MsolServicePrincipal : not found.".into(),
                    column: 1,
                    len: 0,
                    label: Some("the error record".into()),
                },
                false,
            ),
            (Place::Note("the other file: u.txt".into()), false),
        ];
        for n in 0..=places.len() {
            for width in [None, Some(80), Some(200)] {
                let shape = shape_of(
                    Severity::Error,
                    "tenant/not-connected",
                    "`Set-MsolServicePrincipal` runs before a successful `Connect-MsolService`",
                    &places[..n],
                    Some("Connect-MgGraph\n  -Scopes x\n\nend"),
                );
                assert_eq!(
                    agrees(&shape, width),
                    Ok(true),
                    "{n} places, width {width:?}"
                );
            }
        }
        let tab = [(
            Place::Source {
                path: "t.txt".into(),
                line: 1,
                text: "\tRealm = x".into(),
                column: 2,
                len: 5,
                label: None,
            },
            true,
        )];
        let shape = shape_of(Severity::Info, "a/b", "m", &tab, None);
        assert_eq!(
            agrees(&shape, None),
            Ok(false),
            "tabs are left to annotate-snippets"
        );
    }
}
