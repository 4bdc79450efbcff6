//! Limits the probes read within, which rules name when a response reached them.

/// Bodies longer than this are not read further: no metadata document comes close, and a server
/// that streams forever must not fill memory. `endpoint/metadata-invalid` says so when a body was
/// cut here.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
