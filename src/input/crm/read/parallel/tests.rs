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

#[test]
fn a_worker_stopping_part_way_ends_the_reading_with_an_error_not_a_hang() {
    for threads in [2, 3, 8] {
        // Read on a thread of its own, so that a hang fails the test.
        let (sent, outputs) = std::sync::mpsc::channel();
        std::thread::spawn(move || sent.send(read(threads, 40, Some(5))));
        let outputs = outputs
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the reading ends");
        let (done, rest) = outputs.split_at(5);
        assert_eq!(done, (0..5).map(|n| Ok(n * 10)).collect::<Vec<_>>());
        assert_eq!(rest, [Err(stopped().to_string())], "{threads} threads");
    }
}
