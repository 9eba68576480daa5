//! A writer that hashes what passes through it, on the writing thread or
//! on a thread of its own.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::digest::Sha256;

/// How many bytes are gathered before they go to the hashing thread.
const CHUNK: usize = 1 << 16;
/// How many chunks may wait for it: the memory stays bounded.
const WAITING: usize = 4;

/// Where the hashing happens.
enum Hasher {
    /// On the writing thread.
    Inline(Sha256),
    /// On a thread of its own, fed chunks in order, which it hands back to
    /// be filled again.
    Thread {
        pending: Vec<u8>,
        send: SyncSender<Vec<u8>>,
        back: Receiver<Vec<u8>>,
        done: JoinHandle<String>,
    },
}

impl Hasher {
    /// A hashing thread, or the inline hasher where none can be started.
    fn thread() -> Self {
        let (send, chunks) = sync_channel::<Vec<u8>>(WAITING);
        let (give_back, back) = sync_channel::<Vec<u8>>(WAITING + 1);
        let spawned = std::thread::Builder::new()
            .name("consent-gate-sha256".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for mut chunk in chunks {
                    hasher.update(&chunk);
                    chunk.clear();
                    // The writer may have finished: the chunk is then
                    // not needed.
                    let _ = give_back.try_send(chunk);
                }
                hasher.finish_hex()
            });
        match spawned {
            Ok(done) => Self::Thread {
                pending: Vec::with_capacity(CHUNK),
                send,
                back,
                done,
            },
            Err(_) => Self::Inline(Sha256::new()),
        }
    }

    fn update(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::Inline(hasher) => hasher.update(bytes),
            Self::Thread {
                pending,
                send,
                back,
                ..
            } => {
                pending.extend_from_slice(bytes);
                if pending.len() >= CHUNK {
                    let empty = back
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
                    let full = std::mem::replace(pending, empty);
                    send.send(full).map_err(|_| stopped())?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> io::Result<String> {
        match self {
            Self::Inline(hasher) => Ok(hasher.finish_hex()),
            Self::Thread {
                pending,
                send,
                done,
                ..
            } => {
                if !pending.is_empty() {
                    send.send(pending).map_err(|_| stopped())?;
                }
                drop(send);
                done.join().map_err(|_| stopped())
            }
        }
    }
}

fn stopped() -> io::Error {
    io::Error::other("the hashing thread stopped")
}

/// Passes bytes on to `inner` and hashes exactly the bytes it accepted.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Hasher,
}

impl<W: Write> HashingWriter<W> {
    /// Hashes on the writing thread.
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Hasher::Inline(Sha256::new()),
        }
    }

    /// Hashes on a thread of its own where `threaded` (and one can be
    /// started), else on the writing thread. The hash is the same.
    pub(crate) fn with_thread(inner: W, threaded: bool) -> Self {
        Self {
            inner,
            hasher: if threaded {
                Hasher::thread()
            } else {
                Hasher::Inline(Sha256::new())
            },
        }
    }

    /// The SHA-256 of every byte written, in lowercase hex.
    pub(crate) fn finish(self) -> io::Result<(W, String)> {
        let hex = self.hasher.finish()?;
        Ok((self.inner, hex))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or(buf))?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_bytes_written() {
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"abc").unwrap();
        let (bytes, hex) = w.finish().unwrap();
        assert_eq!(bytes, b"abc");
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// On its own thread, in chunks of every size around the chunk's, the
    /// hash is the inline one's.
    #[test]
    fn a_hashing_thread_gives_the_same_hash() {
        let data: Vec<u8> = (0..5 * CHUNK + 17).map(|i| (i * 31 % 251) as u8).collect();
        for piece in [1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK] {
            let mut inline = HashingWriter::new(Vec::new());
            let mut threaded = HashingWriter::with_thread(Vec::new(), true);
            for part in data.chunks(piece) {
                inline.write_all(part).unwrap();
                threaded.write_all(part).unwrap();
            }
            let (a, ha) = inline.finish().unwrap();
            let (b, hb) = threaded.finish().unwrap();
            assert_eq!(a, b);
            assert_eq!(ha, hb, "{piece}");
        }
        let (_, empty) = HashingWriter::with_thread(Vec::new(), true)
            .finish()
            .unwrap();
        assert_eq!(
            empty,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
