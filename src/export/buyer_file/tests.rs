use super::*;

#[test]
fn reads_a_buyer_file() {
    let file = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"political_campaigning","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(file.purpose(), PurposeKind::PoliticalCampaigning);
    assert_eq!(file.format(), Format::Csv);
}

#[test]
fn errors_name_the_field() {
    let unknown = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"politics","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap_err();
    assert!(
        unknown
            .to_string()
            .starts_with("buyer file, field `purpose`: not a purpose name"),
        "{unknown}"
    );
    assert!(!unknown.to_string().contains("politics"));
    let blank = BuyerFile::from_json(
        br#"{"buyer":" ","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap_err();
    assert!(blank.to_string().contains("buyer's name is blank"));
    let bad_date = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"May 2017"}"#,
    )
    .unwrap_err();
    assert!(matches!(bad_date, BuyerFileError::AsOf));
    let no_zone = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00"}"#,
    )
    .unwrap_err();
    assert!(matches!(no_zone, BuyerFileError::AsOf), "{no_zone}");
    let not_json = BuyerFile::from_json(b"{\n  \"buyer\": nope").unwrap_err();
    assert!(
        matches!(not_json, BuyerFileError::Json { line: 2, .. }),
        "{not_json}"
    );
    assert!(!not_json.to_string().contains("nope"));
    let missing = BuyerFile::from_json(
        br#"{"buyer":"A","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap_err();
    assert_eq!(
        missing.to_string(),
        "buyer file: missing field `end_recipient`"
    );
    let typo = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","jane@example.org":1}"#,
    )
    .unwrap_err();
    assert!(matches!(typo, BuyerFileError::UnknownField { .. }));
    let misspelt = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","fromat":"csv"}"#,
    )
    .unwrap_err();
    assert!(
        misspelt
            .to_string()
            .starts_with("buyer file, field `fromat`:"),
        "{misspelt}"
    );
    assert!(!typo.to_string().contains("jane"));
    let number = BuyerFile::from_json(
        br#"{"buyer":7,"end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z"}"#,
    )
    .unwrap_err();
    assert_eq!(
        number.to_string(),
        "buyer file, field `buyer`: not a string"
    );
    let format = BuyerFile::from_json(
        br#"{"buyer":"A","end_recipient":"B","purpose":"research","as_of":"2017-05-01T00:00:00Z","format":"xlsx"}"#,
    )
    .unwrap_err();
    assert!(matches!(format, BuyerFileError::Format));
}
