//! The id of the procedure evidence defaults to: `procedure` recognises by it, and the HTML
//! report keeps that procedure's hand-laid diagram, so both read it here.

/// The procedure evidence is judged as when nothing in it names a particular integration (a
/// certificate alone, probes): the one hybridlint was first written for
/// (`procedures/sfb-exchange-online.toml`).
pub const DEFAULT_PROCEDURE: &str = "sfb-exchange-online";
