use super::*;

/// Numbers its chunks' outputs; sleeps longer on early chunks, so that
/// later ones are done first; stops (panics) on chunk `stop`.
struct Slow {
    stop: Option<u32>,
}

impl ChunkParser for Slow {
    type Chunk = u32;
    type Output = u32;

    fn fork(&self) -> Self {
        Self { stop: self.stop }
    }

    fn parse(&mut self, chunk: u32) -> (u32, Vec<u8>) {
        assert_ne!(Some(chunk), self.stop, "a worker stopping part-way");
        std::thread::sleep(std::time::Duration::from_millis(u64::from(
            8_u32.saturating_sub(chunk),
        )));
        (chunk * 10, Vec::new())
    }
}

/// Every output, or error, in the order given, of `chunks` chunks.
fn read(threads: usize, chunks: u32, stop: Option<u32>) -> Vec<Result<u32, String>> {
    let mut parallel = Parallel::new(threads, Slow { stop }, detached());
    let mut framed = 0..chunks;
    std::iter::from_fn(|| parallel.next(|_| Ok(framed.next())))
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

#[test]
fn outputs_come_in_input_order_whatever_order_they_are_done_in() {
    let expected: Vec<_> = (0..40).map(|n| Ok(n * 10)).collect();
    for threads in [1, 2, 3, 8] {
        assert_eq!(read(threads, 40, None), expected, "{threads} threads");
    }
}

/// A parser that stops part-way on a worker ends the reading with an
/// error after the chunks before it; on the calling thread, which parses
/// chunks too while it waits, it stops the caller, as on one thread. Never
/// a hang.
#[test]
fn a_worker_stopping_part_way_ends_the_reading_with_an_error_not_a_hang() {
    for threads in [2, 3, 8] {
        // Read on a thread of its own, so that a hang fails the test.
        let (sent, outputs) = std::sync::mpsc::channel();
        std::thread::spawn(move || sent.send(read(threads, 40, Some(5))));
        match outputs.recv_timeout(std::time::Duration::from_secs(10)) {
            Ok(outputs) => {
                let (done, rest) = outputs.split_at(5);
                assert_eq!(done, (0..5).map(|n| Ok(n * 10)).collect::<Vec<_>>());
                assert_eq!(rest, [Err(stopped().to_string())], "{threads} threads");
            }
            // The calling thread parsed the chunk and stopped with it.
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("the reading hangs on {threads} threads")
            }
        }
    }
}

/// Notes the thread each chunk was parsed on.
struct Where;

impl ChunkParser for Where {
    type Chunk = u32;
    type Output = (u32, std::thread::ThreadId);

    fn fork(&self) -> Self {
        Self
    }

    fn parse(&mut self, chunk: u32) -> (Self::Output, Vec<u8>) {
        // Long enough that the calling thread waits for the oldest chunk
        // while younger ones are queued.
        std::thread::sleep(std::time::Duration::from_millis(2));
        ((chunk, std::thread::current().id()), Vec::new())
    }
}

/// Of `n` threads, the calling thread is one: `n - 1` are started, and the
/// calling thread parses chunks while it waits; the outputs still come in
/// input order.
#[test]
fn the_calling_thread_is_one_of_the_threads_and_parses_too() {
    let caller = std::thread::current().id();
    for threads in [2, 3] {
        let mut parallel = Parallel::new(threads, Where, detached());
        let mut framed = 0..60;
        let outputs: Vec<_> = std::iter::from_fn(|| parallel.next(|_| Ok(framed.next())))
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .expect("no error");
        let order: Vec<u32> = outputs.iter().map(|(chunk, _)| *chunk).collect();
        assert_eq!(order, (0..60).collect::<Vec<_>>());
        let mut others: Vec<_> = outputs
            .iter()
            .map(|(_, on)| *on)
            .filter(|on| *on != caller)
            .collect();
        others.sort_by_key(|on| format!("{on:?}"));
        others.dedup();
        assert!(
            outputs.iter().any(|(_, on)| *on == caller),
            "the calling thread parsed no chunk of 60 on {threads} threads"
        );
        assert!(
            others.len() < threads,
            "{} threads of their own for {threads} threads",
            others.len()
        );
    }
}
