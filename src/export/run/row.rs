//! One record's row: the schema's columns, and each field's outcome written
//! to the output, counted and logged.

use super::*;

/// Collects a schema's field names, column suffixes and categories.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) names: Vec<(&'static str, &'static [&'static str])>,
    pub(super) categories: Vec<&'static str>,
}

impl<X> FieldTypeVisitor<X> for Columns {
    fn field<F: Field<X>>(&mut self) {
        self.names.push((F::NAME, <F::Value as Encode>::COLUMNS));
        self.categories
            .push(<F::Category as CategoryType>::CATEGORY.name());
    }
}

/// Builds one output row from a clearance's outcomes.
pub(super) struct Row<'a, K> {
    pub(super) sink: &'a mut K,
    pub(super) tally: &'a mut Tally,
    /// Each field's outcome, where a decision log is kept.
    pub(super) fields: Option<&'a mut Vec<FieldOutcome>>,
    /// The consents to its channels an emitted field relied on.
    pub(super) channels: &'a dyn Fn(Category) -> Vec<(PurposeKind, usize)>,
    pub(super) required: &'static [&'static str],
    pub(super) missing_required: bool,
    pub(super) error: Option<std::io::Error>,
}

impl<'r, P: Purpose, X, K: Sink> SchemaVisitor<'r, P, X> for Row<'_, K> {
    fn field<F: FieldFor<P, X>>(&mut self, outcome: Result<Option<&'r F::Value>, Refusal>) {
        let logged = match outcome {
            Ok(Some(value)) => {
                if let Err(e) = self.sink.value(F::NAME, value) {
                    self.error.get_or_insert(e);
                }
                if let Some(fields) = self.fields.as_mut() {
                    fields.push(FieldOutcome {
                        field: F::NAME,
                        outcome: "emitted",
                        reason: None,
                        channels: (self.channels)(<F::Category as CategoryType>::CATEGORY)
                            .into_iter()
                            .map(|(channel, consent)| ChannelRef { channel, consent })
                            .collect(),
                    });
                }
                return;
            }
            Ok(None) => ("absent", None),
            Err(refusal) => {
                let category = <F::Category as CategoryType>::CATEGORY;
                self.tally.withheld(category.name(), refusal);
                ("withheld", Some(refusal.code()))
            }
        };
        if let Some(fields) = self.fields.as_mut() {
            fields.push(FieldOutcome {
                field: F::NAME,
                outcome: logged.0,
                reason: logged.1,
                channels: Vec::new(),
            });
        }
        self.sink.absent::<F::Value>(F::NAME);
        if self.required.contains(&F::NAME) {
            self.missing_required = true;
        }
    }
}
