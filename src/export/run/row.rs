//! One record's row: the schema's columns, and each field's outcome written
//! to the output, counted and logged.

use super::*;

/// Builds one output row from a clearance's outcomes.
pub(super) struct Row<'a, K> {
    pub(super) sink: &'a mut K,
    pub(super) tally: &'a mut Tally,
    /// Each field's outcome, where a decision log is kept.
    pub(super) fields: Option<&'a mut Vec<FieldOutcome>>,
    /// The consents to its channels an emitted field relied on.
    pub(super) channels: &'a dyn Fn(Category) -> Vec<(PurposeKind, usize)>,
    pub(super) required: &'static [&'static str],
    /// The position in the schema of the next field.
    pub(super) position: usize,
    pub(super) missing_required: bool,
    pub(super) error: Option<std::io::Error>,
}

impl<P: Purpose, X, K: Sink> SchemaVisitor<P, X> for Row<'_, K> {
    fn field<F: FieldFor<P, X>>(&mut self, outcome: Result<Option<&F::Value>, Refusal>) {
        let position = self.position;
        self.position += 1;
        let logged = match outcome {
            Ok(Some(value)) => {
                if let Err(e) = self.sink.value(F::NAME, value) {
                    self.error.get_or_insert(e);
                }
                self.tally.value_emitted(position);
                if let Some(fields) = self.fields.as_mut() {
                    fields.push(FieldOutcome {
                        field: F::NAME,
                        category_dpv: <F::Category as CategoryType>::CATEGORY.dpv(),
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
                category_dpv: <F::Category as CategoryType>::CATEGORY.dpv(),
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
