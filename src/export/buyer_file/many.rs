//! [`BuyerJobs`]: several buyer files' exports from one pass over the
//! input.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::*;

/// Records handed to every job at once.
const BATCH: usize = 1024;
/// Batches a job may have waiting: the memory stays bounded whatever the
/// input's size.
const WAITING: usize = 4;

type Shared = Result<Arc<Record>, ReadError>;

/// Several buyer files' exports, each to its own path (with its own
/// decision log, where its job keeps one), from **one pass over the
/// input**: reading is most of a job's time, and a nightly job for five
/// buyers reads its dump once, not five times.
///
/// The input is read on the calling thread; each export runs on a thread
/// of its own, fed the same records in batches, so the memory stays
/// bounded. Each export's output, receipt and decision log are the bytes
/// its job alone would write from the same input.
///
/// ```
/// use consent_gate::crm::read_csv;
/// use consent_gate::export::{BuyerFile, BuyerJobs, OnBadRow};
/// use consent_gate::synthetic::{self, Synthetic};
///
/// let broker = synthetic::broker();
/// let buyer = |purpose| BuyerFile::from_json(format!(r#"{{"buyer": "Emma's Diary Ltd",
///     "end_recipient": "Emma's Diary Ltd", "purpose": "{purpose}",
///     "as_of": "2017-05-01T00:00:00Z"}}"#).as_bytes());
/// let (post, email) = (buyer("marketing_post")?, buyer("marketing_email")?);
/// let dir = tempfile::tempdir()?;
/// let (a, b) = (dir.path().join("post.csv"), dir.path().join("email.csv"));
/// let mut dump = Vec::new();
/// Synthetic::new(200, 7).write_csv(&mut dump)?;
///
/// let receipts = BuyerJobs::default()
///     .add(post.job(&broker).on_bad_row(OnBadRow::SetAside), &a)
///     .add(email.job(&broker).on_bad_row(OnBadRow::SetAside), &b)
///     .write(read_csv(dump.as_slice()));
/// for receipt in receipts {
///     assert_eq!(receipt?.records_in, 200);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
#[must_use = "the jobs do nothing until `write` runs them"]
pub struct BuyerJobs<'a> {
    jobs: Vec<(BuyerJob<'a>, &'a Path)>,
}

impl<'a> BuyerJobs<'a> {
    /// Adds a job, writing to `output` atomically.
    pub fn add(mut self, job: BuyerJob<'a>, output: &'a Path) -> Self {
        self.jobs.push((job, output));
        self
    }

    /// How many jobs.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Runs every job over one pass of `records`: each job's receipt, or
    /// the error that stopped it, in the order added. One job's error stops
    /// that job alone.
    pub fn write<I>(self, records: I) -> Vec<Result<Receipt, ExportError>>
    where
        I: IntoIterator<Item = Result<Record, ReadError>>,
    {
        std::thread::scope(|scope| {
            let mut senders: Vec<Option<SyncSender<Arc<Vec<Shared>>>>> = Vec::new();
            let mut handles = Vec::new();
            for (job, output) in self.jobs {
                let (send, receive) = sync_channel(WAITING);
                senders.push(Some(send));
                handles.push(scope.spawn(move || job.write_to_path(items(receive), output)));
            }
            let mut batch = Vec::with_capacity(BATCH);
            for item in records {
                batch.push(item.map(Arc::new));
                if batch.len() == BATCH && !hand_out(&mut senders, &mut batch) {
                    break;
                }
            }
            hand_out(&mut senders, &mut batch);
            drop(senders);
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }
}

/// Hands a batch to every job still reading; `false` once none is.
fn hand_out(senders: &mut [Option<SyncSender<Arc<Vec<Shared>>>>], batch: &mut Vec<Shared>) -> bool {
    if batch.is_empty() {
        return senders.iter().any(Option::is_some);
    }
    let shared = Arc::new(std::mem::replace(batch, Vec::with_capacity(BATCH)));
    for sender in senders.iter_mut() {
        // A job that stopped (an error) has dropped its end: it reads no
        // more, and the others go on.
        if sender
            .as_ref()
            .is_some_and(|s| s.send(Arc::clone(&shared)).is_err())
        {
            *sender = None;
        }
    }
    senders.iter().any(Option::is_some)
}

/// One job's view of the batches: each record shared, each error its own.
fn items(receive: Receiver<Arc<Vec<Shared>>>) -> impl Iterator<Item = Shared> {
    receive.into_iter().flat_map(|batch| {
        (0..batch.len()).filter_map(move |i| {
            batch.get(i).map(|item| match item {
                Ok(record) => Ok(Arc::clone(record)),
                Err(e) => Err(e.duplicate()),
            })
        })
    })
}
