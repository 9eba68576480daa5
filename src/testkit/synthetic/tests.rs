use super::*;

#[test]
fn shuffled_ids_are_the_same_ids_in_another_order() {
    for count in [0, 1, 2, 16, 1000, REPEATED_EVERY + 5] {
        let ids = |data: Synthetic| -> Vec<u64> {
            data.rows().map(|r| r.subject_id.parse().unwrap()).collect()
        };
        let data = Synthetic::new(count, 4);
        let (sorted, shuffled) = (ids(data), ids(data.shuffled()));
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
        // One id per person, each person's id once, both ways.
        let distinct = |mut ids: Vec<u64>| {
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let people = count - count / REPEATED_EVERY;
        assert!(distinct(sorted.clone()).len() as u64 == people, "{count}");
        assert!(distinct(shuffled.clone()).len() as u64 == people, "{count}");
        assert!(
            shuffled
                .iter()
                .all(|id| (100_000..100_000 + count).contains(id))
        );
        assert!(count <= 16 || shuffled != sorted, "{count}");
    }
}

#[test]
fn a_repeated_row_is_the_row_before_it_withdrawn() {
    let rows: Vec<CrmRow> = Synthetic::new(REPEATED_EVERY + 1, 9).rows().collect();
    let i = REPEATED_EVERY as usize - 1;
    assert_eq!(rows[i].subject_id, rows[i - 1].subject_id);
    assert_eq!(rows[i].parent_name, rows[i - 1].parent_name);
    assert!(!rows[i].consent_withdrawn_at.is_empty());
    assert_ne!(rows[i].subject_id, rows[i + 1].subject_id);
}

#[test]
fn rows_parse_unless_malformed() {
    let data = Synthetic::new(30_000, 1);
    let mut malformed = 0;
    for (i, row) in data.rows().enumerate() {
        let parsed = row.to_record_at(i as u64 + 1);
        assert_eq!(parsed.is_err(), data.is_malformed(i as u64), "row {i}");
        malformed += u64::from(parsed.is_err());
    }
    assert!(malformed > 0, "a few rows are malformed");
}
