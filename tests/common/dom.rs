//! Reading HTML in tests: a start-tag scanner (tag names and attributes, enough for documents
//! whose text is escaped), the trust diagram's nodes and links, and headless Chromium's rendered
//! DOM (`--dump-dom`).
//!
//! Chromium is Debian's `chromium` package (`apt-get install chromium`; `.ci/run` installs it).
//! `CHROMIUM=/path/to/browser` picks another build. Without one, `chromium()` says so on stderr
//! and returns `None`, except under CI (`CI` set), where a missing browser fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;

/// One start tag: its name (lower case), attributes, and where it starts and ends in the text.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub start: usize,
    pub end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Every start tag in `html`, in order. Comments are skipped; attribute values are unescaped for
/// `&amp;`, `&quot;`, `&#39;`, `&lt;` and `&gt;`.
pub fn tags(html: &str) -> Vec<Tag> {
    let tag = Regex::new(r#"<([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"#)
        .expect("tag regex");
    let attr = Regex::new(r#"([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#)
        .expect("attribute regex");
    let comments = Regex::new(r"(?s)<!--.*?-->").expect("comment regex");
    let text = comments.replace_all(html, |c: &regex::Captures| " ".repeat(c[0].len()));
    tag.captures_iter(&text)
        .map(|c| {
            let whole = c.get(0).expect("match");
            let attrs = attr
                .captures_iter(c.get(2).map_or("", |m| m.as_str()))
                .map(|a| {
                    let value = a
                        .get(2)
                        .or(a.get(3))
                        .or(a.get(4))
                        .map_or("", |m| m.as_str());
                    (a[1].to_ascii_lowercase(), unescape(value))
                })
                .collect();
            Tag {
                name: c[1].to_ascii_lowercase(),
                attrs,
                start: whole.start(),
                end: whole.end(),
            }
        })
        .collect()
}

pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Text with tags removed and entities unescaped.
pub fn text_of(html: &str) -> String {
    let re = Regex::new(r"<[^>]*>").expect("regex");
    unescape(&re.replace_all(html, ""))
}

/// Everything in `html` that would make a browser fetch something, or that is not self-contained:
/// `<link>`, `<script src>`, any `src`, an `href` that is not a fragment, `url(...)` that is not
/// a fragment (CSS or SVG attribute), `@import`, `@font-face`, and any `http://`/`https://` inside
/// `<style>`. Empty means self-contained.
pub fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for t in tags(html) {
        if t.name == "link" {
            found.push(format!("<link> at {}", t.start));
        }
        if t.name == "script" && t.attrs.contains_key("src") {
            found.push(format!("<script src> at {}", t.start));
        }
        for (name, value) in &t.attrs {
            let fetches = match name.as_str() {
                "src" | "srcset" | "data" | "poster" | "background" | "action" => true,
                "href" | "xlink:href" => !value.trim_start().starts_with('#'),
                _ => false,
            };
            if fetches {
                found.push(format!("<{} {name}={value:?}>", t.name));
            }
        }
    }
    // `url(...)` in CSS (`<style>`, `style=""`) and SVG attributes (`marker-end`, `fill`, …);
    // text content may mention URLs without fetching anything.
    let url = Regex::new(r#"(?i)url\(\s*['"]?\s*([^'")\s]*)"#).expect("url regex");
    let style = Regex::new(r"(?is)<style[^>]*>(.*?)</style>").expect("style regex");
    let css: Vec<String> = style
        .captures_iter(html)
        .map(|c| c[1].to_string())
        .chain(tags(html).into_iter().flat_map(|t| t.attrs.into_values()))
        .collect();
    for text in &css {
        for c in url.captures_iter(text) {
            if !c[1].starts_with('#') {
                found.push(format!("url({})", &c[1]));
            }
        }
    }
    let lower = html.to_ascii_lowercase();
    for at in ["@import", "@font-face"] {
        if lower.contains(at) {
            found.push(at.to_string());
        }
    }
    for c in style.captures_iter(html) {
        if c[1].contains("http://") || c[1].contains("https://") {
            found.push("a URL inside <style>".to_string());
        }
    }
    found
}

/// The diagram in `html`: node ids (each with its visible text) and link ids with their state.
#[derive(Debug, Default)]
pub struct Diagram {
    pub nodes: BTreeMap<String, String>,
    pub links: BTreeMap<String, String>,
    /// Each link's text: its label and its tooltip.
    pub link_text: BTreeMap<String, String>,
}

impl Diagram {
    pub fn node_ids(&self) -> BTreeSet<&str> {
        self.nodes.keys().map(String::as_str).collect()
    }

    pub fn state(&self, link: &str) -> &str {
        self.links
            .get(link)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no link {link} in {:?}", self.links))
    }
}

/// Reads the diagram from inside the document's `<svg class="trust">` element.
pub fn diagram(html: &str) -> Diagram {
    let Some(open) = html.find("<svg") else {
        panic!("no <svg> in the document");
    };
    let close = html[open..].find("</svg>").map_or(html.len(), |i| open + i);
    let svg = &html[open..close];
    let mut d = Diagram::default();
    for t in tags(svg) {
        if t.name != "g" {
            continue;
        }
        // Nodes and links hold no nested group: their content ends at the next `</g>`.
        let content_end = svg[t.end..].find("</g>").map_or(svg.len(), |i| t.end + i);
        let content = text_of(&svg[t.end..content_end]);
        if let Some(id) = t.attr("data-node") {
            d.nodes.insert(id.to_string(), content.clone());
        }
        if let Some(id) = t.attr("data-link") {
            let state = t.attr("data-state").unwrap_or("").to_string();
            d.links.insert(id.to_string(), state);
            d.link_text.insert(id.to_string(), content);
        }
    }
    d
}

/// Debian's Chromium (or the browser `CHROMIUM` names), or `None` (after saying so) when it is
/// not installed outside CI.
pub fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("CHROMIUM") {
        Some(p) => vec![PathBuf::from(p)],
        None => ["/usr/bin/chromium", "chromium", "chromium-browser"]
            .iter()
            .map(PathBuf::from)
            .collect(),
    };
    let found = candidates.into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing under CI: install it (apt-get install chromium); .ci/run does"
        );
        eprintln!("skipped: chromium not found (apt-get install chromium to run this test)");
    }
    found
}

/// The DOM Chromium builds from `file`, serialised (`--dump-dom`), with a fresh profile and
/// nothing that talks to the network. Fails after two minutes.
pub fn dump_dom(chromium: &Path, file: &Path) -> String {
    dump_dom_at(chromium, file, None)
}

/// `dump_dom` in a window `width` CSS pixels wide (Chromium's default when `None`).
pub fn dump_dom_at(chromium: &Path, file: &Path, width: Option<u32>) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out_dir = tempfile::tempdir().expect("output dir");
    let out_path = out_dir.path().join("dom.html");
    let out = std::fs::File::create(&out_path).expect("dom file");
    let url = format!(
        "file://{}",
        file.canonicalize().expect("absolute path").display()
    );
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(width.map(|w| format!("--window-size={w},1200")))
        .args(["--dump-dom", &url])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s for {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed ({status}) for {url}");
    let dom = std::fs::read_to_string(&out_path).expect("read the dumped DOM");
    assert!(
        dom.contains("</html>"),
        "chromium dumped no document for {url}:\n{dom}"
    );
    dom
}
