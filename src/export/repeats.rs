//! Finding the numbers that occur more than once in a stream too long to
//! hold: an external sort in runs of fixed size, spilled to scratch files
//! and merged.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

/// How many numbers a run holds in memory: 8 MiB of them.
pub(crate) const RUN: usize = 1 << 20;

/// The numbers pushed so far: the current run in memory, and earlier runs
/// sorted, without repeats, in scratch files.
#[derive(Debug)]
pub(crate) struct Repeats {
    run: Vec<u64>,
    run_len: usize,
    /// Each spilled run's file and how many numbers it holds.
    spilled: Vec<(File, u64)>,
    /// Numbers already seen twice within one run.
    found: Vec<u64>,
}

impl Repeats {
    /// An empty stream whose runs hold `run_len` numbers (at least one).
    pub(crate) fn new(run_len: usize) -> Self {
        Self {
            run: Vec::new(),
            run_len: run_len.max(1),
            spilled: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Adds one number.
    pub(crate) fn push(&mut self, n: u64) -> io::Result<()> {
        if self.run.len() == self.run_len {
            self.spill()?;
        }
        self.run.push(n);
        Ok(())
    }

    /// Sorts the run, notes its repeats, and keeps each number once.
    fn close_run(&mut self) {
        self.run.sort_unstable();
        let found = &mut self.found;
        self.run.dedup_by(|n, kept| {
            let repeat = n == kept;
            if repeat && found.last() != Some(n) {
                found.push(*n);
            }
            repeat
        });
    }

    /// Writes the current run to a scratch file of its own.
    fn spill(&mut self) -> io::Result<()> {
        self.close_run();
        let mut out = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
        for n in &self.run {
            out.write_all(&n.to_le_bytes())?;
        }
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        self.spilled.push((file, self.run.len() as u64));
        self.run.clear();
        Ok(())
    }

    /// Every number pushed more than once, sorted, each once.
    pub(crate) fn finish(mut self) -> io::Result<Vec<u64>> {
        self.close_run();
        if self.spilled.is_empty() {
            let mut found = self.found;
            found.sort_unstable();
            return Ok(found);
        }
        let mut sources: Vec<Source> = self
            .spilled
            .into_iter()
            .map(|(file, left)| Source::File {
                reader: BufReader::with_capacity(1 << 16, file),
                left,
            })
            .collect();
        sources.push(Source::Memory(std::mem::take(&mut self.run).into_iter()));
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (i, source) in sources.iter_mut().enumerate() {
            if let Some(n) = source.next()? {
                heap.push(Reverse((n, i)));
            }
        }
        let mut found = self.found;
        let mut last = None;
        while let Some(Reverse((n, i))) = heap.pop() {
            // Each run holds a number once, so meeting it again here means
            // another run has it too.
            if last == Some(n) && found.last() != Some(&n) {
                found.push(n);
            }
            last = Some(n);
            if let Some(next) = sources.get_mut(i).map(Source::next).transpose()?.flatten() {
                heap.push(Reverse((next, i)));
            }
        }
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }
}

/// One sorted run being merged.
enum Source {
    /// A spilled run and how many of its numbers are still to be read.
    File {
        reader: BufReader<File>,
        left: u64,
    },
    Memory(std::vec::IntoIter<u64>),
}

impl Source {
    /// The run's next number. A spilled run ends after the count written,
    /// never at the first failed read: a scratch file cut short is an
    /// error (fail closed: a lost number could be a repeat), not the end.
    fn next(&mut self) -> io::Result<Option<u64>> {
        match self {
            Self::Memory(numbers) => Ok(numbers.next()),
            Self::File { left: 0, .. } => Ok(None),
            Self::File { reader, left } => {
                let mut bytes = [0; 8];
                reader.read_exact(&mut bytes)?;
                *left -= 1;
                Ok(Some(u64::from_le_bytes(bytes)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spilled run read back from a scratch file holding `bytes`, said
    /// to hold `left` numbers.
    fn spilled(bytes: &[u8], left: u64) -> Source {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file.rewind().unwrap();
        Source::File {
            reader: BufReader::new(file),
            left,
        }
    }

    /// A scratch file cut short (mid-number, or whole numbers missing) is
    /// an error, never an early end that would lose a repeat; a run ends
    /// after the count written, whatever follows.
    #[test]
    fn a_spilled_run_cut_short_is_an_error_not_its_end() {
        let two: Vec<u8> = [7u64, 9].iter().flat_map(|n| n.to_le_bytes()).collect();
        let mut whole = spilled(&two, 2);
        assert_eq!(whole.next().unwrap(), Some(7));
        assert_eq!(whole.next().unwrap(), Some(9));
        assert_eq!(whole.next().unwrap(), None);
        let mut counted = spilled(&two, 1);
        assert_eq!(counted.next().unwrap(), Some(7));
        assert_eq!(counted.next().unwrap(), None);
        for cut in [two.len() - 1, two.len() - 8, two.len() - 8 - 3] {
            let mut short = spilled(&two[..cut], 2);
            let read: Vec<_> = (0..3).map(|_| short.next()).collect();
            assert!(read.iter().any(Result::is_err), "cut at {cut}");
            assert!(!read.iter().any(|r| matches!(r, Ok(None))), "cut at {cut}");
        }
    }

    fn repeats(numbers: &[u64], run_len: usize) -> Vec<u64> {
        let mut r = Repeats::new(run_len);
        for &n in numbers {
            r.push(n).unwrap();
        }
        r.finish().unwrap()
    }

    /// The same answer as counting in a map, whatever the run length:
    /// repeats within a run, across runs, and in the last run in memory.
    #[test]
    fn finds_every_repeat_once_whatever_the_run_length() {
        let mut numbers: Vec<u64> = (0..500).map(|i| (i * 7919) % 613).collect();
        numbers.extend([u64::MAX, 0, u64::MAX, 42]);
        let mut counts = std::collections::BTreeMap::new();
        for n in &numbers {
            *counts.entry(*n).or_insert(0) += 1;
        }
        let expected: Vec<u64> = counts
            .into_iter()
            .filter(|(_, c)| *c > 1)
            .map(|(n, _)| n)
            .collect();
        assert!(!expected.is_empty());
        for run_len in [1, 2, 3, 64, 100, 1000] {
            assert_eq!(repeats(&numbers, run_len), expected, "run length {run_len}");
        }
    }

    /// Memory stays at one run: the rest goes to scratch files.
    #[test]
    fn a_run_never_holds_more_than_its_length() {
        let mut r = Repeats::new(4);
        for n in 0..10 {
            r.push(n % 7).unwrap();
            assert!(r.run.len() <= 4);
        }
        assert_eq!(r.spilled.len(), 2);
        assert_eq!(r.finish().unwrap(), [0, 1, 2]);
    }

    #[test]
    fn distinct_numbers_have_no_repeats() {
        let numbers: Vec<u64> = (0..1000).rev().collect();
        for run_len in [1, 10, 999, 1000, 1001] {
            assert!(repeats(&numbers, run_len).is_empty());
        }
        assert!(repeats(&[], 4).is_empty());
    }
}
