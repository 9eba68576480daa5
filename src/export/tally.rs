//! [`Tally`]: an export's running counts, cheap to bump per record, and
//! the [`Receipt`] they make at the end.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::columns::SchemaColumns;
use super::options::Format;
use super::receipt::{REQUIRED_FIELD_WITHHELD, Receipt, SET_ASIDE_LISTED, SetAside, ValuesEmitted};
use crate::notice::NoticeVersion;
use crate::purpose::PurposeKind;
use crate::refusal::Refusal;

/// Counts by a small set of keys that recur, cheap to bump per record: a
/// short list searched by identity first (the keys are `'static` names,
/// nearly always the very same), so the usual bump compares no text; by
/// value only when no entry is the key itself. Sorted only at the end.
#[derive(Debug)]
pub(crate) struct Counter<K>(Vec<(K, u64)>);

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

/// A key that is cheap to compare by identity before by value.
pub(crate) trait Key: Copy + Ord {
    /// Whether `other` is this very key: for a name, the same text at the
    /// same address. Equal keys may fail it (the same name at two
    /// addresses); the counter then compares them by value.
    fn identical(self, other: Self) -> bool;
}

impl Key for &'static str {
    fn identical(self, other: Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Key for (&'static str, &'static str) {
    fn identical(self, other: Self) -> bool {
        self.0.identical(other.0) && self.1.identical(other.1)
    }
}

impl Key for NoticeVersion {
    fn identical(self, other: Self) -> bool {
        self == other
    }
}

impl<K: Key> Counter<K> {
    pub(crate) fn add(&mut self, key: K, n: u64) {
        let entries = &mut self.0;
        let at = match entries.iter().position(|(k, _)| k.identical(key)) {
            Some(at) => Some(at),
            None => entries.iter().position(|(k, _)| *k == key),
        };
        match at.and_then(|at| entries.get_mut(at)) {
            Some((_, count)) => *count += n,
            None => entries.push((key, n)),
        }
    }

    fn sorted(self) -> BTreeMap<K, u64> {
        let mut map = BTreeMap::new();
        for (k, n) in self.0 {
            *map.entry(k).or_default() += n;
        }
        map
    }
}

/// The notice of a record's latest consent, which the receipt counts it
/// under.
pub(crate) fn notice_of<X>(record: &crate::record::Record<X>) -> Option<NoticeVersion> {
    record.consents().latest().map(|consent| consent.notice())
}

/// One record's counts, taken from a tally on one thread to be added on
/// another ([`Tally::take_record`]).
#[derive(Debug, Clone)]
pub(crate) struct RecordCounts {
    /// The notice it is counted under.
    pub(crate) notice: Option<NoticeVersion>,
    /// Whether it was emitted.
    pub(crate) emitted: bool,
    /// The reason it was dropped, if it was.
    dropped: Option<&'static str>,
    /// Its withheld fields, in [`Spill::withheld`].
    withheld: std::ops::Range<usize>,
    /// The positions of its values emitted, in [`Spill::values`].
    values: std::ops::Range<usize>,
}

/// The lists of the [`RecordCounts`] of one chunk's records.
#[derive(Debug, Default)]
pub(crate) struct Spill {
    withheld: Vec<((&'static str, &'static str), u64)>,
    values: Vec<usize>,
}

/// The running counts of an export, cheap to update per record.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) records_in: u64,
    pub(crate) emitted: u64,
    pub(crate) set_aside: Vec<SetAside>,
    pub(crate) set_aside_unlisted: u64,
    /// Records dropped, by refusal code or [`REQUIRED_FIELD_WITHHELD`].
    dropped: Counter<&'static str>,
    /// Fields withheld in records that passed the record-level rules.
    withheld: Counter<(&'static str, &'static str)>,
    pub(crate) notices: Counter<NoticeVersion>,
    /// Values emitted, by the field's position in the schema.
    values: Vec<u64>,
}

impl Tally {
    /// The counts of an export whose schema has `fields` fields.
    pub(crate) fn new(fields: usize) -> Self {
        Self {
            values: vec![0; fields],
            ..Self::default()
        }
    }

    /// A row set aside for `error`.
    pub(crate) fn set_aside(&mut self, error: &crate::crm::ReadError) {
        if self.set_aside.len() < SET_ASIDE_LISTED {
            self.set_aside.push(SetAside {
                line: error.line().unwrap_or(0),
                field: error.field().map(Cow::Borrowed),
                problem: Cow::Borrowed(error.code()),
                events: error.in_events(),
            });
        } else {
            self.set_aside_unlisted += 1;
        }
    }

    /// A record read: counted under the notice of its latest consent.
    pub(crate) fn notice_of<X>(&mut self, record: &crate::record::Record<X>) {
        self.notice(notice_of(record));
    }

    /// A record read under `notice` ([`notice_of`]).
    pub(crate) fn notice(&mut self, notice: Option<NoticeVersion>) {
        if let Some(notice) = notice {
            self.notices.add(notice, 1);
        }
    }

    /// Takes the counts of the one record this tally has counted since
    /// it was new or last taken, leaving it as new:
    /// the record was judged on another thread, and its counts are added
    /// where the export decides it ([`Tally::add_record`]). Lists go to
    /// `spill`, shared by the records of a chunk.
    pub(crate) fn take_record(&mut self, spill: &mut Spill) -> RecordCounts {
        let withheld_start = spill.withheld.len();
        spill.withheld.append(&mut self.withheld.0);
        let values_start = spill.values.len();
        for (position, n) in self.values.iter_mut().enumerate() {
            if *n > 0 {
                spill.values.push(position);
                *n = 0;
            }
        }
        let counts = RecordCounts {
            notice: self.notices.0.pop().map(|(notice, _)| notice),
            emitted: std::mem::take(&mut self.emitted) > 0,
            dropped: self.dropped.0.pop().map(|(code, _)| code),
            withheld: withheld_start..spill.withheld.len(),
            values: values_start..spill.values.len(),
        };
        self.notices.0.clear();
        self.dropped.0.clear();
        counts
    }

    /// Adds the counts of a record judged on another thread.
    pub(crate) fn add_record(&mut self, counts: &RecordCounts, spill: &Spill) {
        self.notice(counts.notice);
        self.emitted += u64::from(counts.emitted);
        if let Some(code) = counts.dropped {
            self.dropped(code);
        }
        for (key, n) in spill
            .withheld
            .get(counts.withheld.clone())
            .unwrap_or_default()
        {
            self.withheld.add(*key, *n);
        }
        for position in spill.values.get(counts.values.clone()).unwrap_or_default() {
            self.value_emitted(*position);
        }
    }

    /// A value emitted, for the schema's field at `position`.
    #[inline]
    pub(crate) fn value_emitted(&mut self, position: usize) {
        if let Some(n) = self.values.get_mut(position) {
            *n += 1;
        }
    }

    /// A field refused in a record that passed the record-level rules.
    pub(crate) fn withheld(&mut self, category: &'static str, refusal: Refusal) {
        self.withheld.add((category, refusal.code()), 1);
    }

    /// A record dropped whole, for a record-level refusal or
    /// [`REQUIRED_FIELD_WITHHELD`].
    pub(crate) fn dropped(&mut self, code: &'static str) {
        self.dropped.add(code, 1);
    }

    /// The receipt of the finished export. `schema` lists the category of
    /// each field of the schema: a record dropped for a record-level
    /// refusal withheld every one of them for that reason.
    pub(crate) fn into_receipt(
        self,
        head: ReceiptHead,
        schema: &SchemaColumns,
        neutralised: u64,
        sha256: String,
    ) -> Receipt {
        let mut values_emitted: BTreeMap<String, ValuesEmitted> = BTreeMap::new();
        for (position, (source, coarsened)) in schema.sources.iter().enumerate() {
            let count = values_emitted.entry((*source).to_owned()).or_default();
            let n = self.values.get(position).copied().unwrap_or(0);
            if *coarsened {
                count.coarsened += n;
            } else {
                count.exact += n;
            }
        }
        let dropped = self.dropped.sorted();
        let mut withheld_counts = self.withheld;
        for (code, n) in &dropped {
            if *code != REQUIRED_FIELD_WITHHELD {
                for category in &schema.categories {
                    withheld_counts.add((category, code), *n);
                }
            }
        }
        let mut withheld: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for ((category, code), count) in withheld_counts.sorted() {
            withheld
                .entry(category.to_owned())
                .or_default()
                .insert(code.to_owned(), count);
        }
        let categories_dpv = withheld
            .keys()
            .filter_map(|name| {
                let iri = crate::category::Category::builtin(name)?.dpv()?;
                Some((name.clone(), iri.to_owned()))
            })
            .collect();
        Receipt {
            buyer: head.buyer,
            end_recipient: head.end_recipient,
            purpose: head.purpose,
            purpose_dpv: head.purpose.dpv().to_owned(),
            as_of: head.as_of,
            format: head.format,
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            config_sha256: head.config_sha256,
            declaration_refused: head.declaration_refused.map(str::to_owned),
            exact_data_reason: head.exact_data_reason,
            records_in: self.records_in,
            records_emitted: self.emitted,
            records_dropped: dropped.values().sum(),
            records_set_aside: self.set_aside.len() as u64 + self.set_aside_unlisted,
            set_aside: self.set_aside,
            set_aside_unlisted: self.set_aside_unlisted,
            dropped: dropped
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            withheld,
            categories_dpv,
            values_emitted,
            formula_cells_neutralised: neutralised,
            notice_versions: self
                .notices
                .sorted()
                .into_iter()
                .map(|(v, n)| (v.to_string(), n))
                .collect(),
            output_sha256: sha256,
            decision_log_sha256: head.decision_log_sha256,
        }
    }
}

/// The declaration's part of a receipt.
pub(crate) struct ReceiptHead {
    pub(crate) buyer: String,
    pub(crate) end_recipient: String,
    pub(crate) purpose: PurposeKind,
    pub(crate) as_of: DateTime<Utc>,
    pub(crate) format: Format,
    pub(crate) config_sha256: String,
    pub(crate) declaration_refused: Option<&'static str>,
    pub(crate) exact_data_reason: Option<String>,
    pub(crate) decision_log_sha256: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter bumped per record keeps one entry per key, whether the
    /// key's text is the same pointer or an equal text elsewhere: a list
    /// that grew per record would hold millions of entries.
    #[test]
    fn a_counter_keeps_one_entry_per_key() {
        let (a, b): (&'static str, &'static str) = (
            String::from("withdrawn").leak(),
            String::from("withdrawn").leak(),
        );
        assert!(!std::ptr::eq(a, b));
        let mut names = Counter::default();
        let mut pairs = Counter::default();
        let mut notices = Counter::default();
        for _ in 0..3 {
            for key in [a, b, "expired"] {
                names.add(key, 1);
                pairs.add(("name", key), 1);
            }
            notices.add(NoticeVersion(1), 2);
            notices.add(NoticeVersion(2), 1);
        }
        assert_eq!((names.0.len(), pairs.0.len(), notices.0.len()), (2, 2, 2));
        assert_eq!(names.sorted().get("withdrawn"), Some(&6));
        assert_eq!(notices.sorted().get(&NoticeVersion(1)), Some(&6));
    }
}
