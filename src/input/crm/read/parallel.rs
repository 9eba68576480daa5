//! [`Parallel`]: reading on several threads. The calling thread frames the
//! input into chunks of whole records; worker threads parse the chunks,
//! and so does the calling thread while it waits for the oldest; the items
//! come back in input order, so that every line number, record number,
//! error and the order of them all are what one thread gives.
//!
//! Chunks wait in one queue, numbered, and whichever thread is free takes
//! the next; parsed chunks come back in any order and are given in input
//! order. A worker is never idle while a chunk waits, even while the
//! calling thread waits for an older chunk that takes longer. Of `n`
//! threads, `n - 1` are started: the calling thread is the last, so that
//! no more threads run than were asked for (on two cores, four threads
//! where two were asked for cost more in switching than they gave). At
//! most [`IN_FLIGHT`] chunks per thread are queued, being parsed or parsed
//! and waiting, so memory stays bounded whatever the input's length. A
//! worker keeps nothing but its parser; dropping the reader closes the
//! queue and the workers end. No global state: each reader has its own
//! workers.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use super::ReadError;

/// How many bytes of whole records a chunk holds (more where one record
/// is longer).
pub(crate) const CHUNK: usize = 1 << 18;

/// How many chunks each thread may have, queued or parsed and waiting.
const IN_FLIGHT: usize = 2;

/// The threads a reader or an export uses unless told: the cores
/// available (one where they cannot be known).
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// What parses a chunk, on whichever thread.
pub(crate) trait ChunkParser: Send {
    /// A chunk of whole records, as framed.
    type Chunk: Send;
    /// What a chunk parses into.
    type Output: Send;
    /// A parser for another thread, with its own state.
    fn fork(&self) -> Self;
    /// Parses every record of `chunk`, up to and including an error that
    /// ends the input; gives back the chunk's bytes for reuse.
    fn parse(&mut self, chunk: Self::Chunk) -> (Self::Output, Vec<u8>);
}

/// What parses chunks of a file record by record: a file form's reader
/// over a chunk, with the numbering of the records before it.
pub(crate) trait EachChunk: Send {
    /// A chunk of whole records, as framed.
    type Chunk: Send;
    /// What one record reads into.
    type Item: Send;
    /// A parser for another thread, with its own state.
    fn fork(&self) -> Self;
    /// How many records of the input come before `chunk`'s first: the
    /// number of its first is one more.
    fn records_before(chunk: &Self::Chunk) -> u64;
    /// How many records `chunk` holds, as framing counted them: the room
    /// to make for its items at once, so that their list is not copied as
    /// it grows.
    fn records_in(chunk: &Self::Chunk) -> usize;
    /// Parses the records of `chunk` one by one into `each`, with the
    /// lines of the input read once it is read, up to and including an
    /// error that ends the input; gives back the chunk's bytes. Each
    /// record is done with before the next is parsed: `each` finds it in
    /// its slot, and may take it; one it leaves there lends its memory to
    /// the next (a record is large: lent in place, it is not copied to and
    /// fro).
    fn for_each(
        &mut self,
        chunk: Self::Chunk,
        each: impl FnMut(&mut Option<Result<Self::Item, ReadError>>, u64),
    ) -> Vec<u8>;
}

/// Parses chunks into lists of their items.
struct Collected<T>(T);

impl<T: EachChunk> ChunkParser for Collected<T> {
    type Chunk = T::Chunk;
    /// Each item, with the lines read once it is read.
    type Output = Vec<(Result<T::Item, ReadError>, u64)>;

    fn fork(&self) -> Self {
        Self(self.0.fork())
    }

    fn parse(&mut self, chunk: T::Chunk) -> (Self::Output, Vec<u8>) {
        let mut out = Vec::with_capacity(T::records_in(&chunk));
        let bytes = self.0.for_each(chunk, |item, lines| {
            if let Some(item) = item.take() {
                out.push((item, lines));
            }
        });
        (out, bytes)
    }
}

/// An item, with the lines of the input read once it was read (`None`
/// for an error of the input itself).
pub(crate) type Counted<T> = (Result<T, ReadError>, Option<u64>);

/// A reader's items parsed on worker threads, given one at a time in
/// input order: what a file form's reader holds to read on threads.
pub(crate) struct ParallelItems<T: EachChunk> {
    parallel: Parallel<'static, Collected<T>>,
    items: std::vec::IntoIter<(Result<T::Item, ReadError>, u64)>,
}

impl<T: EachChunk + 'static> ParallelItems<T> {
    /// Items of the chunks `parser` parses on `threads` threads of their
    /// own (started when the input has a second chunk).
    pub(crate) fn new(threads: usize, parser: T) -> Self {
        Self {
            parallel: Parallel::new(threads, Collected(parser), detached()),
            items: Vec::new().into_iter(),
        }
    }

    /// The next item, framing more of the input with `frame` as the
    /// workers need it.
    pub(crate) fn next(
        &mut self,
        mut frame: impl FnMut(Vec<u8>) -> io::Result<Option<T::Chunk>>,
    ) -> Option<Counted<T::Item>> {
        loop {
            if let Some((item, lines)) = self.items.next() {
                return Some((item, Some(lines)));
            }
            match self.parallel.next(&mut frame)? {
                Ok(items) => self.items = items.into_iter(),
                Err(e) => return Some((Err(e), None)),
            }
        }
    }
}

/// How worker threads are started: detached ([`detached`]), or inside a
/// scope ([`scoped`]) where the parser borrows.
pub(crate) type Spawn<'a> =
    Box<dyn FnMut(Box<dyn FnOnce() + Send + 'a>) -> io::Result<()> + Send + Sync + 'a>;

/// Threads of their own, for parsers that borrow nothing.
fn detached() -> Spawn<'static> {
    Box::new(|work| {
        std::thread::Builder::new()
            .name("consent-gate-read".into())
            .spawn(work)
            .map(drop)
    })
}

/// Threads of `scope`, for parsers that borrow what the scope outlives.
pub(crate) fn scoped<'scope>(scope: &'scope Scope<'scope, '_>) -> Spawn<'scope> {
    Box::new(move |work| {
        std::thread::Builder::new()
            .name("consent-gate-work".into())
            .spawn_scoped(scope, work)
            .map(drop)
    })
}

/// One parsed chunk, with its bytes to reuse.
struct Parsed<T> {
    output: T,
    bytes: Vec<u8>,
}

/// A chunk's number and what became of it: parsed, or `None` where its
/// worker stopped without it.
type Numbered<T> = (usize, Option<Parsed<T>>);

/// The calling thread's ends of the workers' two queues.
struct Workers<P: ChunkParser> {
    /// Numbered chunks, for whichever worker is free.
    jobs: SyncSender<(usize, P::Chunk)>,
    /// Parsed chunks, in the order they were done. Behind a lock only so
    /// that a reader is `Sync`, as it was on one thread; only the
    /// reader's own thread takes it.
    results: Mutex<Receiver<Numbered<P::Output>>>,
    /// Parsed chunks that came back before an older one, by number.
    early: BTreeMap<usize, Option<Parsed<P::Output>>>,
    /// The queue's receiving end, which the calling thread takes a chunk
    /// from to parse itself while it waits.
    queued: Arc<Queue<P::Chunk>>,
}

/// The queue of numbered chunks, which every parsing thread takes from.
type Queue<C> = Mutex<Receiver<(usize, C)>>;

/// Where the reading stands.
enum Mode<P: ChunkParser> {
    /// Nothing framed yet.
    Start,
    /// Parsing on the calling thread: one thread was asked for, the input
    /// was one chunk, or no thread could be started.
    Inline,
    /// Parsing on worker threads.
    Workers(Workers<P>),
}

/// Chunks parsed on `threads` threads, in input order.
pub(crate) struct Parallel<'a, P: ChunkParser> {
    threads: usize,
    parser: P,
    spawn: Spawn<'a>,
    mode: Mode<P>,
    /// Chunks sent and taken back, counted to number them and to know
    /// which comes next.
    sent: usize,
    taken: usize,
    /// Outputs parsed here, in order, not yet given.
    ready: std::collections::VecDeque<Result<P::Output, ReadError>>,
    spare: Vec<Vec<u8>>,
    /// The input has no more chunks.
    framed_all: bool,
    /// An error of the input itself, given after the chunks before it.
    failed: Option<ReadError>,
}

impl<'a, P: ChunkParser + 'a> Parallel<'a, P> {
    /// Chunks parsed by `parser` on `threads` threads: the calling thread
    /// and `threads - 1` workers started by `spawn`; with one, on the
    /// calling thread alone, and no thread is started.
    pub(crate) fn new(threads: usize, parser: P, spawn: Spawn<'a>) -> Self {
        Self {
            threads: threads.max(1),
            parser,
            spawn,
            mode: Mode::Start,
            sent: 0,
            taken: 0,
            ready: std::collections::VecDeque::new(),
            spare: Vec::new(),
            framed_all: false,
            failed: None,
        }
    }

    /// The next chunk's output, framing more of the input with `frame` as
    /// the workers need it (it takes a buffer to fill; `None` at the end).
    /// An error of the input comes after the chunks before it.
    pub(crate) fn next(
        &mut self,
        mut frame: impl FnMut(Vec<u8>) -> io::Result<Option<P::Chunk>>,
    ) -> Option<Result<P::Output, ReadError>> {
        loop {
            if let Some(output) = self.ready.pop_front() {
                return Some(output);
            }
            let mut framed = |spare: &mut Vec<Vec<u8>>, failed: &mut Option<ReadError>| match frame(
                spare.pop().unwrap_or_default(),
            ) {
                Ok(chunk) => chunk,
                Err(e) => {
                    *failed = Some(ReadError::Io(e));
                    None
                }
            };
            match &mut self.mode {
                Mode::Start => {
                    let first = framed(&mut self.spare, &mut self.failed);
                    let second = first
                        .is_some()
                        .then(|| framed(&mut self.spare, &mut self.failed))
                        .flatten();
                    self.framed_all = second.is_none();
                    self.mode = match second {
                        Some(_) if self.threads > 1 => self.spawn(),
                        _ => Mode::Inline,
                    };
                    for chunk in first.into_iter().chain(second) {
                        self.dispatch(chunk);
                    }
                }
                Mode::Inline => {
                    if self.framed_all {
                        return self.failed.take().map(Err);
                    }
                    match framed(&mut self.spare, &mut self.failed) {
                        Some(chunk) => self.dispatch(chunk),
                        None => self.framed_all = true,
                    }
                }
                Mode::Workers(_) => {
                    let capacity = IN_FLIGHT * self.threads;
                    while !self.framed_all && self.sent - self.taken < capacity {
                        match framed(&mut self.spare, &mut self.failed) {
                            Some(chunk) => self.dispatch(chunk),
                            None => self.framed_all = true,
                        }
                    }
                    if self.sent == self.taken {
                        return self.failed.take().map(Err);
                    }
                    self.take();
                }
            }
        }
    }

    /// Starts the workers; parses inline if no thread can be started.
    fn spawn(&mut self) -> Mode<P> {
        // No more chunks than this are out at once, so neither queue is
        // ever full when a chunk or its output is put in.
        let capacity = IN_FLIGHT * self.threads;
        let (jobs, queued) = sync_channel::<(usize, P::Chunk)>(capacity);
        let (done, results) = sync_channel(capacity);
        let queued = Arc::new(Mutex::new(queued));
        let mut started = 0;
        for _ in 1..self.threads {
            let (queued, done) = (Arc::clone(&queued), done.clone());
            let mut parser = self.parser.fork();
            if (self.spawn)(Box::new(move || work(&queued, &done, &mut parser))).is_err() {
                break;
            }
            started += 1;
        }
        // The calling thread is one of the threads: it parses chunks too
        // while it waits for the oldest.
        self.threads = started + 1;
        match started {
            0 => Mode::Inline,
            _ => Mode::Workers(Workers {
                jobs,
                results: Mutex::new(results),
                early: BTreeMap::new(),
                queued,
            }),
        }
    }

    /// Hands `chunk` to the workers, numbered, or parses it here.
    fn dispatch(&mut self, chunk: P::Chunk) {
        match &self.mode {
            Mode::Workers(workers) => {
                let number = self.sent;
                self.sent += 1;
                if workers.jobs.send((number, chunk)).is_err() {
                    // Every worker is gone (short of a panic, they cannot
                    // be): taking the chunk back gives the error.
                    self.framed_all = true;
                }
            }
            Mode::Start | Mode::Inline => {
                let (output, bytes) = self.parser.parse(chunk);
                self.spare.push(bytes);
                self.ready.push_back(Ok(output));
            }
        }
    }

    /// Takes back the oldest chunk sent, keeping any that come back
    /// before it.
    fn take(&mut self) {
        let Mode::Workers(workers) = &mut self.mode else {
            return;
        };
        let number = self.taken;
        self.taken += 1;
        let taken = loop {
            if let Some(parsed) = workers.early.remove(&number) {
                break parsed;
            }
            let Ok(results) = workers.results.get_mut() else {
                break None;
            };
            if let Ok((done, parsed)) = results.try_recv() {
                workers.early.insert(done, parsed);
                continue;
            }
            // Not back yet: parse a waiting chunk here meanwhile. A worker
            // waiting for the queue holds its lock, and then no chunk waits.
            let job = match workers.queued.try_lock() {
                Ok(queue) => queue.try_recv().ok(),
                Err(_) => None,
            };
            if let Some((done, chunk)) = job {
                let (output, bytes) = self.parser.parse(chunk);
                workers.early.insert(done, Some(Parsed { output, bytes }));
                continue;
            }
            match results.recv() {
                Ok((done, parsed)) => {
                    workers.early.insert(done, parsed);
                }
                // Every worker is gone.
                Err(_) => break None,
            }
        };
        match taken {
            Some(Parsed { output, bytes }) => {
                self.spare.push(bytes);
                self.ready.push_back(Ok(output));
            }
            None => {
                // A worker stopped without its chunk: nothing after it can
                // be given in order.
                self.ready.push_back(Err(stopped()));
                self.framed_all = true;
                self.sent = self.taken;
            }
        }
    }
}

/// A worker's life: the next chunk in the queue, whichever it is, parsed
/// and sent back with its number, until the reader is gone.
fn work<P: ChunkParser>(
    queued: &Queue<P::Chunk>,
    done: &SyncSender<Numbered<P::Output>>,
    parser: &mut P,
) {
    loop {
        // The lock is held while waiting: the other workers would wait
        // for the queue anyway.
        let job = match queued.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok((number, chunk)) = job else {
            return;
        };
        let unfinished = Unfinished { number, done };
        let (output, bytes) = parser.parse(chunk);
        std::mem::forget(unfinished);
        if done.send((number, Some(Parsed { output, bytes }))).is_err() {
            return;
        }
    }
}

/// A chunk being parsed: should its worker stop part-way (a panic, which
/// no outside input should cause), the reader is told, rather than wait
/// for the chunk for ever while the other workers wait for more.
struct Unfinished<'a, T> {
    number: usize,
    done: &'a SyncSender<Numbered<T>>,
}

impl<T> Drop for Unfinished<'_, T> {
    fn drop(&mut self) {
        let _ = self.done.try_send((self.number, None));
    }
}

/// The error of a reading thread that stopped.
fn stopped() -> ReadError {
    ReadError::Io(io::Error::other("a reading thread stopped"))
}

#[cfg(test)]
mod tests;
