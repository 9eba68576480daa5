//! Round trips through each importer: consent events written in the
//! platform's format (by the test kit's writers) read back equal, and
//! reading any text never panics.

use consent_gate::import::{Imported, read_dpv, read_kantara, read_salesforce};
use consent_gate::platforms::Platform;
use consent_gate::synthetic::import;
use consent_gate::{ConsentEvent, SubjectId, strategy};
use proptest::prelude::*;

type Events = Vec<(SubjectId, ConsentEvent)>;

fn round_trip(events: &Events, write: Write, read: Read) -> Result<(), TestCaseError> {
    let text = write(events).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Result<Events, _> = read(&import::broker(), std::io::Cursor::new(text)).collect();
    match back {
        Ok(back) => prop_assert_eq!(&back, events),
        Err(e) => prop_assert!(false, "{}", e),
    }
    Ok(())
}

type Write = fn(&Events) -> Result<Vec<u8>, import::Unwritable>;
type Read = fn(&consent_gate::Broker, std::io::Cursor<Vec<u8>>) -> Imported<'static>;

fn damaged(
    events: &Events,
    write: Write,
    read: Read,
    at: prop::sample::Index,
    byte: u8,
) -> Result<(), TestCaseError> {
    let mut text = write(events).map_err(|e| TestCaseError::fail(e.to_string()))?;
    if text.is_empty() {
        return Ok(());
    }
    let at = at.index(text.len());
    text[at] = byte;
    let lines = text.iter().filter(|b| **b == b'\n').count() + 1;
    let mut errors = 0;
    for item in read(&import::broker(), std::io::Cursor::new(text)) {
        if let Err(e) = item {
            errors += 1;
            prop_assert!(e.line().is_none_or(|l| l as usize <= lines), "{}", e);
        }
    }
    prop_assert!(errors <= lines);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn dpv_records_read_back_as_written(events in strategy::importable_events(Platform::Dpv)) {
        round_trip(&events, |e| import::write_dpv(e), read_dpv)?;
    }

    #[test]
    fn kantara_receipts_read_back_as_written(events in strategy::importable_events(Platform::Kantara)) {
        round_trip(&events, |e| import::write_kantara(e), read_kantara)?;
    }

    #[test]
    fn salesforce_rows_read_back_as_written(events in strategy::importable_events(Platform::Salesforce)) {
        round_trip(&events, |e| import::write_salesforce(e), read_salesforce)?;
    }

    /// A file with one byte changed anywhere reads as events or errors,
    /// never a panic, and stops only at an error that is not a record's.
    #[test]
    fn a_damaged_file_never_panics(
        dpv in strategy::importable_events(Platform::Dpv),
        kantara in strategy::importable_events(Platform::Kantara),
        salesforce in strategy::importable_events(Platform::Salesforce),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        damaged(&dpv, |e| import::write_dpv(e), read_dpv, at, byte)?;
        damaged(&kantara, |e| import::write_kantara(e), read_kantara, at, byte)?;
        damaged(&salesforce, |e| import::write_salesforce(e), read_salesforce, at, byte)?;
    }
}

/// Each writer refuses what its format cannot say rather than write
/// something else.
#[test]
fn a_writer_refuses_what_its_format_cannot_say() {
    use chrono::{TimeZone, Utc};
    use consent_gate::{ConsentChange, Purposes};
    let at = Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap();
    let objected = vec![(
        SubjectId(1),
        ConsentEvent::Changed(ConsentChange::objected(at)),
    )];
    let refused = vec![(
        SubjectId(1),
        ConsentEvent::Changed(ConsentChange::refused(Purposes::RESEARCH, at)),
    )];
    assert!(import::write_dpv(&objected).is_err());
    assert!(import::write_dpv(&refused).is_ok());
    assert!(import::write_kantara(&refused).is_err());
    assert!(import::write_salesforce(&refused).is_err());
}
