//! What the readers' tests share: an item as a comparison sees it, and a
//! file damaged at many places, read on one thread and on several.

use super::parallel::CHUNK;
use super::*;

/// An item as the comparison sees it: every detail of an error, and the
/// record as its `Debug` shows it.
pub(super) fn seen(item: Result<Record, ReadError>) -> String {
    match item {
        Ok(record) => format!("{record:?}"),
        Err(e) => format!(
            "{e} {} {:?} {:?} {}",
            e.code(),
            e.line(),
            e.subject(),
            e.is_row_level()
        ),
    }
}

/// Sets one byte of `clean` at each of `places` places, to each of
/// `damage` in turn, and checks that `read(input, threads, chunk)` gives
/// on several threads, with chunks small and large, what it gives on one.
pub(super) fn damage_reads_the_same(
    clean: &[u8],
    damage: &[u8],
    places: usize,
    read: impl Fn(&[u8], usize, usize) -> Vec<String>,
) {
    for i in 0..places {
        let mut input = clean.to_vec();
        let at = (i * 7_919 + 13) % input.len();
        input[at] = damage[i % damage.len()];
        let one = read(&input, 1, CHUNK);
        for (threads, chunk) in [(2, 1), (3, 600), (2, 4_500)] {
            assert_eq!(
                read(&input, threads, chunk),
                one,
                "byte {at}, {threads} threads, chunks of {chunk}"
            );
        }
    }
}
