//! hybridlint: a linter for the server-to-server OAuth integration between on-premises Lync
//! Server 2013 / Skype for Business Server and Exchange Online.
//!
//! The pipeline: `evidence` and `probe` (loaders) → `model` (the normalised configuration) →
//! `procedure`, `rules`, `deployment` (judging) → `findings` → `checklist`, `diagnose`, `fix` →
//! `run_report` → `report` (reporters), with `domain` and the other small modules below them all
//! and `app` above. Imports run one way, down that list; `tests/architecture.rs` holds the layers
//! as data and the README's architecture section draws them.

pub mod app;
pub mod baseline;
pub mod builtin_files;
pub mod checklist;
pub mod cli;
pub mod clidocs;
pub mod cmdlets;
pub mod collect;
pub mod command_steps;
pub mod config;
pub mod deployment;
pub mod diagnose;
pub mod digest_text;
pub mod docs;
pub mod domain;
pub mod edit_distance;
pub mod evidence;
pub mod findings;
pub mod fingerprint;
pub mod fix;
pub mod gate;
pub mod guid;
pub mod hostname;
pub mod model;
pub mod outputs;
pub mod probe;
pub mod procedure;
pub mod progress;
pub mod ps_quote;
pub mod recording;
pub mod relpath;
pub mod report;
pub mod rule_description;
pub mod rules;
pub mod run_info;
pub mod run_report;
pub mod schema;
pub mod secrets;
pub mod snippets;
pub mod source_lines;
pub mod stdout;
pub mod steps;
pub mod suppress;
pub mod threads;
pub mod walk_order;
pub mod wellknown;
