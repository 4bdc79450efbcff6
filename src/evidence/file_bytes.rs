//! Reads one evidence file's bytes, up to the evidence size limit, in as few system calls as a
//! correct read allows. On a folder of 2,000 small certificates the calls themselves (open, size,
//! read, probe for the end, close, each some microseconds on a virtual machine) cost as much as
//! decoding the certificates: the size the file has when opened lets one read take it whole.

use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::MAX_FILE_BYTES;
use super::discover::STDIN;

/// A file's bytes (standard input for `-`), unless it is over `MAX_FILE_BYTES` (checked before
/// reading, and again while reading in case it grows) or cannot be read.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    read_measured(path).map(|read| read.bytes)
}

/// A file's bytes, and what the file was when opened.
pub struct Measured {
    pub bytes: Vec<u8>,
    /// The open file's metadata, taken before its first byte was read (`None` for standard
    /// input, or when the system would not say): whoever reads the file again later compares
    /// against it. Asked of the open file, not of the path, it costs no extra system call (the
    /// size is needed anyway) and describes the very file read, even if the path is replaced.
    pub metadata: Option<Metadata>,
}

/// `read_capped` into `buffer`'s memory (what it holds is dropped): whoever reads file after
/// file reuses one allocation, where a fresh one for each file is fresh pages to fault in.
pub fn read_capped_into(path: &Path, buffer: Vec<u8>) -> Result<Vec<u8>, String> {
    read_measured_into(path, buffer).map(|read| read.bytes)
}

/// `read_capped`, with the file's metadata as it was opened.
pub fn read_measured(path: &Path) -> Result<Measured, String> {
    read_measured_into(path, Vec::new())
}

/// `read_measured` into `buffer`'s memory (see `read_capped_into`).
fn read_measured_into(path: &Path, mut buffer: Vec<u8>) -> Result<Measured, String> {
    buffer.clear();
    if path.as_os_str() == STDIN {
        return read_rest(std::io::stdin().lock(), buffer).map(|bytes| Measured {
            bytes,
            metadata: None,
        });
    }
    let mut file = File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let metadata = file.metadata().ok();
    let size = metadata.as_ref().map_or(0, |m| m.len());
    if size > MAX_FILE_BYTES {
        return Err(too_big(size));
    }
    // Only a regular file's size says what a read will give: a pipe, a device or a file under
    // /proc reports 0 (or anything) and is read to its end the ordinary way.
    let regular = metadata.as_ref().is_some_and(|m| m.is_file()) && size > 0;
    let bytes = if regular {
        match read_sized(&mut file, size as usize, buffer) {
            Ok(Sized::Whole(bytes)) => return Ok(Measured { bytes, metadata }),
            Ok(Sized::Grew(bytes)) => bytes,
            Err(e) => return Err(format!("cannot read file: {e}")),
        }
    } else {
        buffer
    };
    read_rest(file, bytes).map(|bytes| Measured { bytes, metadata })
}

/// What reading a file of a known size gave.
enum Sized {
    /// The file held exactly the bytes its size said (or fewer, ending in a read of nothing).
    Whole(Vec<u8>),
    /// The file had grown since it was opened: these bytes are its start, the rest is unread.
    Grew(Vec<u8>),
}

/// Reads a regular file that held `size` bytes when opened. Each read asks for one byte more
/// than the size leaves: a read that brings the total to exactly `size` while asked for more is
/// the end of the file as it was measured (a file read more slowly than asked stops short of
/// `size` and is read on; a file that grew gives that extra byte and is read on to its end). A
/// short read alone is never taken for the end: only reaching the measured size, or a read of
/// nothing, ends the loop. This saves the read of nothing that `read_to_end` ends on, one system
/// call in five per small file.
fn read_sized(file: &mut File, size: usize, mut bytes: Vec<u8>) -> std::io::Result<Sized> {
    if bytes.capacity() == 0 {
        // Zeroed by the allocator (fresh memory is zero already): no pass over the bytes.
        bytes = vec![0u8; size + 1];
    } else {
        // Memory already in use: zeroed again where it holds the bytes of an earlier file.
        bytes.resize(size + 1, 0);
    }
    let mut filled = 0;
    loop {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => {
                bytes.truncate(filled);
                return Ok(Sized::Whole(bytes));
            }
            Ok(n) => {
                filled += n;
                if filled == size {
                    bytes.truncate(filled);
                    return Ok(Sized::Whole(bytes));
                }
                if filled > size {
                    bytes.truncate(filled);
                    return Ok(Sized::Grew(bytes));
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Appends the rest of `reader` to `bytes`, to the end, up to one byte over the limit (to tell a
/// file at the limit from one over it).
fn read_rest(reader: impl Read, mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let room = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
    reader
        .take(room)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_big(size: u64) -> String {
    format!("file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for evidence; not read")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn files_of_every_small_size_read_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for len in [0, 1, 2, 31, 32, 33, 884, 4095, 4096, 4097, 65_536, 200_003] {
            let path = dir.path().join(format!("f{len}"));
            let want = bytes_of(len);
            std::fs::write(&path, &want).expect("written");
            assert_eq!(read_capped(&path).expect("readable"), want, "{len} bytes");
        }
    }

    #[test]
    fn a_file_that_grew_after_it_was_measured_is_read_to_its_end() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("growing");
        std::fs::write(&path, bytes_of(1000)).expect("written");
        let mut file = File::open(&path).expect("opened");
        // Measured at 1,000 bytes, then grown before the read.
        let grown = bytes_of(5000);
        std::fs::write(&path, &grown).expect("grown");
        let bytes = match read_sized(&mut file, 1000, Vec::new()).expect("readable") {
            Sized::Grew(start) => read_rest(file, start).expect("readable"),
            Sized::Whole(_) => panic!("a grown file was taken as whole"),
        };
        assert_eq!(bytes, grown);
    }

    #[test]
    fn a_file_that_shrank_after_it_was_measured_ends_at_a_read_of_nothing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("shrinking");
        std::fs::write(&path, bytes_of(1000)).expect("written");
        let mut file = File::open(&path).expect("opened");
        std::fs::write(&path, bytes_of(10)).expect("shrunk");
        match read_sized(&mut file, 1000, Vec::new()).expect("readable") {
            Sized::Whole(bytes) => assert_eq!(bytes, bytes_of(10)),
            Sized::Grew(_) => panic!("a shrunk file was taken as grown"),
        }
    }

    #[test]
    fn the_metadata_is_the_open_files() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("f");
        std::fs::write(&path, bytes_of(884)).expect("written");
        let read = read_measured(&path).expect("readable");
        let metadata = read.metadata.expect("a regular file says what it is");
        assert!(metadata.is_file());
        assert_eq!(metadata.len(), 884);
        assert_eq!(read.bytes, bytes_of(884));
        assert_eq!(
            metadata.modified().ok(),
            std::fs::metadata(&path).expect("there").modified().ok()
        );
    }

    #[test]
    fn files_whose_size_says_nothing_are_read_to_their_end() {
        // /proc files report a size of 0 and hold text.
        let path = Path::new("/proc/self/status");
        if path.exists() {
            let bytes = read_capped(path).expect("readable");
            assert!(String::from_utf8_lossy(&bytes).contains("Name:"));
        }
    }

    #[test]
    fn unreadable_files_say_why() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let missing = read_capped(&dir.path().join("missing")).expect_err("not there");
        assert!(missing.starts_with("cannot read file: "), "{missing}");
        // A folder opens but does not read.
        let folder = read_capped(dir.path()).expect_err("a folder");
        assert!(folder.starts_with("cannot read file: "), "{folder}");
    }
}
