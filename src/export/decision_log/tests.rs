use super::*;
use crate::scope::ConsentSource;

/// Every shape of line, with text that needs escaping where text comes
/// from the input: the hand-written bytes are serde_json's.
#[test]
fn lines_are_written_as_serde_json_writes_them() {
    let field = |channels: Vec<ChannelRef>, dpv, reason| FieldOutcome {
        field: "phone",
        category_dpv: dpv,
        outcome: "withheld",
        reason,
        channels,
    };
    let channels = || {
        vec![
            ChannelRef {
                channel: PurposeKind::MarketingSms,
                consent: 0,
            },
            ChannelRef {
                channel: PurposeKind::MarketingPhone,
                consent: 12,
            },
        ]
    };
    let fields = [
        field(Vec::new(), None, None),
        field(
            Vec::new(),
            Some("https://w3id.org/dpv/pd#Name"),
            Some("not_granted"),
        ),
        field(channels(), Some("x"), None),
    ];
    let mut lines = Vec::new();
    for (line, subject_id, reason, field) in [
        (None, None, None, None),
        (Some(7), Some(100_000), Some("ragged"), Some("town")),
        (Some(u64::MAX), None, Some("truncated"), None),
    ] {
        lines.push(Line {
            record: 3,
            line,
            subject_id,
            outcome: "set_aside",
            reason,
            field,
            consent: None,
            fields: &[],
        });
    }
    let names = [
        None,
        Some("Bright \"Nursery\" \\ Supplies\n\u{1}\u{7f} Zo\u{eb}"),
        Some(""),
    ];
    let kinds = PurposeKind::ALL.iter().copied();
    for (i, purpose) in kinds.enumerate() {
        let source = [ConsentSource::Direct, ConsentSource::ThirdParty][i % 2];
        let consent = ConsentRef {
            index: i,
            purpose,
            purpose_dpv: purpose.dpv(),
            notice: NoticeVersion([0, 7, u32::MAX][i % 3]),
            given_at: "2016-03-04T05:48:53.250Z".into(),
            collection: source,
            collected_by: names[i % names.len()],
        };
        lines.push(Line {
            record: i as u64,
            line: None,
            subject_id: Some(100_000 + i as u64),
            outcome: "emitted",
            reason: None,
            field: None,
            consent: Some(consent),
            fields: fields.get(..i % 4).unwrap_or(&fields),
        });
    }
    lines.push(Line {
        record: 9,
        line: None,
        subject_id: Some(1),
        outcome: "dropped",
        reason: Some("required_field_withheld"),
        field: None,
        consent: None,
        fields: &fields,
    });
    for line in &lines {
        let mut ours = Vec::new();
        line.write_json(&mut ours).unwrap();
        let theirs = serde_json::to_vec(line).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }
    assert!(lines.len() > 12);
}
